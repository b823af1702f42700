from __future__ import annotations

from django.apps import AppConfig


class Config(AppConfig):
    name = "casescreen.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from casescreen.accounts.middleware import stamp_renewal_on_sign_in

        user_logged_in.connect(stamp_renewal_on_sign_in, dispatch_uid="stamp_renewal_on_sign_in")
