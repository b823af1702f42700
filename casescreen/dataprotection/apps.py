from __future__ import annotations

from django.apps import AppConfig


class Config(AppConfig):
    name = "casescreen.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"
