from __future__ import annotations

from django.apps import AppConfig


class Config(AppConfig):
    name = "casescreen.quality"
    label = "quality"
    verbose_name = "quality assurance"
