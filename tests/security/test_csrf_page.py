"""A form refused by its security check says what happened and what to do."""

from __future__ import annotations

from typing import Any

from django.test import Client

from casescreen.accounts.models import User
from tests.conftest import PASSWORD


def test_a_form_sent_with_an_out_of_date_token_says_what_to_do(inspector: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/sign-in/")
    token = page.cookies["csrftoken"].value
    signed_in = client.post(
        "/sign-in/",
        {"username": inspector.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert signed_in.status_code == 302
    # Signing in gave the browser a new token: a form from before it is out of date.
    password = User.objects.get(pk=inspector.pk).password

    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase-2016",
            "new_password2": "another-long-passphrase-2016",
            "csrfmiddlewaretoken": token,
        },
    )

    assert response.status_code == 403
    page_text = response.content.decode()
    assert "Your form could not be sent" in page_text
    assert "Go back, reload the page and send the form again." in page_text
    assert 'class="govuk-template' in page_text
    assert User.objects.get(pk=inspector.pk).password == password
