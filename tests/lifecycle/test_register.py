"""The YOT register and its CSV import: a preview, row errors, all rows or none."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

HEADER = "name,local_authority,nation,region,board_chair,manager_name,copy_list\n"
GOOD = HEADER + (
    "Redbridge YOT,London Borough of Redbridge,England,London,Ronke Martins-Taylor,Ruth Holmes,"
    '"Local Authority Chief Executive: Roger Hampson; Director of Children\'s Services: Pat Reynolds"\n'
    "Cardiff YOS,Cardiff Council,Wales,Wales,A Chair,A Manager,\n"
)


def _upload(client: Any, text: str) -> Any:
    return client.post(
        "/yots/import/",
        {"register": SimpleUploadedFile("register.csv", text.encode(), "text/csv")},
    )


def test_an_administrator_previews_then_imports_the_register(
    as_user: Any, administrator: Any
) -> None:
    from casescreen.inspections.models import Yot

    client = as_user(administrator)
    preview = _upload(client, GOOD)
    assert preview.status_code == 200
    assert b"Check the 2 YOTs before importing" in preview.content
    assert not Yot.objects.exists()

    imported = client.post("/yots/import/", {"csv_text": GOOD})
    assert imported.status_code == 302
    redbridge = Yot.objects.get(name="Redbridge YOT")
    assert (redbridge.nation, redbridge.board_chair, redbridge.manager_name) == (
        "england",
        "Ronke Martins-Taylor",
        "Ruth Holmes",
    )
    assert list(redbridge.copy_list.values_list("role_title", "name")) == [
        ("Local Authority Chief Executive", "Roger Hampson"),
        ("Director of Children's Services", "Pat Reynolds"),
    ]
    assert Yot.objects.get(name="Cardiff YOS").nation == "wales"
    register = client.get("/yots/")
    assert b"Pat Reynolds" in register.content


def test_importing_again_updates_known_yots_and_replaces_their_copy_list(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    from casescreen.audit.models import AuditEvent

    yot.copy_list.create(role_title="YOT Manager", role_title_cy="Rheolwr y TTI", name="Old Name")
    client = as_user(administrator)
    text = (
        HEADER
        + "Testshire YOT,Testshire Council,England,South West,,New Manager,YOT Manager: New Name\n"
    )
    assert client.post("/yots/import/", {"csv_text": text}).status_code == 302
    yot.refresh_from_db()
    assert yot.local_authority == "Testshire Council"
    assert list(yot.copy_list.values_list("name", flat=True)) == ["New Name"]
    # The file has no Welsh titles: the role still listed keeps the one held.
    assert yot.copy_list.get().role_title_cy == "Rheolwr y TTI"
    assert AuditEvent.objects.filter(object_type="Yot", field="manager_name").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD.replace("England,London", "Scotland,London"),
            "Row 2: nation must be England or Wales.",
        ),
        (
            GOOD.replace("Cardiff YOS,Cardiff Council", "Cardiff YOS,"),
            "Row 3: local authority is missing.",
        ),
        (GOOD + "Redbridge YOT,Again,England,,,,\n", "Row 4: Redbridge YOT appears twice"),
        (GOOD.replace("Roger Hampson;", "Roger Hampson; nobody;"), 'must be "Role: Name"'),
        ("yot,authority\nA,B\n", "missing: name, local_authority, nation"),
        (HEADER, "The file has no YOTs in it."),
        ("\x00\x01binary", "not a spreadsheet or other binary file"),
        (
            HEADER.rstrip("\n") + ",copy_list_cy\n" + "A YOT,A Council,Wales,,,,Police: A Name,"
            "Chief Constable: Prif Gwnstabl\n",
            "Row 2: copy_list_cy gives a Welsh title for Chief Constable, which the copy list",
        ),
        (
            HEADER.rstrip("\n") + ",copy_list_cy\n" + "A YOT,A Council,Wales,,,,Police: A Name,"
            "Heddlu\n",
            'Welsh title entry "Heddlu" must be "Role: Welsh title"',
        ),
    ],
)
def test_a_register_with_a_bad_row_imports_nothing(
    as_user: Any, administrator: Any, text: str, message: str
) -> None:
    from casescreen.inspections.models import CopyListContact, Yot

    client = as_user(administrator)
    response = _upload(client, text)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    confirmed = client.post("/yots/import/", {"csv_text": text})
    assert confirmed.status_code == 400
    assert not Yot.objects.exists() and not CopyListContact.objects.exists()


def test_a_register_with_an_overlong_cell_is_refused_in_words(
    as_user: Any, administrator: Any
) -> None:
    from casescreen.inspections.models import Yot

    response = _upload(as_user(administrator), HEADER + "A YOT," + "x" * 140_000 + ",England\n")
    assert response.status_code == 400
    assert b"a cell is longer than 131,072 characters" in response.content
    assert not Yot.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(as_user: Any, administrator: Any) -> None:
    response = as_user(administrator).post(
        "/yots/import/",
        {"register": SimpleUploadedFile("r.csv", "name,ä\n".encode("latin-1"), "text/csv")},
    )
    assert response.status_code == 400
    assert b"saved as UTF-8" in response.content


def test_a_row_error_names_the_row_as_the_file_numbers_it(as_user: Any, administrator: Any) -> None:
    from casescreen.inspections.models import Yot

    text = "name,local_authority,nation\n\nA YOT,A,England\n\nB YOT,B,Scotland\n"
    response = _upload(as_user(administrator), text)
    assert response.status_code == 400
    assert "Row 5: nation must be England or Wales." in response.content.decode()
    preview = _upload(as_user(administrator), "\n" + GOOD)
    assert [row.line for row in preview.context["preview"]] == [3, 4]
    assert not Yot.objects.exists()


def test_the_preview_names_each_nation_in_the_pages_language(
    as_user: Any, administrator: Any
) -> None:
    client = as_user(administrator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    preview = _upload(client, GOOD)
    cells = re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', preview.content.decode())
    assert "Lloegr" in cells and "Cymru" in cells
    assert "England" not in cells and "Wales" not in cells


def test_checking_without_a_file_asks_for_one_at_the_field(
    as_user: Any, administrator: Any
) -> None:
    response = as_user(administrator).post("/yots/import/", {})
    assert response.status_code == 400
    assert response.context["errors"] == [{"href": "#register", "message": "Choose a CSV file."}]
    body = response.content.decode()
    assert '<p class="govuk-error-message" id="register-error">' in body
    assert 'aria-describedby="register-error"' in body
    assert "govuk-file-upload--error" in body
    empty = _upload(as_user(administrator), "")
    assert empty.context["errors"] == [{"href": "#register", "message": "The file is empty"}]


@pytest.mark.parametrize("persona", ["lead_inspector", "yot_manager", "viewer"])
def test_only_administrators_see_the_register_and_the_calendar(
    request: Any, as_user: Any, persona: str
) -> None:
    client = as_user(request.getfixturevalue(persona))
    assert client.get("/yots/").status_code == 403
    assert client.get("/calendar/").status_code == 403
    assert client.post("/yots/import/", {"csv_text": GOOD}).status_code == 403


def test_the_calendar_lists_inspections_by_month_with_their_status(
    as_user: Any, administrator: Any, demo: Any
) -> None:
    from casescreen.inspections.models import Inspection

    Inspection.objects.create(
        yot=demo.yot,
        reference="later",
        framework_id="sqs",
        framework_version="2015.1",
        fieldwork_start=date(2016, 5, 9),
        fieldwork_end=date(2016, 5, 11),
    )
    page = as_user(administrator).get("/calendar/").content.decode()
    assert page.index("February 2015") < page.index("March 2015") < page.index("May 2016")
    assert "Fieldwork" in page and "Planned" in page


def test_fieldwork_across_a_year_end_shows_both_years(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    from casescreen.inspections.models import Inspection

    for reference, start, end in (
        ("winter", date(2015, 12, 30), date(2016, 1, 2)),
        ("spring", date(2016, 3, 7), date(2016, 3, 9)),
    ):
        Inspection.objects.create(
            yot=yot,
            reference=reference,
            framework_id="sqs",
            framework_version="2015.1",
            fieldwork_start=start,
            fieldwork_end=end,
        )
    page = as_user(administrator).get("/calendar/").content.decode()
    assert "30 Dec 2015 to 2 Jan 2016" in page
    assert "7 Mar to 9 Mar 2016" in page


def test_the_welsh_names_of_a_yot_in_wales_are_imported_and_kept_when_absent(
    as_user: Any, administrator: Any
) -> None:
    from casescreen.inspections.models import Yot

    client = as_user(administrator)
    welsh = (
        HEADER.rstrip("\n")
        + ",name_cy,local_authority_cy\n"
        + "Cardiff YOS,Cardiff Council,Wales,Wales,A Chair,A Manager,,"
        + "Gwasanaeth Troseddau Ieuenctid Caerdydd,Cyngor Caerdydd\n"
    )
    preview = _upload(client, welsh).content.decode()
    assert '<span class="govuk-body-s" lang="cy">Cyngor Caerdydd</span>' in preview

    assert client.post("/yots/import/", {"csv_text": welsh}).status_code == 302
    cardiff = Yot.objects.get(name="Cardiff YOS")
    assert (cardiff.name_cy, cardiff.local_authority_cy) == (
        "Gwasanaeth Troseddau Ieuenctid Caerdydd",
        "Cyngor Caerdydd",
    )
    register = client.get("/yots/").content.decode()
    assert (
        '<span class="govuk-body-s" lang="cy">Gwasanaeth Troseddau Ieuenctid Caerdydd' in register
    )

    # A file without the Welsh columns updates the rest and keeps the Welsh names.
    assert client.post("/yots/import/", {"csv_text": GOOD}).status_code == 302
    cardiff.refresh_from_db()
    assert cardiff.board_chair == "A Chair"
    assert cardiff.name_cy == "Gwasanaeth Troseddau Ieuenctid Caerdydd"


def test_the_welsh_titles_of_the_copy_list_are_imported_changed_and_kept_when_absent(
    as_user: Any, administrator: Any
) -> None:
    from casescreen.audit.models import AuditEvent
    from casescreen.inspections.models import Yot

    client = as_user(administrator)
    header = HEADER.rstrip("\n") + ",copy_list_cy\n"
    row = (
        'Cardiff YOS,Cardiff Council,Wales,Wales,A Chair,A Manager,"Police: A Name; '
        "Director of Children's Services: B Name\","
    )

    def titles() -> list[tuple[str, str]]:
        yot = Yot.objects.get(name="Cardiff YOS")
        return list(yot.copy_list.values_list("role_title", "role_title_cy"))

    welsh = header + row + '"police: Heddlu"\n'
    assert client.post("/yots/import/", {"csv_text": welsh}).status_code == 302
    assert titles() == [("Police", "Heddlu"), ("Director of Children's Services", "")]

    changed = header + row + '"Director of Children\'s Services: Cyfarwyddwr; Police: Yr Heddlu"\n'
    assert client.post("/yots/import/", {"csv_text": changed}).status_code == 302
    assert titles() == [("Police", "Yr Heddlu"), ("Director of Children's Services", "Cyfarwyddwr")]
    last = AuditEvent.objects.filter(field="copy_list").latest("id")
    assert last.old_value == "Police (Heddlu): A Name; Director of Children's Services: B Name"
    assert last.new_value == (
        "Police (Yr Heddlu): A Name; Director of Children's Services (Cyfarwyddwr): B Name"
    )

    # Without the column the titles held stay; with it empty, the roles have none.
    events = AuditEvent.objects.filter(field="copy_list").count()
    assert client.post("/yots/import/", {"csv_text": HEADER + row + "\n"}).status_code == 302
    assert titles() == [("Police", "Yr Heddlu"), ("Director of Children's Services", "Cyfarwyddwr")]
    assert AuditEvent.objects.filter(field="copy_list").count() == events
    assert client.post("/yots/import/", {"csv_text": header + row + "\n"}).status_code == 302
    assert titles() == [("Police", ""), ("Director of Children's Services", "")]


def test_a_column_left_out_of_the_file_keeps_what_the_register_holds(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    from casescreen.audit.models import AuditEvent

    yot.region, yot.board_chair, yot.manager_name = "South West", "A Chair", "A Manager"
    yot.save()
    yot.copy_list.create(role_title="Police", role_title_cy="Heddlu", name="A Name")
    events = AuditEvent.objects.count()
    client = as_user(administrator)
    text = "name,local_authority,nation\nTestshire YOT,Testshire Council,England\n"

    preview = _upload(client, text)
    assert "Not in the file: kept" in preview.content.decode()
    assert client.post("/yots/import/", {"csv_text": text}).status_code == 302

    yot.refresh_from_db()
    assert yot.local_authority == "Testshire Council"
    assert (yot.region, yot.board_chair, yot.manager_name) == ("South West", "A Chair", "A Manager")
    assert list(yot.copy_list.values_list("role_title", "role_title_cy", "name")) == [
        ("Police", "Heddlu", "A Name")
    ]
    assert list(AuditEvent.objects.order_by("id")[events:].values_list("field", flat=True)) == [
        "local_authority"
    ]


def test_welsh_titles_without_the_copy_list_are_refused(as_user: Any, administrator: Any) -> None:
    from casescreen.inspections.models import Yot

    text = "name,local_authority,nation,copy_list_cy\nA YOT,A Council,Wales,Police: Heddlu\n"
    response = _upload(as_user(administrator), text)
    assert response.status_code == 400
    assert "gives Welsh titles for the copy_list column: add it" in html.unescape(
        response.content.decode()
    )
    assert not Yot.objects.exists()


def test_a_yot_named_in_another_case_is_refused_not_added_twice(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    from casescreen.inspections.models import Yot

    text = "name,local_authority,nation\nTESTSHIRE yot,Testshire Council,England\n"
    response = _upload(as_user(administrator), text)
    assert response.status_code == 400
    assert "Row 2: the register holds this YOT as Testshire YOT" in html.unescape(
        response.content.decode()
    )
    assert list(Yot.objects.values_list("name", "local_authority")) == [
        ("Testshire YOT", "Testshire County Council")
    ]


def test_one_yot_is_counted_as_one(as_user: Any, administrator: Any) -> None:
    one = HEADER + "Cardiff YOS,Cardiff Council,Wales,Wales,A Chair,A Manager,\n"
    client = as_user(administrator)
    assert "Check the 1 YOT before importing" in _upload(client, one).content.decode()
    imported = client.post("/yots/import/", {"csv_text": one}, follow=True)
    assert "1 YOT imported." in imported.content.decode()
