"""The YOT register's own pages: add and edit a YOT, keep its copy list, every change audited."""

from __future__ import annotations

import html
from typing import Any

import pytest

from casescreen.audit.models import AuditEvent
from casescreen.inspections.models import Yot

REDBRIDGE = {
    "name": "Redbridge YOT",
    "local_authority": "London Borough of Redbridge",
    "nation": "england",
    "region": "London",
    "board_chair": "Ronke Martins-Taylor",
    "manager_name": "Ruth Holmes",
    "manager_email": "ruth.holmes@redbridge.example",
}


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_an_administrator_adds_a_yot_with_its_manager_email(
    as_user: Any, administrator: Any
) -> None:
    client = as_user(administrator)
    response = client.post("/yots/add/", REDBRIDGE)
    yot = Yot.objects.get(name="Redbridge YOT")
    assert response.status_code == 302 and response["Location"] == f"/yots/{yot.pk}/"
    assert {key: getattr(yot, key) for key in REDBRIDGE} == REDBRIDGE
    assert AuditEvent.objects.filter(object_type="Yot", object_id=str(yot.pk), action="create")
    register = _text(client.get("/yots/"))
    assert "ruth.holmes@redbridge.example" in register and f"/yots/{yot.pk}/" in register


def test_an_administrator_edits_a_yot_and_each_change_is_audited(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    client = as_user(administrator)
    page = client.get(f"/yots/{yot.pk}/")
    assert page.status_code == 200 and 'value="Testshire YOT"' in page.content.decode()
    values = {
        "name": "Testshire Youth Justice Service",
        "local_authority": yot.local_authority,
        "nation": "england",
        "manager_email": "manager@testshire.example",
    }
    assert client.post(f"/yots/{yot.pk}/", values).status_code == 302
    yot.refresh_from_db()
    assert (yot.name, yot.manager_email) == (values["name"], values["manager_email"])
    changed = AuditEvent.objects.filter(object_type="Yot", object_id=str(yot.pk), action="change")
    assert dict(changed.values_list("field", "new_value")) == {
        "name": values["name"],
        "manager_email": values["manager_email"],
    }


@pytest.mark.parametrize(
    ("change", "message", "field"),
    [
        ({"name": ""}, "Enter the YOT's name", "name"),
        ({"local_authority": ""}, "Enter the local authority", "local_authority"),
        ({"nation": "scotland"}, "Choose England or Wales", "nation"),
        ({"nation": ""}, "Choose England or Wales", "nation"),
        (
            {"manager_email": "not an email"},
            "Enter the YOT manager's email in the right",
            "manager_email",
        ),
        ({"name": "x" * 201}, "The YOT's name must be 200 characters or fewer", "name"),
        ({"board_chair": "A\x00B"}, "control character", "board_chair"),
    ],
)
def test_bad_details_are_refused_naming_the_field(
    as_user: Any, administrator: Any, change: dict[str, str], message: str, field: str
) -> None:
    response = as_user(administrator).post("/yots/add/", REDBRIDGE | change)
    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text and message in text
    assert f'href="#{field}"' in text and f'id="{field}"' in text
    assert not Yot.objects.exists()


def test_a_name_already_in_the_register_is_refused(
    as_user: Any, administrator: Any, yot: Any, other_yot: Any
) -> None:
    client = as_user(administrator)
    added = client.post("/yots/add/", REDBRIDGE | {"name": "testshire yot"})
    assert added.status_code == 400
    assert "There is already a YOT called testshire yot in the register" in _text(added)
    assert Yot.objects.count() == 2
    renamed = client.post(f"/yots/{other_yot.pk}/", REDBRIDGE | {"name": yot.name})
    assert renamed.status_code == 400
    assert f"There is already a YOT called {yot.name}" in _text(renamed)
    other_yot.refresh_from_db()
    assert other_yot.name == "Elsewhere YOT"


def test_the_copy_list_is_added_to_reordered_and_removed_from(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    client = as_user(administrator)
    url = f"/yots/{yot.pk}/copy-list/"
    for role, name in (
        ("Local Authority Chief Executive", "Roger Hampson"),
        ("Director of Children's Services", "Pat Reynolds"),
        ("Police Commander", "Sam Lee"),
    ):
        assert (
            client.post(url, {"action": "add", "role_title": role, "name": name}).status_code == 302
        )

    def order() -> list[str]:
        return list(yot.copy_list.order_by("position").values_list("name", flat=True))

    assert order() == ["Roger Hampson", "Pat Reynolds", "Sam Lee"]
    sam = yot.copy_list.get(name="Sam Lee")
    assert client.post(url, {"action": "up", "contact": sam.pk}).status_code == 302
    assert order() == ["Roger Hampson", "Sam Lee", "Pat Reynolds"]
    roger = yot.copy_list.get(name="Roger Hampson")
    refused = client.post(url, {"action": "up", "contact": roger.pk})
    assert refused.status_code == 400 and "already at the top" in _text(refused)
    assert client.post(url, {"action": "remove", "contact": roger.pk}).status_code == 302
    assert order() == ["Sam Lee", "Pat Reynolds"]
    assert list(yot.copy_list.order_by("position").values_list("position", flat=True)) == [0, 1]
    last = AuditEvent.objects.filter(field="copy_list").latest("id")
    assert (
        last.new_value == "Police Commander: Sam Lee; Director of Children's Services: Pat Reynolds"
    )
    assert "Sam Lee" in _text(client.get(f"/yots/{yot.pk}/"))


def test_a_role_on_the_copy_list_can_be_given_in_welsh(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    client = as_user(administrator)
    url = f"/yots/{yot.pk}/copy-list/"
    data = {
        "action": "add",
        "role_title": "Director of Children's Services",
        "role_title_cy": "Cyfarwyddwr Gwasanaethau Plant",
        "name": "Pat Reynolds",
    }
    assert client.post(url, data).status_code == 302
    contact = yot.copy_list.get()
    assert contact.role_title_in("cy") == "Cyfarwyddwr Gwasanaethau Plant"
    assert contact.role_title_in("en") == "Director of Children's Services"
    assert '<span class="govuk-body-s" lang="cy">Cyfarwyddwr Gwasanaethau Plant</span>' in _text(
        client.get(url)
    )
    last = AuditEvent.objects.filter(field="copy_list").latest("id")
    assert last.new_value == (
        "Director of Children's Services (Cyfarwyddwr Gwasanaethau Plant): Pat Reynolds"
    )


def test_a_role_twice_on_the_copy_list_is_refused(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    yot.copy_list.create(role_title="Police Commander", name="Sam Lee")
    client = as_user(administrator)
    response = client.post(
        f"/yots/{yot.pk}/copy-list/",
        {"action": "add", "role_title": "police commander", "name": "Other"},
    )
    assert response.status_code == 400
    assert "already has a police commander" in _text(response)
    empty = client.post(
        f"/yots/{yot.pk}/copy-list/", {"action": "add", "role_title": "", "name": ""}
    )
    assert empty.status_code == 400 and "Enter the role" in _text(empty)
    assert list(yot.copy_list.values_list("name", flat=True)) == ["Sam Lee"]


@pytest.mark.django_db
def test_a_register_file_names_its_nations_in_english_whatever_the_language() -> None:
    from django.utils import translation

    from casescreen.inspections.yots import parse_register

    content = (
        b"name,local_authority,nation,region,board_chair,manager_name,copy_list\n"
        b"Cardiff YOS,Cardiff Council,Wales,Wales,A Chair,A Manager,\n"
    )
    for language in ("en-gb", "cy"):
        with translation.override(language):
            parsed = parse_register(content)
        assert parsed.errors == []
        assert [row.nation for row in parsed.rows] == ["wales"]
