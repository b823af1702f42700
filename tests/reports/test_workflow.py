from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from casescreen.audit.models import AuditEvent
from casescreen.demo.data import write_redbridge_narrative
from casescreen.reports.models import Comment, ConsistencyOverride, Report, ReportVersion
from tests.reports.conftest import paragraph

REF = "redbridge-2015-02"


def url(name: str, *args: Any) -> str:
    return reverse(name, args=[REF, *args])


def _section_post(report: Report, section_id: str, **texts: str) -> dict[str, Any]:
    section = next(s for s in report.content["sections"] if s["id"] == section_id)
    data: dict[str, Any] = {"version": report.version}
    for p in section["paragraphs"]:
        data[f"text:{p['key']}"] = texts.get(p["key"].replace(".", "_"), p["text"])
    return data


@pytest.fixture
def yot_manager_demo(demo: Any) -> Any:
    from casescreen.accounts.models import User

    return User.objects.get(username="yotmanager")


def test_lead_writes_the_draft_from_the_findings(demo: Any, demo_lead: Any, as_user: Any) -> None:
    client = as_user(demo_lead)
    response = client.post(url("report_create"))
    assert response.status_code == 302
    report = Report.objects.get(inspection=demo)
    assert report.status == Report.Status.DRAFT
    assert report.versions.count() == 1
    page = client.get(url("report")).content.decode()
    assert "In all but two cases, the case manager understood" in page
    # What only the lead can write is listed as still to do, never left out unseen.
    assert page.count("is still to be written") == 4
    report = write_redbridge_narrative(report, demo_lead)
    assert "No problems" in client.get(url("report")).content.decode()


def test_editing_a_paragraph_to_all_cases_is_flagged_with_a_link(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    versions = demo_report.versions.count()
    data = _section_post(
        demo_report,
        "theme-1",
        **{"1_1": "In all cases, the case manager understood why the child offended."},
    )
    response = client.post(url("report_section", "theme-1"), data)
    assert response.status_code == 302
    demo_report.refresh_from_db()
    p11 = paragraph(demo_report, "1.1")
    assert p11["edited"] is True
    assert "In all but two cases" in p11["generated_text"]
    assert demo_report.versions.count() == versions + 1
    page = client.get(url("report")).content.decode()
    assert "says &quot;in all cases&quot; but the findings for it are 31 of 33" in page
    assert url("report_section", "theme-1") + "#p-1-1" in page
    assert AuditEvent.objects.filter(object_type="Report", action="change").exists()


def test_restoring_the_generated_text_clears_the_edited_mark(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    generated = paragraph(demo_report, "1.1")["generated_text"]
    client.post(
        url("report_section", "theme-1"),
        _section_post(demo_report, "theme-1", **{"1_1": "Changed."}),
    )
    demo_report.refresh_from_db()
    client.post(
        url("report_section", "theme-1"),
        _section_post(demo_report, "theme-1", **{"1_1": generated}),
    )
    demo_report.refresh_from_db()
    assert paragraph(demo_report, "1.1")["edited"] is False


def test_a_stale_edit_is_refused_and_nothing_is_saved(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    data = _section_post(demo_report, "theme-1", **{"1_1": "First."})
    client.post(url("report_section", "theme-1"), data)
    data["text:1.1"] = "Second, from an old page."
    response = client.post(url("report_section", "theme-1"), data)
    assert response.status_code == 400
    assert "Someone else saved the report" in response.content.decode()
    demo_report.refresh_from_db()
    assert paragraph(demo_report, "1.1")["text"] == "First."


def test_bad_section_input_gives_a_form_error_not_a_500(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    response = client.post(url("report_section", "theme-1"), {"version": "x"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert client.get(url("report_section", "no-such-section")).status_code == 404


def test_lead_quotes_a_practice_example(demo_report: Report, demo_lead: Any, as_user: Any) -> None:
    from casescreen.assessments.models import PracticeExample

    example = PracticeExample.objects.get(
        paragraph="1.2", assessment__case__inspection=demo_report.inspection
    )
    data = _section_post(demo_report, "theme-1")
    data["quotes:1.2"] = [str(example.pk)]
    response = as_user(demo_lead).post(url("report_section", "theme-1"), data)
    assert response.status_code == 302
    demo_report.refresh_from_db()
    assert paragraph(demo_report, "1.2")["quotes"][0]["text"].startswith("In writing the PSR")


@pytest.mark.parametrize(
    ("who", "status"),
    [("inspector", 403), ("yotmanager", 404), ("outsider", 404)],
)
def test_only_the_lead_edits(
    demo_report: Report, make_user: Any, as_user: Any, who: str, status: int
) -> None:
    from casescreen.accounts.models import User

    user = make_user("outsider") if who == "outsider" else User.objects.get(username=who)
    response = as_user(user).post(
        url("report_section", "theme-1"), _section_post(demo_report, "theme-1", **{"1_1": "x"})
    )
    assert response.status_code == status
    demo_report.refresh_from_db()
    assert paragraph(demo_report, "1.1")["edited"] is False


def test_yot_manager_sees_the_draft_only_at_factual_accuracy_and_comments(
    demo_report: Report, demo_lead: Any, yot_manager_demo: Any, as_user: Any
) -> None:
    lead, manager = as_user(demo_lead), as_user(yot_manager_demo)
    assert manager.get(url("report")).status_code == 404
    lead.post(url("report_transition"), {"to": "quality_assurance"})
    assert manager.get(url("report")).status_code == 404
    lead.post(url("report_transition"), {"to": "factual_accuracy"})
    page = manager.get(url("report"))
    assert page.status_code == 200
    assert "Consistency check" not in page.content.decode()
    response = manager.post(
        url("report_comment"), {"paragraph_key": "2.3", "text": "Two reviews were recorded late."}
    )
    assert response.status_code == 302
    comment = Comment.objects.get(report=demo_report)
    assert (comment.paragraph_key, comment.author) == ("2.3", yot_manager_demo)
    lead.post(
        url("report_comment"),
        {"paragraph_key": "2.3", "text": "Checked; the finding stands.", "parent": comment.pk},
    )
    reply = Comment.objects.get(parent=comment)
    assert reply.author == demo_lead
    # Comments are kept when the report goes back to draft and is published later.
    lead.post(url("report_transition"), {"to": "draft"})
    assert Comment.objects.filter(report=demo_report).count() == 2
    assert (
        manager.post(url("report_comment"), {"paragraph_key": "2.3", "text": "More"}).status_code
        == 404
    )


def test_bad_comment_and_transition_input_is_refused(
    demo_report: Report, demo_lead: Any, yot_manager_demo: Any, as_user: Any
) -> None:
    lead = as_user(demo_lead)
    assert lead.post(url("report_transition"), {"to": "published"}).status_code == 400
    assert lead.post(url("report_transition"), {"to": "factual_accuracy"}).status_code == 302
    demo_report.refresh_from_db()
    assert demo_report.status == Report.Status.DRAFT  # draft cannot skip quality assurance
    lead.post(url("report_transition"), {"to": "quality_assurance"})
    lead.post(url("report_transition"), {"to": "factual_accuracy"})
    manager = as_user(yot_manager_demo)
    assert (
        manager.post(url("report_comment"), {"paragraph_key": "2.3", "text": ""}).status_code == 400
    )
    manager.post(url("report_comment"), {"paragraph_key": "9.9", "text": "Where?"})
    assert Comment.objects.count() == 0


def test_a_comment_refused_is_shown_again_as_typed_not_lost(
    demo_report: Report, demo_lead: Any, yot_manager_demo: Any, as_user: Any
) -> None:
    lead, manager = as_user(demo_lead), as_user(yot_manager_demo)
    _to_factual_accuracy(lead)
    text = "The review of the plan was recorded on the system. " * 100  # over 5,000
    response = manager.post(url("report_comment"), {"paragraph_key": "2.3", "text": text})
    page = response.content.decode()
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    assert text.strip() in html.unescape(page)  # in the textarea, to shorten and send again
    assert "Comment on paragraph 2.3" in page
    assert 'href="#id_text"' in page and 'id="id_text"' in page
    assert "at most 5000 characters" in page
    assert 'name="paragraph_key" value="2.3"' in page
    response = manager.post(url("report_comment"), {"paragraph_key": "2.3", "text": text[:4000]})
    assert response.status_code == 302
    assert Comment.objects.get().text == text[:4000].strip()


def _to_factual_accuracy(client: Any) -> None:
    client.post(url("report_transition"), {"to": "quality_assurance"})
    client.post(url("report_transition"), {"to": "factual_accuracy"})


def test_publishing_is_blocked_until_each_problem_has_a_reason(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    client.post(
        url("report_section", "theme-1"),
        _section_post(demo_report, "theme-1", **{"1_1": "In all cases, it was understood."}),
    )
    _to_factual_accuracy(client)
    client.post(url("report_publish"))
    demo_report.refresh_from_db()
    assert demo_report.status == Report.Status.FACTUAL_ACCURACY
    assert not ReportVersion.objects.filter(report=demo_report, published=True).exists()
    assert (
        client.post(
            url("report_override"), {"problem_key": "quantifier:1.1:in all cases", "reason": ""}
        ).status_code
        == 400
    )
    client.post(
        url("report_override"),
        {
            "problem_key": "quantifier:1.1:in all cases",
            "reason": "Agreed with the YOT: the two cases were closed early.",
        },
    )
    assert ConsistencyOverride.objects.filter(report=demo_report).count() == 1
    client.post(url("report_publish"))
    demo_report.refresh_from_db()
    assert demo_report.status == Report.Status.PUBLISHED
    version = demo_report.versions.get(published=True)
    assert version.data["cases_examined"] == 33
    assert version.content["header"]["publication_date"]
    # Published: no more edits.
    response = client.post(
        url("report_section", "theme-1"), _section_post(demo_report, "theme-1", **{"1_1": "x"})
    )
    assert response.status_code == 400


def test_earlier_drafts_are_kept_and_compared_word_by_word(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    before = demo_report.version
    client.post(
        url("report_section", "context"),
        _section_post(demo_report, "context", context="We examined 33 cases, briefly."),
    )
    assert demo_report.versions.count() == before + 1
    page = client.get(url("report_compare"), {"a": before, "b": before + 1}).content.decode()
    assert "app-diff__row--changed" in page
    assert '<ins><span class="govuk-visually-hidden">added text: </span>' in page
    assert "briefly." in page
    assert client.get(url("report_compare"), {"a": 1, "b": 9}).status_code == 400
    assert client.get(url("report_compare"), {"a": "x"}).status_code == 400
    assert "Version" in client.get(url("report_versions")).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("lead", 200),
        ("inspector", 200),
        ("administrator", 200),
        ("viewer", 404),
        ("outsider", 404),
        ("other_yot_manager", 404),
        ("yotmanager", 404),
    ],
)
def test_who_may_read_the_draft(
    demo_report: Report, make_user: Any, other_yot: Any, as_user: Any, persona: str, status: int
) -> None:
    from casescreen.accounts.models import User

    users = {
        "administrator": lambda: make_user("admin2", role="administrator"),
        "viewer": lambda: make_user("viewer2", role="viewer"),
        "outsider": lambda: make_user("outsider2"),
        "other_yot_manager": lambda: make_user("other-manager", role="yot_manager", yot=other_yot),
    }
    user = users[persona]() if persona in users else User.objects.get(username=persona)
    assert as_user(user).get(url("report")).status_code == status
    assert as_user(user).get(url("report_versions")).status_code == status


def test_yot_manager_reads_the_published_report_but_not_the_drafts(
    demo_report: Report, demo_lead: Any, yot_manager_demo: Any, as_user: Any
) -> None:
    lead = as_user(demo_lead)
    _to_factual_accuracy(lead)
    lead.post(url("report_publish"))
    published = demo_report.versions.get(published=True).number
    manager = as_user(yot_manager_demo)
    page = manager.get(url("report")).content.decode()
    assert "Published report" in page and "Consistency check" not in page
    assert manager.get(url("report_download", published, "html")).status_code == 200
    assert manager.get(url("report_download", 1, "html")).status_code == 404


def test_refreshing_updates_generated_text_and_keeps_the_leads_own(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    from casescreen.assessments.models import Answer
    from casescreen.moderation.models import SecondAnswer

    client = as_user(demo_lead)
    client.post(
        url("report_section", "theme-2"),
        _section_post(
            demo_report, "theme-2", **{"2_2": "In all but one case, risk was understood."}
        ),
    )
    changed = ["q1_1_offending_understood", "q2_2_risk_understood"]
    Answer.objects.filter(question_id__in=changed).update(value="yes")
    # Both assessors of the double-assessed cases agree with the change.
    SecondAnswer.objects.filter(question_id__in=changed).update(value="yes")
    response = client.post(url("report_create"))
    assert response.status_code == 302
    demo_report.refresh_from_db()
    assert "In all cases, the case manager understood" in paragraph(demo_report, "1.1")["text"]
    p22 = paragraph(demo_report, "2.2")
    assert p22["text"] == "In all but one case, risk was understood."
    assert "n all cases, the case manager had made every effort" in p22["generated_text"]
    assert p22["edited"] is True
    page = client.get(url("report")).content.decode()
    assert "Paragraph 2.2 says &quot;all but one&quot; but the findings for it are 33 of 33" in page


def test_report_page_queries_do_not_grow_with_the_cases(
    demo_report: Report,
    demo_lead: Any,
    as_user: Any,
    make_case: Any,
    django_assert_num_queries: Any,
) -> None:
    client = as_user(demo_lead)
    client.get(url("report"))  # warm the session
    # Constant in the cases: the letter's people, the cases examined by kind, and the emails
    # to the YOT manager not yet sent.
    with django_assert_num_queries(20):
        assert client.get(url("report")).status_code == 200
    for number in range(10):
        make_case(demo_report.inspection, f"RB9{number:03d}", name=f"Extra Child{number}")
    with django_assert_num_queries(20):
        assert client.get(url("report")).status_code == 200


def test_a_question_set_without_a_report_template_is_refused_with_a_message(
    demo: Any, demo_lead: Any, as_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An uploaded question set may have no report template: drafting its report says so
    and writes nothing, instead of an error page."""
    from casescreen.frameworks.checksums import FrameworkError
    from casescreen.reports import services

    def no_template(framework_key: str) -> Any:
        raise FrameworkError(f"no report template for {framework_key}")

    monkeypatch.setattr(services, "template_for", no_template)
    response = as_user(demo_lead).post(url("report_create"), follow=True)
    assert response.status_code == 200
    assert f"The question set {demo.framework_key} has no report template" in (
        response.content.decode()
    )
    assert not Report.objects.filter(inspection=demo).exists()


def test_the_yot_manager_may_comment_on_an_area_for_improvement_of_any_question(
    demo_report: Report, demo_lead: Any, yot_manager_demo: Any, as_user: Any
) -> None:
    """An area for improvement's paragraph is keyed by its question's id, the longest of
    which takes the key past 40 characters."""
    framework = demo_report.inspection.framework()
    longest = max((q.id for q in framework.questions), key=len)
    key = f"improvement.{longest}"
    assert len(key) > 40
    improvements = next(s for s in demo_report.content["sections"] if s["id"] == "improvements")
    improvements["paragraphs"].append({**improvements["paragraphs"][0], "key": key})
    demo_report.save()
    lead = as_user(demo_lead)
    lead.post(url("report_transition"), {"to": "quality_assurance"})
    lead.post(url("report_transition"), {"to": "factual_accuracy"})

    response = as_user(yot_manager_demo).post(
        url("report_comment"), {"paragraph_key": key, "text": "This was put right in May."}
    )

    assert response.status_code == 302
    assert Comment.objects.get(report=demo_report).paragraph_key == key


def test_a_paragraph_too_long_is_refused_naming_it(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    response = as_user(demo_lead).post(
        url("report_section", "theme-1"),
        _section_post(demo_report, "theme-1", **{"1_1": "x" * 20_001}),
    )

    assert response.status_code == 400
    assert "Paragraph 1.1 must be 20,000 characters or fewer" in response.content.decode()
    demo_report.refresh_from_db()
    assert paragraph(demo_report, "1.1")["edited"] is False
