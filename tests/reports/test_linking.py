"""Every claim checked: linking a paragraph to questions, through the report's pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from casescreen.audit.models import AuditEvent
from casescreen.reports.models import ConsistencyOverride, Report
from casescreen.reports.selectors import report_problems
from tests.reports.conftest import paragraph

REF = "redbridge-2015-02"
CLAIM = "In almost all cases, the case manager knew the child well."


def url(name: str, *args: Any) -> str:
    return reverse(name, args=[REF, *args])


def _post(
    report: Report,
    section_id: str,
    *,
    texts: dict[str, str] | None = None,
    links: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """What the section page sends: every paragraph's text and, with ``links``, the
    ticked questions of every paragraph (unticked ones send nothing)."""
    report.refresh_from_db()
    section = next(s for s in report.content["sections"] if s["id"] == section_id)
    data: dict[str, Any] = {"version": report.version}
    for p in section["paragraphs"]:
        data[f"text:{p['key']}"] = (texts or {}).get(p["key"], p["text"])
    if links is not None:
        data["linking"] = "True"
        for p in section["paragraphs"]:
            ticked = links.get(p["key"], p["questions"])
            if ticked:
                data[f"links:{p['key']}"] = ticked
    return data


def _problems(client: Any) -> str:
    return str(client.get(url("report")).content.decode())


def test_the_section_page_offers_the_questions_by_theme(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    page = as_user(demo_lead).get(url("report_section", "summary")).content.decode()
    assert "Questions this paragraph reports on" in page
    assert 'name="links:summary.narrative" value="q1_1_offending_understood"' in page
    assert "Reducing reoffending" in page and "Protecting the public" in page
    assert 'name="linking" value="True"' in page


def test_an_unlinked_claim_is_unchecked_until_linked_then_checked(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    response = client.post(
        url("report_section", "summary"),
        _post(demo_report, "summary", texts={"summary.narrative": CLAIM}),
    )
    assert response.status_code == 302
    page = _problems(client)
    assert "Summary, paragraph 2 says &quot;almost all&quot; but is linked to no question" in page
    assert 'value="unchecked:summary.narrative:almost all"' in page

    # Linked to the question whose finding is 31 of 33: "almost all" is true.
    response = client.post(
        url("report_section", "summary"),
        _post(demo_report, "summary", links={"summary.narrative": ["q1_1_offending_understood"]}),
    )
    assert response.status_code == 302
    demo_report.refresh_from_db()
    assert paragraph(demo_report, "summary.narrative")["questions"] == ["q1_1_offending_understood"]
    assert "No problems" in _problems(client)
    event = AuditEvent.objects.get(field="questions of paragraph summary.narrative")
    assert (event.old_value, event.new_value) == ("none", "q1_1_offending_understood")
    assert event.user == demo_lead

    # Linked to one whose finding is 22 of 22 instead: the claim is false.
    client.post(
        url("report_section", "summary"),
        _post(demo_report, "summary", links={"summary.narrative": ["q1_2_psr_quality"]}),
    )
    page = _problems(client)
    assert (
        "Summary, paragraph 2 says &quot;almost all&quot; but the findings for it are 22 of 22"
        in (page)
    )


def test_a_false_claim_in_the_summary_and_in_key_strengths_is_flagged(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    client.post(
        url("report_section", "summary"),
        _post(
            demo_report,
            "summary",
            texts={"summary.narrative": "In all cases, the case manager understood the offending."},
            links={"summary.narrative": ["q1_1_offending_understood"]},
        ),
    )
    strength = next(s for s in demo_report.content["sections"] if s["id"] == "key-strengths")[
        "paragraphs"
    ][0]["key"]
    client.post(
        url("report_section", "key-strengths"),
        _post(demo_report, "key-strengths", texts={strength: CLAIM}, links={strength: []}),
    )
    demo_report.refresh_from_db()
    assert paragraph(demo_report, strength)["questions"] == []
    page = _problems(client)
    assert "says &quot;in all cases&quot; but the findings for it are 31 of 33" in page
    assert "Key strengths, item 1 says &quot;almost all&quot; but is linked to no question" in page


def test_an_override_with_a_reason_clears_an_unchecked_claim(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    client.post(
        url("report_section", "summary"),
        _post(demo_report, "summary", texts={"summary.narrative": CLAIM}),
    )
    client.post(url("report_transition"), {"to": "quality_assurance"})
    client.post(url("report_transition"), {"to": "factual_accuracy"})
    client.post(url("report_publish"))
    demo_report.refresh_from_db()
    assert demo_report.status == Report.Status.FACTUAL_ACCURACY
    key = "unchecked:summary.narrative:almost all"
    response = client.post(
        url("report_override"),
        {"problem_key": key, "reason": "The YOT's own audit of all its cases says so."},
    )
    assert response.status_code == 302
    assert ConsistencyOverride.objects.get(report=demo_report).problem_key == key
    assert "Reason recorded by lead" in _problems(client)
    client.post(url("report_publish"))
    demo_report.refresh_from_db()
    assert demo_report.status == Report.Status.PUBLISHED


def test_a_page_without_the_links_leaves_them_alone(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    data = _post(demo_report, "theme-1", texts={"1.1": "Changed."})
    assert "linking" not in data
    assert client.post(url("report_section", "theme-1"), data).status_code == 302
    demo_report.refresh_from_db()
    assert paragraph(demo_report, "1.1")["questions"] == ["q1_1_offending_understood"]
    assert not AuditEvent.objects.filter(field__startswith="questions of").exists()


def test_an_unknown_question_is_refused_and_nothing_changes(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    version = demo_report.version
    data = _post(demo_report, "summary", links={"summary.narrative": ["q9_no_such_question"]})
    response = client.post(url("report_section", "summary"), data)
    assert response.status_code == 400
    assert "select only questions that are listed" in response.content.decode()
    demo_report.refresh_from_db()
    assert demo_report.version == version
    assert paragraph(demo_report, "summary.narrative")["questions"] == []


def test_a_stale_link_is_refused(demo_report: Report, demo_lead: Any, as_user: Any) -> None:
    client = as_user(demo_lead)
    old = _post(demo_report, "summary", links={"summary.narrative": ["q1_2_psr_quality"]})
    client.post(
        url("report_section", "summary"),
        _post(demo_report, "summary", texts={"summary.narrative": CLAIM}),
    )
    response = client.post(url("report_section", "summary"), old)
    assert response.status_code == 400
    assert "Someone else saved the report" in response.content.decode()
    demo_report.refresh_from_db()
    assert paragraph(demo_report, "summary.narrative")["questions"] == []


def test_refreshing_from_the_findings_keeps_the_links(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    client.post(
        url("report_section", "summary"),
        _post(
            demo_report,
            "summary",
            texts={"summary.narrative": CLAIM},
            links={"summary.narrative": ["q1_1_offending_understood"]},
        ),
    )
    assert client.post(url("report_create")).status_code == 302
    demo_report.refresh_from_db()
    assert paragraph(demo_report, "summary.narrative")["questions"] == ["q1_1_offending_understood"]


def test_links_are_not_offered_or_taken_once_published(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    client.post(url("report_transition"), {"to": "quality_assurance"})
    client.post(url("report_transition"), {"to": "factual_accuracy"})
    client.post(url("report_publish"))
    demo_report.refresh_from_db()
    assert demo_report.status == Report.Status.PUBLISHED
    page = client.get(url("report_section", "summary")).content.decode()
    assert "Questions this paragraph reports on" not in page
    data = _post(demo_report, "summary", links={"summary.narrative": ["q1_1_offending_understood"]})
    response = client.post(url("report_section", "summary"), data)
    assert response.status_code == 400
    assert "published and can no longer be changed" in response.content.decode()
    demo_report.refresh_from_db()
    assert paragraph(demo_report, "summary.narrative")["questions"] == []


def test_only_a_sampled_childs_name_is_flagged(
    demo: Any, demo_report: Report, demo_lead: Any, as_user: Any, make_case: Any
) -> None:
    from casescreen.cases.models import Case

    make_case(
        demo, "RBPOP01", name="Zebedee Quartermaine", sample_status=Case.SampleStatus.POPULATION
    )
    client = as_user(demo_lead)
    client.post(
        url("report_section", "theme-4"),
        _post(
            demo_report,
            "theme-4",
            texts={"4.2": "Zebedee Quartermaine (RBPOP01) spoke to us about the project."},
        ),
    )
    page = _problems(client)
    assert "No problems" in page
    client.post(
        url("report_section", "theme-4"),
        _post(demo_report, "theme-4", texts={"4.2": "Bilal spoke to us about the project."}),
    )
    page = _problems(client)
    assert (
        "Paragraph 4.2 contains &quot;Bilal&quot;, part of the name of a child in the sample"
        in (page)
    )


def test_the_lead_adds_an_item_of_their_own_to_a_list_and_it_is_checked(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    from casescreen.reports.models import Report as ReportModel
    from tests.reports.test_workflow import _section_post

    client = as_user(demo_lead)
    data = _section_post(demo_report, "key-strengths")
    data["added"] = "Case managers were committed to the children in all cases."
    response = client.post(url("report_section", "key-strengths"), data)
    assert response.status_code == 302
    report = ReportModel.objects.get(pk=demo_report.pk)
    own = paragraph(report, "key-strengths.own.1")
    assert own["text"] == data["added"] and own["edited"] and own["questions"] == []
    # Its claim maps to no question: unchecked until linked or given a reason.
    assert any(p.kind == "unchecked" for p in report_problems(report))
    # A refresh from the findings keeps it.
    client.post(url("report_create"))
    assert paragraph(ReportModel.objects.get(pk=demo_report.pk), "key-strengths.own.1")
    # A second one gets its own key; prose sections take none.
    data = _section_post(ReportModel.objects.get(pk=demo_report.pk), "key-strengths")
    data["added"] = "Staff knew the children well."
    client.post(url("report_section", "key-strengths"), data)
    assert paragraph(ReportModel.objects.get(pk=demo_report.pk), "key-strengths.own.2")
    context = _section_post(ReportModel.objects.get(pk=demo_report.pk), "context")
    context["added"] = "Sneaked in."
    client.post(url("report_section", "context"), context)
    assert "Sneaked in." not in str(ReportModel.objects.get(pk=demo_report.pk).content)
