"""Question sets written by an administrator: upload, every problem shown, preview,
compare, publish; a published version never changes."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casescreen.audit.models import AuditEvent
from casescreen.authoring import services
from casescreen.authoring.services import AuthoringError
from casescreen.authoring.workbook import check_upload, read_workbook, workbook_of
from casescreen.frameworks.checksums import FrameworkError
from casescreen.frameworks.loader import FRAMEWORK_DIR, get_framework, load_framework
from casescreen.frameworks.models import StoredFramework

YOUTH = FRAMEWORK_DIR / "youth-justice-2021.yaml"
SQS = FRAMEWORK_DIR / "sqs-2015.yaml"
NEW_KEY = "youth-justice@2022.1"


def _raw(path: Any = YOUTH) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data


def _new_version(**changes: Any) -> dict[str, Any]:
    """Youth justice 2022.1: one question added, one removed, one reworded."""
    raw = _raw()
    raw["version"] = "2022.1"
    raw["status"] = "draft"
    questions = raw["questions"]
    removed = questions.pop()
    questions[0]["text"] = {
        "en": "Does assessment analyse well how to support the child's desistance?",
        "cy": "A yw'r asesiad yn dadansoddi'n dda sut i gefnogi'r plentyn i ymatal rhag troseddu?",
    }
    added = dict(
        questions[1],
        id="s2_1_new_question",
        text={"en": "Is the assessment timely?", "cy": "A yw'r asesiad yn amserol?"},
    )
    questions.insert(2, added)
    assert removed["id"] not in {q["id"] for q in questions}
    raw.update(changes)
    return raw


def _yaml_file(raw: dict[str, Any], name: str = "youth-2022.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, yaml.safe_dump(raw, sort_keys=False).encode())


def _xlsx_file(raw: dict[str, Any], name: str = "youth-2022.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook_of(raw))


@pytest.fixture
def admin_client(administrator: Any, as_user: Any) -> Any:
    return as_user(administrator)


def _upload(client: Any, upload: SimpleUploadedFile) -> Any:
    return client.post(reverse("authoring:upload"), {"file": upload})


def test_a_valid_yaml_upload_is_stored_as_a_draft_and_listed(admin_client: Any) -> None:
    response = _upload(admin_client, _yaml_file(_new_version()))
    assert response.status_code == 302
    stored = StoredFramework.objects.get(framework_id="youth-justice", version="2022.1")
    assert stored.status == "draft" and stored.published_at is None
    listing = admin_client.get(reverse("authoring:list")).content.decode()
    assert NEW_KEY in listing and "Draft" in listing
    # A draft is not for inspections.
    with pytest.raises(FrameworkError):
        get_framework("youth-justice", "2022.1")
    event = AuditEvent.objects.get(object_type="Framework", object_id=NEW_KEY)
    assert event.action == "create" and event.actor == "administrator"


def test_a_valid_workbook_upload_is_stored_as_yaml_that_reads_back(admin_client: Any) -> None:
    response = _upload(admin_client, _xlsx_file(_new_version()))
    assert response.status_code == 302
    stored = StoredFramework.objects.get(framework_id="youth-justice", version="2022.1")
    assert yaml.safe_load(stored.text)["questions"][2]["id"] == "s2_1_new_question"


def test_every_problem_of_a_yaml_file_is_shown_and_nothing_is_stored(admin_client: Any) -> None:
    raw = _new_version()
    raw["questions"][0]["text"] = ""
    raw["questions"][3]["style"] = "loud"
    raw["schedule"]["fieldwork_days"] = 0
    response = _upload(admin_client, _yaml_file(raw))
    assert response.status_code == 400
    page = response.content.decode()
    assert "question s2_1_desistance, field text" in page
    assert f"question {raw['questions'][3]['id']}, field style" in page
    assert "field schedule, field fieldwork_days" in page
    assert "3 problems in the file; nothing was saved" in page
    assert not StoredFramework.objects.exists()


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_a_file_nested_too_deeply_is_refused_in_words(admin_client: Any, depth: int) -> None:
    text = yaml.safe_dump(_new_version(), sort_keys=False)
    text = text.replace("applies: always", "applies: " + "[" * depth + "]" * depth, 1)
    response = _upload(admin_client, SimpleUploadedFile("deep.yaml", text.encode()))
    assert response.status_code == 400
    assert "is nested too deeply to read" in response.content.decode()
    assert not StoredFramework.objects.exists()


def test_every_cross_check_problem_is_reported_not_only_the_first() -> None:
    raw = _new_version()
    raw["questions"][0]["paragraph"] = "9.9"
    raw["questions"][4]["key_question"] = "courage"
    raw["vocabulary"] = "klingon"
    checked = check_upload("broken.yaml", yaml.safe_dump(raw).encode())
    assert checked.framework is None
    found = {str(p) for p in checked.problems}
    assert "question s2_1_desistance, field paragraph: unknown paragraph '9.9'" in found
    assert any("field key_question: unknown key question 'courage'" in p for p in found)
    assert any(p.startswith("field vocabulary: unknown vocabulary 'klingon'") for p in found)


def test_workbook_problems_name_the_sheet_row_and_column(admin_client: Any) -> None:
    raw = _new_version()
    raw["questions"][5]["text"] = ""  # the 7th row of the questions sheet
    raw["questions"][1]["paragraph"] = "9.9"  # the 3rd row
    raw["facts"]["looked_after"]["type"] = "maybe"
    raw["sampling"]["min_weeks"] = "soon"
    response = _upload(admin_client, _xlsx_file(raw))
    assert response.status_code == 400
    page = response.content.decode()
    assert "questions, row 7, column text" in page
    assert "facts, row 8, column type" in page
    assert "settings, row 13, column value" in page  # sampling.min_weeks
    assert not StoredFramework.objects.exists()
    # The cross-checks run once the schema is satisfied; they too name the cell.
    raw = _new_version()
    raw["questions"][1]["paragraph"] = "9.9"
    page = _upload(admin_client, _xlsx_file(raw)).content.decode()
    assert "questions, row 3, column paragraph" in page
    assert "unknown paragraph &#x27;9.9&#x27;" in page


def test_a_workbook_missing_a_sheet_and_with_a_bad_rule_is_refused() -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook_of(_new_version())))
    del book["facts"]
    book["questions"]["H2"] = "{fact: [unclosed"  # the applies column
    out = io.BytesIO()
    book.save(out)
    checked = read_workbook(out.getvalue(), "x.xlsx")
    found = {str(p) for p in checked.problems}
    assert checked.framework is None
    assert "facts: the workbook has no sheet of this name" in found
    assert any(p.startswith("questions, row 2, column applies: write the rule") for p in found)


@pytest.mark.parametrize("path", [SQS, YOUTH], ids=["sqs", "youth-justice"])
def test_a_framework_round_trips_through_its_workbook(path: Any) -> None:
    original = load_framework(path)
    checked = read_workbook(workbook_of(_raw(path)), "round-trip.xlsx")
    assert checked.problems == ()
    assert checked.framework is not None
    same: dict[str, Any] = {"checksum": "", "path": original.path, "status": original.status}
    assert replace(checked.framework, **same) == replace(original, **same)


def test_a_text_that_starts_with_equals_stays_text_in_the_workbook() -> None:
    """A spreadsheet would run such a cell as a formula (and a formula written here has no
    value until a spreadsheet calculates it): it is written as text, and reads back as given."""
    from openpyxl import load_workbook

    raw = _new_version()
    guidance = '=HYPERLINK("http://127.0.0.1/", "Read the guidance")'
    raw["questions"][0]["guidance"] = {"en": guidance, "cy": guidance}
    data = workbook_of(raw)
    cells = [
        cell for row in load_workbook(io.BytesIO(data))["questions"].iter_rows() for cell in row
    ]
    assert [c.data_type for c in cells if str(c.value).startswith("=")] == ["s", "s"]
    checked = read_workbook(data, "equals.xlsx")
    assert checked.problems == ()
    assert checked.framework is not None
    assert checked.framework.questions[0].guidance == guidance


def test_the_workbook_download_is_the_framework(admin_client: Any) -> None:
    response = admin_client.get(reverse("authoring:workbook", args=["youth-justice@2021.1"]))
    assert response.status_code == 200
    checked = read_workbook(response.content, "download.xlsx")
    assert checked.framework is not None
    assert checked.framework.questions == load_framework(YOUTH).questions


def test_publishing_makes_it_usable_and_it_never_changes(
    admin_client: Any, administrator: Any
) -> None:
    _upload(admin_client, _yaml_file(_new_version()))
    response = admin_client.post(reverse("authoring:publish", args=[NEW_KEY]))
    assert response.status_code == 302
    stored = StoredFramework.objects.get(framework_id="youth-justice", version="2022.1")
    assert stored.status == "published" and stored.published_by == administrator
    framework = get_framework("youth-justice", "2022.1")
    assert framework.status == "published"
    assert framework.question("s2_1_new_question").text == "Is the assessment timely?"
    # The planning form offers it.
    from casescreen.inspections.planning_forms import PlanForm

    choices = dict(PlanForm().fields["framework"].choices)  # type: ignore[attr-defined]
    assert NEW_KEY in choices
    assert AuditEvent.objects.filter(
        object_type="Framework", object_id=NEW_KEY, action="transition", new_value="published"
    ).exists()
    # Re-uploading the same version, even changed, is refused; nothing changes.
    changed = _new_version(title={"en": "Something else", "cy": "Rhywbeth arall"})
    response = _upload(admin_client, _yaml_file(changed))
    assert response.status_code == 400
    assert "already published and cannot be changed" in response.content.decode()
    stored.refresh_from_db()
    assert stored.title != "Something else"
    # Nor can it be published again or discarded.
    with pytest.raises(AuthoringError, match="is published"):
        services.framework_publish(stored=stored, user=administrator)
    with pytest.raises(AuthoringError, match="is published"):
        services.framework_discard(stored=stored, user=administrator)
    assert StoredFramework.objects.filter(pk=stored.pk, status="published").exists()


def test_a_shipped_version_cannot_be_uploaded_again(admin_client: Any) -> None:
    raw = _raw()
    raw["title"] = {"en": "A rewrite", "cy": "Ailysgrifennu"}
    response = _upload(admin_client, _yaml_file(raw))
    assert response.status_code == 400
    assert "shipped with the service" in response.content.decode()
    assert not StoredFramework.objects.exists()


def test_a_published_text_altered_in_the_database_is_refused(
    admin_client: Any, administrator: Any
) -> None:
    _upload(admin_client, _yaml_file(_new_version()))
    stored = StoredFramework.objects.get()
    services.framework_publish(stored=stored, user=administrator)
    StoredFramework.objects.filter(pk=stored.pk).update(text=stored.text + "\n# edited\n")
    with pytest.raises(FrameworkError, match="has been changed"):
        get_framework("youth-justice", "2022.1")


def test_a_draft_can_be_replaced_and_discarded(admin_client: Any) -> None:
    _upload(admin_client, _yaml_file(_new_version()))
    second = {"en": "Second draft", "cy": "Ail ddrafft"}
    _upload(admin_client, _yaml_file(_new_version(title=second)))
    stored = StoredFramework.objects.get()
    assert stored.title == "Second draft"
    response = admin_client.post(reverse("authoring:discard", args=[NEW_KEY]))
    assert response.status_code == 302
    assert not StoredFramework.objects.exists()
    actions = list(
        AuditEvent.objects.filter(object_id=NEW_KEY).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["create", "change", "delete"]


def test_the_preview_shows_questions_rules_and_sample_findings(admin_client: Any) -> None:
    _upload(admin_client, _yaml_file(_new_version()))
    page = admin_client.get(reverse("authoring:detail", args=[NEW_KEY])).content.decode()
    assert "Is the assessment timely?" in page
    assert 'type="radio" value="yes" disabled' in page
    assert "govuk-details" in page  # a judged standard's guidance
    assert "Publish youth-justice@2022.1" in page
    # Without a report template a finding is its question's own wording, with the counts;
    # and the ratings from the sample counts.
    findings = page[page.index('id="sample-findings"') : page.index('id="sample-report"')]
    assert "<li>Assessment sufficiently analysed how to keep the child safe <span" in findings
    assert "(11 of 12)" in findings
    assert "Sample ratings" in page and "Overall" in page


def test_the_preview_of_a_framework_in_words_uses_its_vocabulary(admin_client: Any) -> None:
    page = admin_client.get(reverse("authoring:detail", args=["sqs@2015.1"])).content.decode()
    assert "In all cases, the case manager understood why" in page
    assert "In all but one of them, the pre-sentence report was of good quality" in page
    assert "In most cases, the assessment and plan to reduce reoffending" in page
    assert "Sample ratings" not in page  # SQS has no ratings
    assert "Publish sqs@2015.1" not in page  # shipped and published


def test_the_preview_in_welsh_words_its_sample_findings_in_welsh(admin_client: Any) -> None:
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = admin_client.get(reverse("authoring:detail", args=["sqs@2015.1"])).content.decode()
    findings = page[page.index('id="sample-findings"') : page.index('id="sample-report"')]
    assert "In all achosion" not in findings
    assert "Ym mhob achos, roedd y rheolwr achos yn deall pam" in findings
    assert "Yn y rhan fwyaf o&#x27;r achosion, " in findings
    for english in ("In all ", "In most ", " of the ", "In none "):
        assert english not in findings


def test_the_preview_in_welsh_states_percentages_in_welsh(admin_client: Any) -> None:
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = admin_client.get(
        reverse("authoring:detail", args=["youth-justice@2021.1"])
    ).content.decode()
    findings = page[page.index('id="sample-findings"') : page.index('id="sample-report"')]
    assert "mewn 100 y cant o&#x27;r achosion" in findings
    assert "per cent" not in findings


@pytest.mark.parametrize(
    ("language", "label"), [("en-gb", "Requires improvement"), ("cy", "Angen gwella")]
)
def test_the_overall_bands_are_shown_by_their_labels(
    admin_client: Any, language: str, label: str
) -> None:
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = admin_client.get(
        reverse("authoring:detail", args=["youth-justice@2021.1"])
    ).content.decode()
    overall = page[page.index("<caption", page.index("</table>")) :]
    overall = overall[: overall.index("</table>")]
    assert f'<td class="govuk-table__cell">{label}</td>' in overall
    assert "requires_improvement" not in overall


def test_compare_shows_questions_added_removed_and_reworded(admin_client: Any) -> None:
    _upload(admin_client, _yaml_file(_new_version()))
    page = admin_client.get(reverse("authoring:compare", args=[NEW_KEY])).content.decode()
    assert "compared with youth-justice@2021.1" in page
    assert "Questions added (1)" in page and "s2_1_new_question" in page
    assert "Questions removed (1)" in page
    assert "Questions reworded (1)" in page
    assert '<del><span class="govuk-visually-hidden">removed text: </span>sufficiently' in page
    assert '<ins><span class="govuk-visually-hidden">added text: </span>well' in page


@pytest.mark.parametrize("role", ["lead", "viewer", "yot_manager"])
def test_only_an_administrator_may_upload(
    role: Any, lead_inspector: Any, viewer: Any, yot_manager: Any, as_user: Any
) -> None:
    user = {"lead": lead_inspector, "viewer": viewer, "yot_manager": yot_manager}[role]
    response = _upload(as_user(user), _yaml_file(_new_version()))
    assert response.status_code == 403
    assert not StoredFramework.objects.exists()


@pytest.mark.parametrize("key", ["sqs@2015.1", "youth-justice@2021.1"])
def test_the_preview_drafts_a_sample_report_and_keeps_nothing(admin_client: Any, key: str) -> None:
    from casescreen.audit.models import AuditEvent
    from casescreen.cases.models import Case
    from casescreen.inspections.models import Inspection, Yot

    counts = [m.objects.count() for m in (Inspection, Yot, Case, AuditEvent)]
    page = admin_client.get(f"/frameworks/{key}/")
    assert page.status_code == 200
    html = page.content.decode()
    report = html[html.index('id="sample-report"') :]
    assert "Sampleshire (a made-up area)" in report
    if key.startswith("youth-justice"):
        assert "per cent of cases" in report and "Overall" in report
    else:
        assert "Report of Short Quality Screening (SQS)" in report and "Summary" in report
    # The sample was rolled back: no inspection, YOT, case or audit record was kept.
    assert [m.objects.count() for m in (Inspection, Yot, Case, AuditEvent)] == counts


def test_a_fact_a_case_does_not_record_is_refused_and_nothing_stored(admin_client: Any) -> None:
    raw = _new_version()
    raw["facts"]["housing_need"] = {
        "label": {"en": "The child needs housing", "cy": "Mae angen tai ar y plentyn"},
        "type": "boolean",
    }
    raw["facts"]["looked_after"]["type"] = "choice"
    raw["facts"]["looked_after"]["choices"] = {
        "yes": {"en": "Yes", "cy": "Ydy"},
        "no": {"en": "No", "cy": "Nac ydy"},
    }
    for upload in (_yaml_file(raw), _xlsx_file(raw)):
        response = _upload(admin_client, upload)
        assert response.status_code == 400
        page = response.content.decode()
        assert "a case does not record &#x27;housing_need&#x27;" in page
        assert "records &#x27;looked_after&#x27; as a boolean fact, not as a choice one" in page
    assert not StoredFramework.objects.exists()


def _english_only(node: Any) -> Any:
    """The data with every text {en: ..., cy: ...} reduced to its English form."""
    if isinstance(node, dict):
        if node and set(node) <= {"en", "cy"}:
            return node["en"]
        return {key: _english_only(value) for key, value in node.items() if key != "languages"}
    if isinstance(node, list):
        return [_english_only(value) for value in node]
    return node


@pytest.mark.parametrize("as_file", [_yaml_file, _xlsx_file], ids=["yaml", "workbook"])
def test_a_question_set_in_english_alone_is_stored_and_reads_in_english(
    admin_client: Any, as_file: Any
) -> None:
    raw = _english_only(_new_version())
    assert "languages" not in raw and isinstance(raw["questions"][2]["text"], str)
    response = _upload(admin_client, as_file(raw))
    assert response.status_code == 302
    stored = StoredFramework.objects.get(framework_id="youth-justice", version="2022.1")
    checked = check_upload("stored.yaml", stored.text.encode())
    assert checked.problems == ()
    assert checked.framework is not None and checked.framework.languages == ("en",)
    assert checked.framework.question("s2_1_new_question").text == "Is the assessment timely?"


def test_a_stored_version_altered_after_upload_is_shown_as_unreadable(admin_client: Any) -> None:
    _upload(admin_client, _yaml_file(_new_version()))
    StoredFramework.objects.filter(framework_id="youth-justice").update(text="altered: true")
    response = admin_client.get(reverse("authoring:detail", args=[NEW_KEY]))
    assert "the stored text has been changed since it was uploaded" in response.content.decode()
