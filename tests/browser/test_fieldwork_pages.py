"""The allocation and timetable pages of the Thornbury demo in headless Chromium, in their
normal and error states: one <h1>, a title of their own, and no axe-core violation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_all_pages_accessible import THORNBURY, check, check_error

pytestmark = pytest.mark.browser


def test_allocation_and_timetable_pages_pass_axe(open_as: Any) -> None:
    page = open_as("lead")
    page.goto(f"/inspections/{THORNBURY}/allocation/")
    check(page, "allocation")
    page.click("button:has-text('Allocate the selected cases')")
    check_error(page, "allocation without a case or an inspector")
    page.goto(f"/inspections/{THORNBURY}/allocation/cases/TB2201/")
    check(page, "allocation of one case")

    page.goto(f"/inspections/{THORNBURY}/timetable/")
    assert page.locator("#timetable tbody tr").count() == 6
    check(page, "timetable")
    page.goto(f"/inspections/{THORNBURY}/timetable/cases/TB2202/")
    check(page, "timetable slot of one case")
    # TB2203 is at noon on Monday with another inspector; TB2202's case manager is free
    # but its inspector (the lead) is busy with TB2205 at 13:30.
    page.check("label:has-text('Monday 16 March, 13:30')")
    page.click("button:has-text('Save')")
    check_error(page, "timetable slot refused")
    page.goto(f"/inspections/{THORNBURY}/timetable/settings/")
    check(page, "timetable settings")
    page.fill("#id_slot_minutes", "ninety")
    page.click("button:has-text('Save')")
    check_error(page, "timetable settings with an error")
    page.goto(f"/inspections/{THORNBURY}/timetable/unavailable/")
    check(page, "unavailability")
    page.click("button:has-text('Block out the period')")
    check_error(page, "unavailability with errors")

    # The demo's YOT manager runs Redbridge; Thornbury's sees its timetable only.
    from casescreen.accounts.models import User
    from casescreen.inspections.models import Inspection
    from tests.conftest import PASSWORD

    thornbury = Inspection.objects.get(reference=THORNBURY)
    User.objects.create_user(
        username="thornbury-manager", password=PASSWORD, role="yot_manager", yot=thornbury.yot
    )
    redbridge_manager = open_as("yotmanager")
    redbridge_manager.goto(f"/inspections/{THORNBURY}/timetable/")
    assert redbridge_manager.locator("#timetable").count() == 0
    manager = open_as("thornbury-manager")
    manager.goto(f"/inspections/{THORNBURY}/timetable/")
    assert manager.locator("#timetable tbody tr").count() == 6
    check(manager, "timetable, YOT manager")
