from __future__ import annotations

from django.apps import AppConfig


class Config(AppConfig):
    name = "casescreen.moderation"
    label = "moderation"
    verbose_name = "moderation"

    def ready(self) -> None:
        from casescreen.cases.access import register_case_screen
        from casescreen.moderation.access import blind_to_first_assessment

        register_case_screen(blind_to_first_assessment)
