"""The case page shows the latest changes; the history page shows them all, by page."""

from __future__ import annotations

from typing import Any

from casescreen.assessments.models import Answer
from casescreen.assessments.selectors import HISTORY_PAGE_SIZE, RECENT_HISTORY
from casescreen.assessments.services import assessment_answer
from casescreen.audit.models import AuditEvent


def _changes(case: Any, user: Any, count: int) -> None:
    saved = Answer.objects.filter(
        assessment__case=case, question_id="q1_1_offending_understood"
    ).first()
    version = saved.version if saved else 0
    for _ in range(count):
        assessment_answer(
            user=user,
            case=case,
            question_id="q1_1_offending_understood",
            value="yes" if version % 2 == 0 else "no",
            evidence="",
            based_on_version=version,
        )
        version += 1


def _rows(html: str) -> int:
    body = html[html.index('id="history"') :] if 'id="history"' in html else html
    return body.count('<tr class="govuk-table__row">') - 1  # less the heading row


def test_the_case_page_shows_the_latest_changes_and_links_to_the_rest(
    case: Any, inspector: Any, as_user: Any
) -> None:
    client = as_user(inspector)
    url = f"/inspections/{case.inspection.reference}/cases/{case.reference}/"
    _changes(case, inspector, RECENT_HISTORY // 2)
    total = AuditEvent.objects.filter(case=case).exclude(action="view").count()
    assert total < RECENT_HISTORY
    page = client.get(url).content.decode()
    assert _rows(page) == total
    assert "See every change" not in page
    _changes(case, inspector, RECENT_HISTORY)
    # One more change than the page shows: the newest are shown and the link appears.
    assessment_answer(
        user=inspector,
        case=case,
        question_id="q1_2_psr_quality",
        value="yes",
        evidence="",
        based_on_version=0,
    )
    assert AuditEvent.objects.filter(case=case).exclude(action="view").count() > RECENT_HISTORY
    page = client.get(url).content.decode()
    assert _rows(page) == RECENT_HISTORY
    assert "q1_2_psr_quality" in page
    assert f'href="{url}history/"' in page


def test_the_history_page_shows_every_change_a_page_at_a_time(
    case: Any, inspector: Any, as_user: Any
) -> None:
    _changes(case, inspector, HISTORY_PAGE_SIZE + 5)
    total = AuditEvent.objects.filter(case=case).exclude(action="view").count()
    assert total > HISTORY_PAGE_SIZE
    client = as_user(inspector)
    url = f"/inspections/{case.inspection.reference}/cases/{case.reference}/history/"
    first = client.get(url)
    assert first.status_code == 200
    assert _rows(first.content.decode()) == HISTORY_PAGE_SIZE
    assert f"{total} changes" in first.content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert _rows(second) == total - HISTORY_PAGE_SIZE
    assert 'aria-current="page"' in second
    # A page number out of range or not a number shows a page, never an error.
    assert client.get(url + "?page=99").status_code == 200
    assert client.get(url + "?page=x").status_code == 200
    # Reading the history is recorded, like reading the case.
    assert AuditEvent.objects.filter(case=case, action="view").count() == 4
