"""Password sign-in, with the signed-in user read by one hand-written statement.

``get_user`` runs on every signed-in request; building its query with the ORM took
longer than running it (``bench/answer_load.py``). Signing in, permissions and the
active-user rule are Django's ``ModelBackend``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from casescreen.accounts.models import User
from casescreen.web.rows import model_columns, model_from_row


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        alias = router.db_for_read(User)
        quote = connections[alias].ops.quote_name
        with connections[alias].cursor() as cursor:
            cursor.execute(
                f"SELECT {model_columns(User, alias)} FROM {quote(User._meta.db_table)}"  # noqa: S608 - the model's names
                f" WHERE {quote(str(User._meta.pk.column))} = %s",
                [user_id],
            )
            row = cursor.fetchone()
        if row is None:
            return None
        user = model_from_row(User, row, alias)
        return user if self.user_can_authenticate(user) else None
