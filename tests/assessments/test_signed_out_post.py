"""A page sent after the session ended is kept for its sender, never saved unseen."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from casescreen.accounts.kept_post import KEY
from casescreen.assessments.models import Answer, Assessment, PracticeExample
from tests.conftest import PASSWORD
from tests.signed_out import opened_page, send_after_the_session_ended, session_ends

EVIDENCE = "Seen in the plan of 3 May, and in the review."


def _page(case: Any) -> dict[str, str]:
    return {
        "case_reference": case.reference,
        "q1_1_offending_understood-value": "no",
        "q1_1_offending_understood-evidence": EVIDENCE,
        "q1_1_offending_understood-version": "0",
    }


def _sign_in(client: Client, user: Any, page: str) -> Any:
    return client.post(
        f"{reverse('login')}?next={page}", {"username": user.username, "password": PASSWORD}
    )


def test_the_sender_finds_the_page_as_sent_after_signing_in_and_saves_it(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(inspector)
    page = url("theme", case, "1")
    send_after_the_session_ended(client, page, _page(case))
    assert not Answer.objects.exists()

    assert _sign_in(client, inspector, page)["Location"] == page
    html = client.get(page).content.decode()
    assert "Not saved: you had been signed out when you sent this page." in html
    assert EVIDENCE in html
    assert 'name="q1_1_offending_understood-value" type="radio" value="no" checked' in html
    assert not Answer.objects.exists()  # shown, not saved: the inspector checks it first

    # Shown once: the page opened again is the saved state.
    again = client.get(page).content.decode()
    assert "Not saved: you had been signed out" not in again
    assert EVIDENCE not in again

    assert (
        client.post(page, {**_page(case), "sender": opened_page(client, page)}).status_code == 302
    )
    assert Answer.objects.get().evidence == EVIDENCE


def test_an_assessment_completed_meanwhile_shows_its_answers_not_what_was_sent(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(inspector)
    page = url("theme", case, "1")
    send_after_the_session_ended(client, page, _page(case))
    Assessment.objects.filter(case=case).update(status=Assessment.Status.COMPLETED)

    _sign_in(client, inspector, page)
    html = client.get(page).content.decode()
    assert "This assessment is completed" in html
    assert EVIDENCE not in html
    assert "Not saved: you had been signed out" not in html


def test_someone_else_signing_in_at_the_browser_never_sees_what_was_sent(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(inspector)
    page = url("theme", case, "1")
    send_after_the_session_ended(client, page, _page(case))

    _sign_in(client, lead_inspector, page)
    html = client.get(page).content.decode()
    assert "Not saved: you had been signed out" not in html
    assert EVIDENCE not in html
    assert KEY not in client.session  # and nobody gets it later
    assert not Answer.objects.exists()


def test_a_page_sent_without_a_valid_sender_is_not_shown_again(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(inspector)
    page = url("theme", case, "1")
    send_after_the_session_ended(client, page, {**_page(case), "sender": "forged"})

    _sign_in(client, inspector, page)
    html = client.get(page).content.decode()
    assert EVIDENCE not in html
    assert "Not saved: you had been signed out" not in html


def test_other_pages_sent_after_the_session_ended_are_not_kept(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(inspector)
    session_ends()
    response = client.post(
        url("answer_save", case),
        {"case_reference": case.reference, "question_id": "q1_1_offending_understood"},
    )
    assert response.status_code == 302
    assert KEY not in client.session


def test_a_practice_example_sent_after_the_session_ended_is_shown_again(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(inspector)
    page = url("practice_examples", case)
    quote = "The case manager saw Sam every week and wrote down what Sam said."
    send_after_the_session_ended(
        client, page, {"paragraph": "1.4", "pseudonym": "Sam", "text": quote}
    )

    client.force_login(inspector)  # Django's login(), as the sign-in page calls it
    response = client.get(page)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not saved: you had been signed out when you sent this page." in html
    assert "choose Add the example to save it" in html
    assert quote in html
    assert not PracticeExample.objects.exists()
