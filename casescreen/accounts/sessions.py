"""Database sessions, read with one hand-written statement.

Every signed-in request reads its session; the ORM took longer to build that
``SELECT`` than the database took to run it (``bench/answer_load.py``). Writing,
expiry and everything else stay Django's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        key = self.session_key  # None unless a well-formed key was given
        row = None
        if key:
            alias = router.db_for_read(self.model)
            connection = connections[alias]
            table = connection.ops.quote_name(self.model._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608 - the model's table
                    [key, connection.ops.adapt_datetimefield_value(timezone.now())],
                )
                row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])
