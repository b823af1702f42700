"""The planning pages in headless Chromium: the YOT register's pages, planning an
inspection, its team and the inspection page's task list pass axe-core, in their normal
and error states."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_all_pages_accessible import _extra_users, check, check_error

pytestmark = pytest.mark.browser


def _fill_date(page: Any, prefix: str, day: int, month: int, year: int) -> None:
    page.fill(f"#{prefix}_day", str(day))
    page.fill(f"#{prefix}_month", str(month))
    page.fill(f"#{prefix}_year", str(year))


def _user_pk(username: str) -> int:
    from casescreen.accounts.models import User

    return User.objects.get(username=username).pk


def test_planning_pages_pass_axe(open_as: Any) -> None:
    from casescreen.inspections.models import Inspection, Yot

    _extra_users()
    page = open_as("admin")

    # A YOT: added with an error first, then edited, then its copy list.
    page.goto("/yots/")
    page.click("a:has-text('Add a YOT')")
    check(page, "add a YOT")
    page.fill("#manager_email", "not an email")
    page.click("button:has-text('Add the YOT')")
    check_error(page, "add a YOT with errors")
    page.fill("#name", "Kingsbridge YOT")
    page.fill("#local_authority", "Kingsbridge Council")
    page.check("#nation")
    page.fill("#manager_email", "manager@kingsbridge.example")
    page.click("button:has-text('Add the YOT')")
    page.wait_for_selector("text=is added to the register")
    check(page, "edit a YOT")
    yot = Yot.objects.get(name="Kingsbridge YOT")
    page.fill("#name", "Redbridge YOT")
    page.click("button:has-text('Save the changes')")
    check_error(page, "edit a YOT, name taken")
    page.goto(f"/yots/{yot.pk}/copy-list/")
    check(page, "copy list, empty")
    page.click("button:has-text('Add to the copy list')")
    check_error(page, "copy list, nothing entered")
    for role, name in (("Chief Executive", "A Person"), ("Police Commander", "B Person")):
        page.fill("#role_title", role)
        page.fill("#name", name)
        page.click("button:has-text('Add to the copy list')")
        page.wait_for_selector(f"text={role} is added")
    check(page, "copy list with two entries")
    page.click("button:has-text('Move up')")
    assert list(yot.copy_list.order_by("position").values_list("role_title", flat=True)) == [
        "Police Commander",
        "Chief Executive",
    ]

    # Planning: the question page, its errors, the reference, check answers with a warning.
    page.goto("/")
    page.click("#main-content a:has-text('Plan an inspection')")
    check(page, "plan an inspection")
    page.click("button:has-text('Continue')")
    check_error(page, "plan an inspection, nothing entered")
    page.select_option("#yot", label="Kingsbridge YOT")
    page.check("input[name=framework][value='sqs@2015.1']")  # SQS: 12 tasks, its warnings
    _fill_date(page, "announcement", 25, 12, 2026)
    _fill_date(page, "start", 13, 1, 2027)
    _fill_date(page, "end", 11, 1, 2027)
    page.click("button:has-text('Continue')")
    check_error(page, "plan an inspection, fieldwork ends before it starts")
    _fill_date(page, "end", 15, 1, 2027)
    page.click("button:has-text('Continue')")
    page.wait_for_url("**/plan/reference/")
    check(page, "plan an inspection, reference")
    page.fill("#reference", "redbridge-2015-02")
    page.click("button:has-text('Continue')")
    check_error(page, "plan an inspection, reference taken")
    page.fill("#reference", "kingsbridge-2027-01")
    page.click("button:has-text('Continue')")
    page.wait_for_url("**/plan/check/")
    assert page.locator(".govuk-warning-text").count() == 2
    check(page, "plan an inspection, check answers with warnings")
    page.click("button:has-text('Create the inspection')")
    page.wait_for_url("**/inspections/kingsbridge-2027-01/team/")
    assert Inspection.objects.filter(reference="kingsbridge-2027-01").exists()

    # The team: empty, a refusal, then the lead.
    check(page, "team, empty")
    page.select_option("#member", value=str(_user_pk("viewer")))
    page.check("#role-2")
    page.click("button:has-text('Add to the team')")
    check_error(page, "team, a viewer refused")
    page.select_option("#member", value=str(_user_pk("lead")))
    page.check("#role")
    page.click("button:has-text('Add to the team')")
    page.wait_for_selector("text=is on the team as lead inspector")
    check(page, "team with its lead")

    # The inspection page's task list, planned and in drafting.
    page.goto("/inspections/kingsbridge-2027-01/")
    assert page.locator(".govuk-task-list__item").count() == 12
    check(page, "inspection page, planned, administrator")
    lead = open_as("lead")
    lead.goto("/inspections/redbridge-2015-02/")
    check(lead, "inspection page, drafting, lead")
