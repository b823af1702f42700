"""The theme page without its script, in unusual but valid sequences: another person's
change meanwhile, a refused answer, a completed assessment, line breaks at the limit."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.conf import settings

from casescreen.assessments.forms import EVIDENCE_MAX_CHARS
from casescreen.assessments.models import Answer, Assessment

QUESTION = "q1_1_offending_understood"


class _Form(HTMLParser):
    """What a browser sends from a page's form: its hidden inputs and the radios checked,
    and the ids of the elements on the page."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag != "input":
            return
        name, value = found.get("name") or "", found.get("value") or ""
        if found.get("type") == "hidden" or (found.get("type") == "radio" and "checked" in found):
            self.data[name] = value


def _form(html: str) -> _Form:
    form = _Form()
    form.feed(html)
    return form


def _stale_page(case: Any, **answers: str) -> dict[str, str]:
    """The theme page as sent by someone who opened it before any answer was saved."""
    data = {"case_reference": case.reference}
    for question_id, value in answers.items():
        data |= {
            f"{question_id}-value": value,
            f"{question_id}-evidence": "My evidence",
            f"{question_id}-version": "0",
        }
    return data


def _answers(case: Any) -> dict[str, tuple[str, str]]:
    return {
        a.question_id: (a.value, a.evidence) for a in Answer.objects.filter(assessment__case=case)
    }


def test_the_conflict_page_names_the_question_and_sends_back_the_choice(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    save_answer(as_user(lead_inspector), case, QUESTION, "yes")
    client = as_user(inspector)
    page = url("theme", case, "1")
    response = client.post(page, _stale_page(case, **{QUESTION: "no"}))
    assert response.status_code == 409
    html = response.content.decode()
    question = case.inspection.framework().question(QUESTION)
    assert f"{question.paragraph} {question.text}" in html
    assert f"Which answer to question {question.paragraph} do you want to keep?" in html
    # The choice, as the page sends it, is saved.
    response = client.post(page, _form(html).data)
    assert response.status_code == 302
    assert _answers(case) == {QUESTION: ("no", "My evidence")}


def test_the_conflict_page_gives_the_answers_in_the_language_of_the_page(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    save_answer(as_user(lead_inspector), case, QUESTION, "yes")
    client = as_user(inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    response = client.post(url("theme", case, "1"), _stale_page(case, **{QUESTION: "no"}))
    assert response.status_code == 409
    html = response.content.decode()
    assert '<td class="govuk-table__cell">Na</td>' in html
    assert '<td class="govuk-table__cell">Ie</td>' in html


def test_evidence_refused_is_described_at_its_field_and_kept_as_typed(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    data = _stale_page(case, **{QUESTION: "no"})
    data[f"{QUESTION}-evidence"] = "x" * (EVIDENCE_MAX_CHARS + 1)
    response = as_user(inspector).post(url("theme", case, "1"), data)
    assert response.status_code == 400
    html = response.content.decode()
    refused = f"{QUESTION}-evidence-refused"
    assert f'<p class="govuk-error-message" id="{refused}">' in html
    assert f'aria-describedby="{QUESTION}-evidence-info {refused}"' in html
    assert "govuk-textarea--error" in html
    assert "x" * (EVIDENCE_MAX_CHARS + 1) in html
    assert _answers(case) == {}


def test_an_answer_refused_is_described_at_its_radios(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    data = _stale_page(case, **{QUESTION: "no"})
    data[f"{QUESTION}-version"] = "-1"
    response = as_user(inspector).post(url("theme", case, "1"), data)
    assert response.status_code == 400
    html = response.content.decode()
    refused = f"{QUESTION}-value-refused"
    assert f'href="#{QUESTION}-value"' in html
    assert f'<p class="govuk-error-message" id="{refused}">' in html
    assert f'aria-describedby="{QUESTION}-guidance {refused}"' in html
    assert _answers(case) == {}


def test_a_refused_answer_to_a_question_that_stopped_applying_links_to_the_question(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    # The page was opened while the case had a pre-sentence report; in another tab, the
    # facts were changed to say it has none, so question 1.2 no longer applies.
    data = _stale_page(case, q1_2_psr_quality="no")
    data["q1_2_psr_quality-evidence"] = "x" * (EVIDENCE_MAX_CHARS + 1)
    type(case).objects.filter(pk=case.pk).update(psr_prepared=False)
    response = as_user(inspector).post(url("theme", case, "1"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#question-q1_2_psr_quality"' in html
    assert "question-q1_2_psr_quality" in _form(html).ids
    assert _answers(case) == {}


def test_a_refused_page_for_an_assessment_completed_meanwhile_says_it_is_completed(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    data = _stale_page(case, **{QUESTION: "no"})
    data[f"{QUESTION}-evidence"] = "x" * (EVIDENCE_MAX_CHARS + 1)
    Assessment.objects.filter(case=case).update(status=Assessment.Status.COMPLETED)
    response = as_user(inspector).post(url("theme", case, "1"), data)
    assert response.status_code == 403
    assert "This assessment is completed, so it cannot be changed." in response.content.decode()
    assert _answers(case) == {}


def test_evidence_at_the_limit_with_line_breaks_is_saved_from_the_page(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    # The page's character count counts a line break as one character; the browser sends
    # it as two.
    evidence = "\r\n".join(["x" * 990] * 10) + "x" * (EVIDENCE_MAX_CHARS - 9909)
    assert len(evidence.replace("\r\n", "\n")) == EVIDENCE_MAX_CHARS
    data = _stale_page(case, **{QUESTION: "no"})
    data[f"{QUESTION}-evidence"] = evidence
    response = as_user(inspector).post(url("theme", case, "1"), data)
    assert response.status_code == 302
    assert _answers(case) == {QUESTION: ("no", evidence.replace("\r\n", "\n"))}
