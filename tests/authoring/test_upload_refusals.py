"""Uploads whose ids, version or texts would break a page or the workbook later are
refused in words, and nothing is stored."""

from __future__ import annotations

import io
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casescreen.authoring.workbook import workbook_of
from casescreen.frameworks.loader import check_framework
from casescreen.frameworks.models import StoredFramework
from tests.authoring.test_authoring import NEW_KEY, _new_version, _upload, _yaml_file


@pytest.fixture
def admin_client(administrator: Any, as_user: Any) -> Any:
    return as_user(administrator)


URL_SAFE = "use only letters, digits, dots, hyphens and underscores"


def _theme_id(raw: dict[str, Any], value: str) -> None:
    raw["themes"][0]["id"] = value


def _paragraph_id(raw: dict[str, Any], value: str) -> None:
    raw["themes"][0]["paragraphs"][0]["id"] = value


def _question_id(raw: dict[str, Any], value: str) -> None:
    raw["questions"][0]["id"] = value


def _version(raw: dict[str, Any], value: str) -> None:
    raw["version"] = value


def _control(raw: dict[str, Any], value: str) -> None:
    raw["questions"][0]["guidance"]["en"] = value


@pytest.mark.parametrize(
    ("change", "value", "message"),
    [
        (_version, "2015/2", URL_SAFE),
        (_version, "..", URL_SAFE),
        (_version, "2" * 21, "at most 20 characters"),
        (_theme_id, "", "at least 1 characters"),
        (_theme_id, "1/2", URL_SAFE),
        (_theme_id, "t" * 41, "at most 40 characters"),
        (_paragraph_id, "1 / 1", URL_SAFE),
        (_paragraph_id, "1.123456789", "at most 10 characters"),
        (_question_id, "q" * 61, "at most 60 characters"),
        (_control, "First line\vsecond line", "control character (U+000B)"),
        (_control, "Bell\x07", "control character (U+0007)"),
    ],
)
def test_an_id_version_or_text_that_would_break_a_page_is_refused_and_nothing_stored(
    admin_client: Any, change: Any, value: str, message: str
) -> None:
    raw = _new_version()
    change(raw, value)
    response = _upload(admin_client, _yaml_file(raw))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StoredFramework.objects.exists()
    # The list of question sets still works for every administrator.
    assert admin_client.get(reverse("authoring:list")).status_code == 200


def test_a_control_character_is_named_where_it_is() -> None:
    raw = _new_version()
    raw["questions"][0]["guidance"]["en"] = "Pasted\vfrom Word"
    framework, problems = check_framework(raw)
    assert framework is None
    [problem] = problems
    qid = raw["questions"][0]["id"]
    assert str(problem).startswith(f"question {qid}, field guidance, field en: ")
    assert problem.loc == ("questions", 0, "guidance", "en")


@pytest.mark.parametrize("text", ["Tab\there", "Lines\nand\r\nreturns"])
def test_tabs_and_line_breaks_are_allowed_in_texts(text: str) -> None:
    raw = _new_version()
    raw["questions"][0]["guidance"]["en"] = text
    framework, problems = check_framework(raw)
    assert framework is not None and problems == []


def test_ids_and_versions_made_of_letters_digits_dots_hyphens_and_underscores_pass() -> None:
    raw = _new_version(version="2022.1-rc_2")
    raw["themes"][0]["id"] = "A_1-b"
    framework, problems = check_framework(raw)
    assert problems == [] and framework is not None
    assert framework.version == "2022.1-rc_2" and framework.themes[0].id == "A_1-b"


def test_a_workbook_giving_a_key_question_twice_is_refused_and_nothing_stored(
    admin_client: Any,
) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook_of(_new_version())))
    sheet = book["key_questions"]
    first = [cell.value for cell in sheet[2]]
    sheet.append([first[0], "Another label", "Label arall"])
    out = io.BytesIO()
    book.save(out)

    response = _upload(admin_client, SimpleUploadedFile("youth-2022.xlsx", out.getvalue()))

    assert response.status_code == 400
    row = sheet.max_row
    assert (
        f"key_questions, row {row}, column id: key question &#x27;{first[0]}&#x27; is given twice"
    ) in response.content.decode()
    assert not StoredFramework.objects.exists()


def test_a_yaml_file_giving_a_key_twice_is_refused_and_nothing_stored(admin_client: Any) -> None:
    text = yaml.safe_dump(_new_version(), sort_keys=False)
    lines = text.splitlines()
    facts = lines.index("facts:")
    # A fact pasted in again further down: a YAML reader would keep only the later one.
    text = "\n".join(
        [*lines[: facts + 1], "  looked_after:", "    label: Looked after", "    type: boolean"]
        + lines[facts + 1 :]
    )
    again = text.splitlines().index("  looked_after:", facts + 2) + 1

    response = _upload(admin_client, SimpleUploadedFile("youth-2022.yaml", text.encode()))

    assert response.status_code == 400
    page = response.content.decode()
    assert f"line {again}" in page
    assert f"&#x27;looked_after&#x27; is given twice (first on line {facts + 2})" in page
    assert not StoredFramework.objects.exists()


def test_a_draft_uploaded_again_says_it_replaced_the_draft(admin_client: Any) -> None:
    _upload(admin_client, _yaml_file(_new_version()))

    response = _upload(admin_client, _yaml_file(_new_version()))
    page = admin_client.get(response["Location"]).content.decode()

    assert f"{NEW_KEY} passed every check and replaced the draft" in page
    assert StoredFramework.objects.get().key == NEW_KEY
