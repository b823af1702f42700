from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from casescreen.accounts.models import User
from casescreen.assessments.models import Answer, Assessment

REF = "redbridge-2015-02"


def findings_url(*parts: str) -> str:
    if parts:
        return reverse("findings_group", args=[REF, *parts])
    return reverse("findings", args=[REF])


@pytest.fixture
def lead(demo: Any) -> User:
    return User.objects.get(username="lead")


def test_team_sees_findings(demo: Any, lead: User, as_user: Any) -> None:
    for user in (lead, User.objects.get(username="inspector")):
        response = as_user(user).get(findings_url())
        assert response.status_code == 200
    html = response.content.decode()
    assert "Findings based on 33 completed assessments." in html
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m">1. Reducing reoffending'
        in html
    )
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "80% to 98%" in html  # 31 of 33, formatted in Python
    rows = {row.question.id: row for block in response.context["themes"] for row in block.rows}
    assert rows["q1_1_offending_understood"].phrase == "all but two"
    assert rows["q1_6_custody_planning"].tally.applicable == 4
    assert rows["qafi_placed_children"].area_for_improvement is True
    assert findings_url("q1_1_offending_understood", "not_met") in html


def test_yot_manager_of_the_inspected_yot_gets_404(demo: Any, as_user: Any) -> None:
    client = as_user(User.objects.get(username="yotmanager"))
    assert client.get(reverse("inspection", args=[REF])).status_code == 200
    assert client.get(findings_url()).status_code == 404
    assert client.get(findings_url("q1_1_offending_understood", "met")).status_code == 404


def test_outsiders_get_404(demo: Any, outsider: User, viewer: User, as_user: Any) -> None:
    for user in (outsider, viewer):
        client = as_user(user)
        assert client.get(findings_url()).status_code == 404
        assert client.get(findings_url("q1_1_offending_understood", "met")).status_code == 404


def test_anonymous_is_sent_to_sign_in(demo: Any, client: Any) -> None:
    response = client.get(findings_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_page_follows_answers_as_they_change(demo: Any, lead: User, as_user: Any) -> None:
    client = as_user(lead)
    before = client.get(findings_url()).context["themes"]
    row = next(r for r in before[0].rows if r.question.id == "q1_1_offending_understood")
    assert row.phrase == "all but two"
    Answer.objects.filter(
        assessment__case__inspection=demo,
        assessment__case__reference=row.tally.not_met_refs[0],
        question_id="q1_1_offending_understood",
    ).update(value="yes")
    response = client.get(findings_url())
    after = next(
        r
        for r in response.context["themes"][0].rows
        if r.question.id == "q1_1_offending_understood"
    )
    assert (after.tally.met, after.tally.not_met, after.phrase) == (32, 1, "all but one")
    assert "all but one" in response.content.decode()


def test_page_counts_only_completed_assessments(demo: Any, lead: User, as_user: Any) -> None:
    Assessment.objects.filter(case__reference__in=["RB15001", "RB15008"]).update(
        status=Assessment.Status.IN_PROGRESS
    )
    html = as_user(lead).get(findings_url()).content.decode()
    assert "Findings based on 31 completed assessments of 33." in html
    assert reverse("case", args=[REF, "RB15001"]) in html


@pytest.mark.parametrize("group", ["met", "not_met", "not_applicable", "unanswered"])
def test_group_page_lists_the_cases_behind_a_number(
    demo: Any, lead: User, as_user: Any, group: str
) -> None:
    response = as_user(lead).get(findings_url("q1_2_psr_quality", group))
    assert response.status_code == 200
    expected = {"met": 22, "not_met": 0, "not_applicable": 11, "unanswered": 0}[group]
    cases = list(response.context["cases"])
    assert len(cases) == expected
    html = response.content.decode()
    for case in cases:
        assert reverse("case", args=[REF, case.reference]) in html
    if group == "met":
        assert all(case.psr_prepared for case in cases)
    if group == "not_applicable":
        assert not any(case.psr_prepared for case in cases)


def test_not_met_group_links_each_case(demo: Any, lead: User, as_user: Any) -> None:
    response = as_user(lead).get(findings_url("q1_1_offending_understood", "not_met"))
    refs = [case.reference for case in response.context["cases"]]
    assert len(refs) == 2
    html = response.content.decode()
    assert "Not met: 2 of 33 completed assessments" in html
    for ref in refs:
        assert f'href="{reverse("case", args=[REF, ref])}"' in html
        assert as_user(lead).get(reverse("case", args=[REF, ref])).status_code == 200


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("q9_unknown", "met"),
        ("q1_1_offending_understood", "maybe"),
        ("q1_1_offending_understood", "met_refs"),
    ],
)
def test_unknown_question_or_group_is_404(
    demo: Any, lead: User, as_user: Any, question: str, group: str
) -> None:
    assert as_user(lead).get(findings_url(question, group)).status_code == 404


def test_team_of_another_inspection_gets_404(demo: Any, lead_inspector: User, as_user: Any) -> None:
    from casescreen.inspections.models import Inspection, TeamMembership

    thornbury = Inspection.objects.get(reference="thornbury-2015-03")
    TeamMembership.objects.create(inspection=thornbury, user=lead_inspector, role="inspector")
    client = as_user(lead_inspector)
    assert client.get(findings_url()).status_code == 404
    own = client.get(reverse("findings", args=[thornbury.reference]))
    assert own.status_code == 200
    assert "Findings based on 0 completed assessments of 6." in own.content.decode()


def test_page_queries_do_not_grow_with_cases(
    inspection: Any, lead_inspector: User, populate: Any, as_user: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(lead_inspector)
    url = reverse("findings", args=[inspection.reference])
    counts = []
    for batch in ("A", "B"):
        populate(inspection, 10 if batch == "A" else 90, prefix=batch)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert response.context["findings"].tallies.completed == 100
    assert counts[0] == counts[1]


def test_a_blind_second_assessor_sees_no_figure_of_the_case_they_assess_again(
    inspection: Any, populate: Any, lead_inspector: User, inspector: User, as_user: Any
) -> None:
    from casescreen.moderation.services import double_assessment_choose, second_complete
    from tests.moderation.conftest import answer_all

    cases = populate(inspection, 7)  # GEN0000 answers "no" to every question, the others "yes"
    [double] = double_assessment_choose(
        user=lead_inspector,
        inspection=inspection,
        cases=[cases[1]],
        second_inspector=lead_inspector,
    )
    question = "q1_1_offending_understood"
    group = reverse("findings_group", args=[inspection.reference, question, "met"])
    blind = as_user(lead_inspector)
    page = blind.get(reverse("findings", args=[inspection.reference]))
    html = page.content.decode()
    assert "Findings based on 6 completed assessments of 7." in html
    assert reverse("second_assessment", args=[inspection.reference, "GEN0001"]) in html
    row = next(r for b in page.context["themes"] for r in b.rows if r.question.id == question)
    assert (row.tally.met, row.tally.not_met) == (5, 1)
    assert "Met: 5 of 6 completed assessments" in blind.get(group).content.decode()
    # The first assessor, and the second once their own assessment is complete, see it counted.
    assert "Met: 6 of 7 completed assessments" in as_user(inspector).get(group).content.decode()
    answer_all(double, lead_inspector)
    second_complete(user=lead_inspector, double=double)
    html = blind.get(group).content.decode()
    assert "Met: 6 of 7 completed assessments" in html
    assert reverse("case", args=[inspection.reference, "GEN0001"]) in html


def test_each_count_link_names_its_own_question(demo: Any, lead: User, as_user: Any) -> None:
    import re

    html = as_user(lead).get(findings_url()).content.decode()
    links = re.findall(r'<a class="govuk-link" href="([^"]+)" aria-label="([^"]+)"', html)
    assert len(links) == 4 * len(demo.framework().questions)
    # Paragraph 1.6 has two questions: their counts lead to different cases.
    names = [name for href, name in links if "/findings/" in href]
    assert len(set(names)) == len(names)
    assert "33 met for paragraph 1.6: Was planning sufficient to reduce reoffending?" in names
