"""WSGI entry point (gunicorn casescreen.wsgi)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casescreen.settings")
application = get_wsgi_application()
