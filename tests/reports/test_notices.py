"""The YOT manager is told when the factual accuracy check starts and when the report is
published, and during the check reads the whole draft and the versions under check."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from casescreen.cases.models import Case, CaseIdentity
from casescreen.notifications.models import SentEmail
from casescreen.reports.models import Report
from tests.reports.test_workflow import _section_post, _to_factual_accuracy, url

MANAGER_EMAIL = "manager@redbridge.example.org"
REPORT_URL = "http://127.0.0.1:8000/inspections/redbridge-2015-02/report/"


@pytest.fixture
def manager(demo: Any) -> Any:
    from casescreen.accounts.models import User

    user = User.objects.get(username="yotmanager")
    user.email = MANAGER_EMAIL
    user.save()
    # The register's address for the manager is the one written to.
    demo.yot.manager_email = MANAGER_EMAIL
    demo.yot.save()
    return user


def _no_case_details(messages: list[Any], inspection: Any) -> None:
    """No subject or body names a child or a case, or carries a case's details."""
    names = list(CaseIdentity.objects.filter(case__inspection=inspection))
    cases = list(Case.objects.filter(inspection=inspection))
    assert len(names) == len(cases) > 0
    words = [p for n in names for p in n.child_name.split() if len(p) > 2]
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        for case in cases:
            assert case.reference not in text
            if case.case_manager:
                assert case.case_manager not in text
        for word in words:
            assert not re.search(rf"\b{re.escape(word)}\b", text), word


def test_the_yot_manager_is_emailed_when_the_check_starts_and_on_publication(
    demo_report: Report,
    demo_lead: Any,
    manager: Any,
    as_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    lead = as_user(demo_lead)
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(url("report_transition"), {"to": "quality_assurance"})
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(url("report_transition"), {"to": "factual_accuracy"})
    [check] = mail.outbox
    assert check.to == [MANAGER_EMAIL]
    assert check.subject == "Factual accuracy check of the draft report: Redbridge YOT"
    assert REPORT_URL in check.body and "comment on any paragraph" in check.body

    # A publication refused (here: not from the lead) tells nobody.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        as_user(manager).post(url("report_publish"))
    assert callbacks == [] and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(url("report_publish"))
    demo_report.refresh_from_db()
    assert demo_report.status == Report.Status.PUBLISHED
    published = mail.outbox[1]
    assert published.to == [MANAGER_EMAIL]
    assert published.subject == "Inspection report published: Redbridge YOT"
    assert REPORT_URL in published.body
    published_on = demo_report.inspection.published_on
    assert published_on is not None and f"{published_on:%-d %B %Y}" in published.body
    sendings = SentEmail.objects.order_by("at", "id").values_list("kind", "status", "sent_by")
    assert [tuple(row) for row in sendings] == [
        ("factual_accuracy", "sent", demo_lead.pk),
        ("published", "sent", demo_lead.pk),
    ]
    _no_case_details(mail.outbox, demo_report.inspection)


def test_an_unreachable_mail_server_does_not_undo_the_move(
    demo_report: Report,
    demo_lead: Any,
    manager: Any,
    as_user: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    lead = as_user(demo_lead)
    with django_capture_on_commit_callbacks(execute=True):
        _to_factual_accuracy(lead)
    demo_report.refresh_from_db()
    assert demo_report.status == Report.Status.FACTUAL_ACCURACY
    failed = SentEmail.objects.get()
    assert (failed.kind, failed.status) == ("factual_accuracy", "failed")
    page = lead.get(url("report")).content.decode()
    assert "could not be sent" in page and f"/emails/{failed.pk}/retry/" in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = lead.post(
        f"/inspections/{demo_report.inspection.reference}/emails/{failed.pk}/retry/",
        {"back": "report"},
    )
    assert response["Location"] == url("report")
    assert [m.to for m in mail.outbox] == [[MANAGER_EMAIL]]
    assert REPORT_URL in mail.outbox[0].body


def _comment_block(page: str, key: str) -> str:
    start = page.index(f'id="c-p-{key.replace(".", "-")}"')
    return page[start : page.index('class="app-comment-block"', start + 1)]


def test_the_yot_manager_reads_every_paragraph_whole_and_the_versions_under_check(
    demo_report: Report, demo_lead: Any, manager: Any, as_user: Any
) -> None:
    lead = as_user(demo_lead)
    long_text = (
        "In all but two cases the case manager understood why the child had offended. "
        "Assessments drew on the views of the child and the family, on information from "
        "partner agencies and on previous records, and they explained clearly what would "
        "help the child stop offending. This closing sentence ends the paragraph here."
    )
    assert len(long_text) > 240
    earlier = demo_report.versions.count()
    lead.post(
        url("report_section", "theme-1"),
        _section_post(demo_report, "theme-1", **{"1_1": long_text}),
    )
    demo_report.refresh_from_db()
    under_check = demo_report.versions.count()
    assert under_check == earlier + 1
    _to_factual_accuracy(lead)

    client = as_user(manager)
    page = client.get(url("report")).content.decode()
    block = _comment_block(page, "1.1")
    assert long_text in block and "…" not in block
    assert "Comment on paragraph 1.1" in block
    # Any paragraph can be commented on.
    response = client.post(
        url("report_comment"), {"paragraph_key": "1.1", "text": "Three, not two."}
    )
    assert response.status_code == 302

    # The versions page shows the draft under check, not the earlier drafts.
    versions = client.get(url("report_versions")).content.decode()
    assert f"/versions/{under_check}.pdf" in versions
    assert "/versions/1.pdf" not in versions
    assert client.get(url("report_download", under_check, "html")).status_code == 200
    assert client.get(url("report_download", 1, "html")).status_code == 404
    # Saved during the check: the YOT manager sees that version too.
    demo_report.refresh_from_db()
    lead.post(
        url("report_section", "theme-1"),
        _section_post(demo_report, "theme-1", **{"1_1": long_text + " Corrected."}),
    )
    versions = client.get(url("report_versions")).content.decode()
    assert f"/versions/{under_check + 1}.pdf" in versions
