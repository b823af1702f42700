"""An inspection from the YOT register to the interview timetable, in headless Chromium.

An administrator registers the YOT, plans the inspection and builds its team; the lead
inspector announces it (the letter is emailed to the YOT manager), imports the case list
the YOT sent, draws the sample, applies the suggested allocation, builds the suggested
timetable and sends it to the YOT manager; an inspector then finds their own cases first
on the inspection page. Every step goes through the service's own pages: none of
Django's admin pages is opened.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from openpyxl import Workbook

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

REFERENCE = "kingsbridge-2025-03"
MANAGER_EMAIL = "dana.wells@kingsbridge.example.org"
# A Monday, and in the past: the import refuses dates after today. Fieldwork runs to the
# Wednesday.
FIELDWORK_START = date(2025, 3, 3)
# Generous: the machine running the tests may be busy with other work.
TIMEOUT_MS = 60_000
# Six cases supervised long enough to be eligible, each with its own case manager, and
# one started too recently to be sampled.
ELIGIBLE = [f"KB{n:04d}" for n in range(1, 7)]
TOO_RECENT = "KB0099"


def _case_list_xlsx() -> bytes:
    """The case list as the YOT exports it, with the column names the import page knows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Case reference",
            "Child name",
            "Date of birth",
            "Gender",
            "Ethnicity",
            "Sentence type",
            "Supervision start date",
            "RoSH",
            "Case manager",
        ]
    )
    starts = {ref: FIELDWORK_START - timedelta(weeks=7 + i) for i, ref in enumerate(ELIGIBLE)}
    starts[TOO_RECENT] = FIELDWORK_START - timedelta(weeks=2)
    for i, (reference, start) in enumerate(starts.items()):
        sheet.append(
            [
                reference,
                f"Child Number{i}",
                datetime(2010, 1, 1 + i),
                "Male" if i % 2 else "Female",
                "White British",
                "Referral Order" if i % 3 else "YRO",
                datetime(start.year, start.month, start.day),
                "Medium",
                f"Case Manager {i}",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def people(transactional_db: Any) -> dict[str, Any]:
    from casescreen.accounts.models import User

    def user(username: str, first: str, last: str, **extra: Any) -> Any:
        return User.objects.create_user(
            username=username,
            password=PASSWORD,
            first_name=first,
            last_name=last,
            email=f"{username}@inspectorate.example.org",
            **extra,
        )

    return {
        "admin": user("admin", "Ada", "Admin", role="administrator", is_staff=True),
        "lead": user("lead", "Lena", "Lead"),
        "ian": user("ian", "Ian", "Inspector"),
        "isla": user("isla", "Isla", "Inspector"),
    }


@pytest.fixture
def requested() -> list[str]:
    """Every address the browser requests, whoever is signed in."""
    return []


@pytest.fixture
def open_as(browser: Any, live_server: Any, people: Any, requested: list[str]) -> Iterator[Any]:
    """A signed-in page per person, in a browser context of its own."""
    contexts: list[Any] = []

    def open_page(username: str) -> Any:
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.on("request", lambda request: requested.append(request.url))
        contexts.append(context)
        page = context.new_page()
        sign_in(page, username, PASSWORD)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _fill_date(page: Any, prefix: str, day: date) -> None:
    page.fill(f"#{prefix}_day", str(day.day))
    page.fill(f"#{prefix}_month", str(day.month))
    page.fill(f"#{prefix}_year", str(day.year))


def _task(page: Any, name: str) -> Any:
    return page.locator("#tasks").get_by_role("link", name=name, exact=True)


def _task_status(page: Any, key: str) -> str:
    return str(page.locator(f"#task-{key}-status").inner_text()).strip()


def _person(user: Any) -> str:
    """How the team page's list names a person."""
    return f"{user.get_full_name()} ({user.username}, {user.get_role_display()})"


def _add_to_team(page: Any, user: Any, role: str) -> None:
    page.select_option("#member", label=_person(user))
    page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Add to the team").click()
    page.wait_for_selector(f"text={user.username} is on the team as {role.lower()}")


def test_an_inspection_from_the_register_to_the_timetable(
    open_as: Any, people: dict[str, Any], requested: list[str], settings: Any
) -> None:
    from django.core import mail

    from casescreen.assessments.models import Assessment
    from casescreen.fieldwork.models import Interview
    from casescreen.frameworks import get_framework
    from casescreen.inspections.lifecycle import announcement_due
    from casescreen.inspections.models import Inspection
    from casescreen.inspections.services import published_frameworks

    # The live server runs in this process: its emails land in mail.outbox.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    began = time.monotonic()

    # The administrator adds the YOT to the register, with its manager's address.
    admin = open_as("admin")
    admin.get_by_role("link", name="YOT register").first.click()
    admin.wait_for_url("**/yots/")
    admin.get_by_role("link", name="Add a YOT").click()
    admin.wait_for_url("**/yots/add/")
    admin.get_by_label("YOT name", exact=True).fill("Kingsbridge YOT")
    admin.get_by_label("Local authority", exact=True).fill("Kingsbridge Council")
    admin.get_by_label("England").check()
    admin.get_by_label("YOT manager's name").fill("Dana Wells")
    admin.get_by_label("YOT manager's email").fill(MANAGER_EMAIL)
    admin.get_by_role("button", name="Add the YOT").click()
    admin.wait_for_selector("text=is added to the register")

    # Plans the inspection, with a question set chosen from the published ones.
    # The SQS question set, whose three days of fieldwork and case windows this test follows.
    framework_id, version = next(key for key in published_frameworks() if key[0] == "sqs")
    admin.get_by_role("link", name="Plan an inspection").first.click()
    admin.wait_for_url("**/plan/")
    admin.select_option("#yot", label="Kingsbridge YOT")
    title = get_framework(framework_id, version).title
    admin.get_by_label(f"{title}, version {version}", exact=True).check()
    due = announcement_due(FIELDWORK_START, get_framework(framework_id, version).schedule)
    _fill_date(admin, "announcement", due)
    _fill_date(admin, "start", FIELDWORK_START)
    _fill_date(admin, "end", FIELDWORK_START + timedelta(days=2))
    admin.get_by_role("button", name="Continue").click()
    admin.wait_for_url("**/plan/reference/")
    admin.get_by_label("Reference").fill(REFERENCE)
    admin.get_by_role("button", name="Continue").click()
    admin.wait_for_url("**/plan/check/")
    admin.get_by_role("button", name="Create the inspection").click()
    admin.wait_for_url(f"**/inspections/{REFERENCE}/team/")
    inspection = Inspection.objects.get(reference=REFERENCE)
    assert (inspection.framework_id, inspection.framework_version) == (framework_id, version)
    assert inspection.yot.manager_email == MANAGER_EMAIL

    # Builds the team: a lead and two inspectors.
    _add_to_team(admin, people["lead"], "Lead inspector")
    _add_to_team(admin, people["ian"], "Inspector")
    _add_to_team(admin, people["isla"], "Inspector")
    assert admin.locator("#team tbody tr").count() == 3
    admin.goto(f"/inspections/{REFERENCE}/")
    assert _task_status(admin, "plan") == "Completed"

    # The lead announces it on the day it is due; the letter goes to the YOT manager.
    lead = open_as("lead")
    lead.goto(f"/inspections/{REFERENCE}/")
    _task(lead, "Announce the inspection").click()
    lead.wait_for_url(f"**/inspections/{REFERENCE}/announce/")
    lead.get_by_label("Day", exact=True).fill(str(due.day))
    lead.get_by_label("Month", exact=True).fill(str(due.month))
    lead.get_by_label("Year", exact=True).fill(str(due.year))
    lead.get_by_role("button", name="Announce and produce the letter").click()
    lead.wait_for_url(f"**/inspections/{REFERENCE}/announcement-letter/")
    lead.wait_for_selector(f"text=the letter has been emailed to {MANAGER_EMAIL}")
    [letter] = mail.outbox
    assert letter.to == [MANAGER_EMAIL]
    [(name, content, mimetype)] = letter.attachments
    assert (name, mimetype) == (f"{REFERENCE}-announcement.pdf", "application/pdf")
    assert content.startswith(b"%PDF")

    # Imports the case list the YOT sent, as an Excel workbook.
    lead.goto(f"/inspections/{REFERENCE}/")
    assert _task_status(lead, "announce") == "Completed"
    _task(lead, "Import the case list").click()
    lead.wait_for_url(f"**/inspections/{REFERENCE}/import/")
    lead.get_by_label("Upload the case list").set_input_files(
        files=[
            {
                "name": "kingsbridge-cases.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": _case_list_xlsx(),
            }
        ]
    )
    lead.get_by_role("button", name="Upload and preview").click()
    lead.wait_for_url("**/preview/")
    assert lead.locator("#count-created").inner_text() == str(len(ELIGIBLE) + 1)
    assert lead.locator("#count-rejected").inner_text() == "0"
    lead.get_by_role("button", name=f"Import {len(ELIGIBLE) + 1} cases").click()
    lead.wait_for_url(f"**/inspections/{REFERENCE}/sample/")
    assert lead.locator("#count-cases").inner_text() == str(len(ELIGIBLE) + 1)
    assert lead.locator("#count-eligible").inner_text() == str(len(ELIGIBLE))

    # Draws the sample: with so few eligible cases, every one of them.
    lead.get_by_role("button", name="Draw the sample").click()
    lead.wait_for_selector(f"text=Sample drawn: {len(ELIGIBLE)} cases")
    sampled = sorted(
        Assessment.objects.filter(case__inspection=inspection).values_list(
            "case__reference", flat=True
        )
    )
    assert sampled == ELIGIBLE

    # Applies the suggested allocation, from the task list.
    lead.goto(f"/inspections/{REFERENCE}/")
    assert _task_status(lead, "sample") == "Completed"
    _task(lead, "Allocate cases and set the timetable").click()
    lead.wait_for_url(f"**/inspections/{REFERENCE}/allocation/")
    lead.get_by_role(
        "button", name=f"Apply the suggested allocation to {len(ELIGIBLE)} cases"
    ).click()
    lead.wait_for_selector(f"text=The suggested allocation was applied to {len(ELIGIBLE)} cases")
    allocated = dict(
        Assessment.objects.filter(case__inspection=inspection).values_list(
            "case__reference", "inspector__username"
        )
    )
    assert None not in allocated.values()
    assert set(allocated.values()) == {"lead", "ian", "isla"}

    # Builds the suggested timetable and sends it to the YOT manager.
    lead.get_by_role("link", name="Interview timetable").first.click()
    lead.wait_for_url(f"**/inspections/{REFERENCE}/timetable/")
    lead.get_by_role("button", name="Fill the timetable with the suggested slots").click()
    lead.wait_for_selector(f"text={len(ELIGIBLE)} interviews booked.")
    assert lead.locator("#timetable tbody tr").count() == len(ELIGIBLE)
    assert Interview.objects.filter(case__inspection=inspection).count() == len(ELIGIBLE)
    lead.get_by_role("button", name="Send the timetable to the YOT manager").click()
    lead.wait_for_selector(f"text=The timetable has been emailed to {MANAGER_EMAIL}")
    timetable = mail.outbox[-1]
    assert len(mail.outbox) == 2 and timetable.to == [MANAGER_EMAIL]
    [(name, content, mimetype)] = timetable.attachments
    assert (name, mimetype) == (f"{REFERENCE}-timetable.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    for message in mail.outbox:
        assert "Child Number" not in message.body

    # An inspector whose cases are not first in reference order finds them first.
    first_case = min(allocated)
    inspector = next(name for name in ("ian", "isla") if allocated[first_case] != name)
    own = sorted(ref for ref, name in allocated.items() if name == inspector)
    assert own and len(own) < len(ELIGIBLE)
    page = open_as(inspector)
    page.goto(f"/inspections/{REFERENCE}/")
    rows = page.locator("#case-table tbody tr")
    assert rows.count() == len(ELIGIBLE)
    headers = [h.strip() for h in page.locator("#case-table thead th").all_inner_texts()]
    column = headers.index("Inspector")
    shown = [
        (
            rows.nth(i).locator("td").nth(0).inner_text().strip(),
            rows.nth(i).locator("td").nth(column).inner_text().strip(),
        )
        for i in range(rows.count())
    ]
    name = people[inspector].get_full_name()
    assert sorted(ref for ref, _ in shown[: len(own)]) == own
    assert all(who == name for _, who in shown[: len(own)])
    assert all(who != name for _, who in shown[len(own) :])

    # No step needed Django's admin.
    paths = [urlsplit(url).path for url in requested]
    assert paths and not [path for path in paths if path.startswith("/admin/")]
    print(f"\nThe whole inspection took {time.monotonic() - began:.1f} s in the browser.")
