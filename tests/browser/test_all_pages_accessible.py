"""Every HTML page not covered by test_assessment_pages.py, in headless Chromium.

Each page, including its error states, must pass axe-core (WCAG 2.0, 2.1 and 2.2
A and AA), have exactly one <h1> and a title of its own, in English and in Welsh: each
test runs once in each language, chosen by the language cookie. Buttons are found by
their text in the test's language (``t``, the service's own catalogue). Charts must show
under the real Content Security Policy, so that test opens pages without bypass_csp.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.sampling.conftest import case_list_csv

pytestmark = pytest.mark.browser

REDBRIDGE = "redbridge-2015-02"
THORNBURY = "thornbury-2015-03"
# Announced, waiting for its case list; and planned, waiting for its announcement.
IMPORTING = "lakeside-2015-06"
PLANNED = "hillcrest-2015-06"
FIELDWORK_START = date(2015, 6, 1)  # the announcement is due on Friday 15 May 2015
REGISTER_HEADER = "name,local_authority,nation,region,board_chair,manager_name,copy_list\n"
FIGURES_HEADER = (
    "area,series,cohort start,cohort end,cohort,offenders,reoffenders,reoffences,rate,published\n"
)


def check(page: Any, what: str) -> None:
    """No axe-core violation (checked once the page has loaded), one <h1>, and a title
    naming the page."""
    assert_accessible(page, what)
    assert page.locator("h1").count() == 1, f"{what}: {page.locator('h1').count()} <h1> elements"
    title = page.title()
    own = title.rsplit(" – casescreen", 1)[0].strip()
    assert own and own != "casescreen", f"{what}: the title {title!r} does not name the page"


def check_error(page: Any, what: str) -> None:
    """An error state: the summary is shown, each of its links leads to something on the
    page (GOV.UK: to the field at fault), and the title says so. The page the click sent
    may still be on its way: the summary is waited for."""
    expect(page.locator(".govuk-error-summary"), f"{what}: no error summary").to_be_visible()
    links = page.eval_on_selector_all(
        ".govuk-error-summary a", "links => links.map(a => a.getAttribute('href'))"
    )
    for href in links:
        assert href.startswith("#") and page.locator(f"[id='{href[1:]}']").count() == 1, (
            f"{what}: the error summary links to {href}, which is not on the page"
        )
    check(page, what)


def button(label: str) -> str:
    return f'button:has-text("{label}")'


@pytest.fixture(params=["en-gb", "cy"])
def language(request: Any) -> str:
    """Every test of this file runs in English and in Welsh."""
    return str(request.param)


def _extra_users() -> None:
    from casescreen.accounts.models import User
    from tests.conftest import PASSWORD

    User.objects.create_user(
        username="admin", password=PASSWORD, role="administrator", is_staff=True
    )
    User.objects.create_user(username="viewer", password=PASSWORD, role="viewer")


def _inspections_before_fieldwork() -> None:
    from casescreen.accounts.models import User
    from casescreen.inspections.models import Inspection, TeamMembership, Yot

    lead = User.objects.get(username="lead")
    for reference, name, status in (
        (IMPORTING, "Lakeside YOT", Inspection.Status.ANNOUNCED),
        (PLANNED, "Hillcrest YOT", Inspection.Status.PLANNED),
    ):
        yot = Yot.objects.create(name=name, local_authority=f"{name} Council", nation="england")
        inspection = Inspection.objects.create(
            yot=yot,
            reference=reference,
            framework_id="sqs",
            framework_version="2015.1",
            status=status,
            fieldwork_start=FIELDWORK_START,
            fieldwork_end=FIELDWORK_START + timedelta(days=2),
        )
        TeamMembership.objects.create(inspection=inspection, user=lead, role="lead")


def _report_with_a_problem_and_the_annex() -> Any:
    """The Redbridge draft with paragraph 1.1 edited to claim too much, annex included."""
    from casescreen.accounts.models import User
    from casescreen.inspections.models import Inspection
    from casescreen.reports import services

    lead = User.objects.get(username="lead")
    report = services.report_create(
        inspection=Inspection.objects.get(reference=REDBRIDGE), user=lead
    )
    section = next(s for s in report.content["sections"] if s["id"] == "theme-1")
    texts = {p["key"]: p["text"] for p in section["paragraphs"]}
    texts["1.1"] = "In all cases, the case manager understood why the child offended."
    report = services.report_save_section(
        report=report,
        section_id="theme-1",
        texts=texts,
        quotes={},
        expected_version=report.version,
        user=lead,
    )
    return services.report_set_annex(report=report, include=True, user=lead)


def test_lead_pages_pass_axe(open_as: Any, tmp_path: Any, t: Any, language: str) -> None:
    from casescreen.cases.models import Case

    _inspections_before_fieldwork()
    page = open_as("lead")

    # Findings.
    page.goto(f"/inspections/{REDBRIDGE}/findings/")
    check(page, "findings")
    page.goto(f"/inspections/{REDBRIDGE}/findings/q1_1_offending_understood/not_met/")
    check(page, "findings group")

    # Case list import: upload, its error, column matching, preview.
    page.goto(f"/inspections/{IMPORTING}/import/")
    check(page, "case import")
    page.click(button(t("Upload and preview")))
    check_error(page, "case import without a file")
    lines = case_list_csv(30).split("\r\n")
    csv_path = tmp_path / "cases.csv"
    csv_path.write_text(
        "\r\n".join(
            f"{line},{'Keyworker notes' if i == 0 else 'note'}" if line else line
            for i, line in enumerate(lines)
        )
    )
    page.set_input_files("#id_case_list", str(csv_path))
    page.click(button(t("Upload and preview")))
    page.wait_for_url("**/columns/")
    check(page, "case import columns")
    page.select_option("#main-content select", "ignore")
    page.click(button(t("Save and preview")))
    page.wait_for_url("**/preview/")
    check(page, "case import preview")

    # The sample, before and after it is drawn; its settings; excluding a case.
    page.click("#main-content button[type=submit]")
    page.wait_for_url(f"**/inspections/{IMPORTING}/sample/")
    assert Case.objects.filter(inspection__reference=IMPORTING).exists()
    check(page, "sample before drawing")
    page.fill("#id_seed", "not a number")
    page.click("form[action$='/sample/draw/'] button")
    check_error(page, "sample draw with a bad seed")
    page.fill("#id_seed", "2015")
    page.click("form[action$='/sample/draw/'] button")
    page.wait_for_selector("#sample-record")
    check(page, "sample after drawing")
    page.goto(f"/inspections/{IMPORTING}/sample/settings/")
    check(page, "sampling settings")
    page.fill("#id_min_weeks", "many")
    page.click("#main-content form button[type=submit]")
    check_error(page, "sampling settings with an error")
    sampled = Case.objects.filter(
        inspection__reference=IMPORTING, sample_status=Case.SampleStatus.SAMPLED
    ).first()
    assert sampled is not None
    page.goto(f"/inspections/{IMPORTING}/sample/exclude/{sampled.reference}/")
    check(page, "sample exclude")
    page.click(button(t("Exclude the case")))
    check_error(page, "sample exclude without a reason")

    # Lifecycle: status, announcing on the wrong day, the letter.
    page.goto(f"/inspections/{REDBRIDGE}/lifecycle/")
    check(page, "lifecycle, drafting")
    # In drafting the inspection moves with its report: a refused move is tried from one
    # that still moves on its own.
    page.goto(f"/inspections/{IMPORTING}/lifecycle/")
    page.evaluate("document.querySelector('input[name=to_status]').value = 'no-such-status'")
    page.locator("form[action$='/transition/'] button").first.click()
    page.wait_for_selector(".govuk-error-summary")
    check_error(page, "lifecycle, transition refused")
    page.goto(f"/inspections/{PLANNED}/lifecycle/")
    check(page, "lifecycle, planned")
    page.goto(f"/inspections/{PLANNED}/announce/")
    check(page, "announce")
    page.fill("#day", "20")
    page.fill("#month", "5")
    page.fill("#year", "2015")
    page.click(button(t("Announce and produce the letter")))
    if language == "en-gb":
        assert "due on Friday 15 May 2015" in page.content()
    check_error(page, "announce, not on the due Friday")
    page.fill("#reason", "Bank holiday week")
    page.click(button(t("Announce and produce the letter")))
    page.wait_for_url("**/announcement-letter/")
    check(page, "announcement letter")
    # Hillcrest's manager has no address held: the letter is recorded as not sent.
    if language == "en-gb":
        assert "the letter could not be emailed" in page.content()
    for where in (f"/inspections/{PLANNED}/", f"/inspections/{PLANNED}/lifecycle/"):
        page.goto(where)
        assert page.locator("#unsent-emails").count() == 1, where
        check(page, f"{where} with an email not sent")
    page.goto(f"/inspections/{PLANNED}/emails/")
    check(page, "emails sent")
    with page.expect_navigation():
        page.click(button(t("Send again")))
    assert page.locator(".govuk-notification-banner").count() == 1
    check(page, "emails sent, after a retry that failed again")

    # Reoffending figures: the automatic choice, then a choice by hand with no reason.
    page.goto(f"/inspections/{REDBRIDGE}/reoffending/")
    check(page, "reoffending figures")
    page.click(button(t("Quote these figures")))
    check_error(page, "reoffending figures chosen without a reason")
    page.click(".govuk-error-summary a")
    assert page.evaluate("document.activeElement.id") == "id_reason"

    # The report: none yet, then a draft with a problem, a section, versions.
    page.goto(f"/inspections/{THORNBURY}/report/")
    check(page, "report, none drafted")
    report = _report_with_a_problem_and_the_annex()
    page.goto(f"/inspections/{REDBRIDGE}/report/")
    assert page.locator(".app-problems__item").count() >= 1
    check(page, "report draft with problems, lead")
    page.goto(f"/inspections/{REDBRIDGE}/report/sections/theme-1/")
    check(page, "report section")
    page.evaluate("document.querySelector('input[name=version]').value = '1'")
    page.click(button(t("Save and check")))
    check_error(page, "report section, stale edit")
    page.goto(f"/inspections/{REDBRIDGE}/report/versions/")
    check(page, "report versions")
    page.goto(f"/inspections/{REDBRIDGE}/report/versions/compare/?a=1&b={report.versions.count()}")
    check(page, "report compare")
    page.goto(f"/inspections/{REDBRIDGE}/report/versions/compare/?a=1&b=99")
    check_error(page, "report compare, no such version")
    latest = report.versions.order_by("-number").first().number
    download = page.request.get(f"/inspections/{REDBRIDGE}/report/versions/{latest}.html")
    assert download.ok
    page.set_content(download.text())
    assert page.locator(".app-report__chart").count() >= 1
    check(page, "report as a standalone HTML file, with its annex")

    # Password change and its error.
    page.goto("/account/password/")
    check(page, "password change")
    page.click(button(t("Change password")))
    check_error(page, "password change with errors")

    # Error pages.
    page.goto("/inspections/no-such-inspection/")
    check(page, "404 page")
    page.goto("/yots/")
    assert page.inner_text("h1") == t("You cannot do this")
    check(page, "403 page")

    # Locked out after repeated failed sign-ins (last: it locks this address for the name).
    anonymous = open_as(None)
    for _ in range(12):
        anonymous.goto("/sign-in/")
        anonymous.fill("#id_username", "nobody")
        anonymous.fill("#id_password", "wrong")
        anonymous.click("#main-content button[type=submit]")
        if anonymous.locator("h1").inner_text() == t("Too many failed sign-in attempts"):
            break
    assert anonymous.locator("h1").inner_text() == t("Too many failed sign-in attempts")
    check(anonymous, "locked out")


def test_administrator_and_viewer_pages_pass_axe(open_as: Any, tmp_path: Any, t: Any) -> None:
    _extra_users()
    call_command("generate_programme", yots=3, years=2, verbosity=0)
    page = open_as("admin")
    check(page, "home, administrator")

    page.goto("/yots/")
    check(page, "YOT register")
    page.goto("/yots/import/")
    check(page, "YOT import")
    bad = tmp_path / "register.csv"
    bad.write_text(REGISTER_HEADER + "Nowhere YOT,,Atlantis,,,,\n")
    page.set_input_files("#register", str(bad))
    page.click(button(t("Check the file")))
    check_error(page, "YOT import with row errors")
    good = tmp_path / "register-good.csv"
    good.write_text(
        REGISTER_HEADER + "Cardiff YOS,Cardiff Council,Wales,Wales,A Chair,A Manager,\n"
    )
    page.set_input_files("#register", str(good))
    page.click(button(t("Check the file")))
    page.wait_for_selector(button(t("Import these YOTs")))
    check(page, "YOT import preview")
    page.goto("/calendar/")
    check(page, "programme calendar")

    # Question sets: the list, a preview with its sample findings and sample report, the
    # comparison, and an upload refused with its problems.
    page.goto("/frameworks/")
    check(page, "question sets")
    for key in ("sqs@2015.1", "youth-justice@2021.1"):
        page.goto(f"/frameworks/{key}/")
        assert page.locator("#sample-report").count() == 1
        check(page, f"question set {key}, preview and sample report")
    page.goto("/frameworks/youth-justice@2021.1/compare/")
    check(page, "question set compared")
    page.goto("/frameworks/upload/")
    check(page, "question set upload")
    wrong = tmp_path / "framework.yaml"
    wrong.write_text("id: Not An Id\nversion: 1\n")
    page.set_input_files("input[type=file]", str(wrong))
    page.click("#main-content button[type=submit]")
    check_error(page, "question set upload with problems")

    page.goto("/programme/")
    assert page.locator("img.app-chart").count() == 2
    check(page, "programme, administrator")
    page.goto("/programme/?year_from=never")
    check_error(page, "programme with a bad filter")

    page.goto("/reoffending/figures/")
    check(page, "reoffending upload")
    page.click(button(t("Check the file")))
    check_error(page, "reoffending upload without a file")
    broken = tmp_path / "figures.xlsx"
    broken.write_bytes(b"not a workbook")
    page.set_input_files("#id_file", str(broken))
    # The page already shows an error summary: wait for the next one to arrive.
    with page.expect_navigation():
        page.click(button(t("Check the file")))
    check_error(page, "reoffending upload, unreadable file")
    figures = tmp_path / "figures.csv"
    figures.write_text(
        FIGURES_HEADER + "Redbridge YOT,12-month,2012-04-01,2013-03-31,,250,109,,,2015-01-29\n"
    )
    page.set_input_files("#id_file", str(figures))
    page.click(button(t("Check the file")))
    page.wait_for_selector(button(t("Save these figures")))
    check(page, "reoffending preview")

    viewer = open_as("viewer")
    check(viewer, "home, viewer")
    viewer.goto("/programme/")
    check(viewer, "programme, viewer")


def test_factual_accuracy_report_pages_pass_axe(open_as: Any, t: Any, language: str) -> None:
    from casescreen.accounts.models import User
    from casescreen.reports import services
    from casescreen.reports.selectors import report_problems

    report = _report_with_a_problem_and_the_annex()
    lead = User.objects.get(username="lead")
    for stage in ("quality_assurance", "factual_accuracy"):
        report = services.report_transition(report=report, to=stage, user=lead)

    manager = open_as("yotmanager")
    check(manager, "home, YOT manager")
    manager.goto(f"/inspections/{REDBRIDGE}/")
    check(manager, "inspection home, YOT manager")
    manager.goto(f"/inspections/{REDBRIDGE}/report/")
    assert manager.locator(button(t("Add comment"))).count() >= 1
    check(manager, "report at factual accuracy, YOT manager")
    manager.locator("textarea").first.fill("The date in this paragraph is wrong.")
    with manager.expect_navigation():
        manager.locator(button(t("Add comment"))).first.click()
    check(manager, "report with the YOT manager's comment")

    page = open_as("lead")
    page.goto(f"/inspections/{REDBRIDGE}/report/")
    assert page.locator(button(t("Answer"))).count() == 1
    check(page, "report at factual accuracy, lead with a comment to answer")

    # Published, with a reason recorded for the problem: what a viewer reads.
    for problem in report_problems(report):
        services.report_override(
            report=report, problem_key=problem.key, reason="Checked with the YOT", user=lead
        )
    services.report_publish(report=report, user=lead)
    _extra_users()
    viewer = open_as("viewer")
    viewer.goto(f"/inspections/{REDBRIDGE}/report/")
    if language == "en-gb":
        assert "Published report" in viewer.content()
    check(viewer, "published report, viewer")

    # The published inspection's cases and figures can be read, not changed.
    from casescreen.cases.models import Case
    from casescreen.inspections.models import Inspection

    assert Inspection.objects.get(reference=REDBRIDGE).records_frozen
    case = Case.objects.filter(inspection__reference=REDBRIDGE).order_by("reference").first()
    assert case is not None
    base = f"/inspections/{REDBRIDGE}/cases/{case.reference}/"
    for path, what in (
        ("", "case, published"),
        ("facts/", "case facts, published"),
        ("themes/1/", "theme, published"),
        ("practice-examples/", "practice examples, published"),
        ("check/", "check answers, published"),
    ):
        page.goto(base + path)
        frozen = t(str(Inspection.RECORDS_FROZEN_MESSAGE))
        assert frozen in " ".join(page.inner_text("main").split()), what
        assert page.locator("main form textarea, main form input[type=radio]").count() == 0, what
        check(page, what)
    page.goto(f"/inspections/{REDBRIDGE}/reoffending/")
    if language == "en-gb":
        assert "can no longer be changed" in page.content()
    check(page, "reoffending figures, published")


def _console_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def _assert_images_shown(page: Any, errors: list[str], what: str, expected: int) -> None:
    images = page.locator("#main-content img")
    assert images.count() == expected, f"{what}: {images.count()} images"
    for i in range(expected):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.complete", arg=image.element_handle())
        width = image.evaluate("img => img.naturalWidth")
        assert width > 0, f"{what}: image {i} did not load ({image.get_attribute('src')[:60]})"
    csp = [e for e in errors if "Content Security Policy" in e]
    assert csp == [], f"{what}: {csp}"


def test_charts_show_under_the_real_content_security_policy(open_as: Any) -> None:
    from casescreen.accounts.models import User
    from casescreen.cases import importing
    from casescreen.inspections.models import Inspection
    from casescreen.sampling import services as sampling

    _extra_users()
    _inspections_before_fieldwork()
    call_command("generate_programme", yots=3, years=2, verbosity=0)
    _report_with_a_problem_and_the_annex()
    inspection = Inspection.objects.get(reference=IMPORTING)
    lead = User.objects.get(username="lead")
    content = case_list_csv(30).encode()
    upload = sampling.import_upload_store(
        inspection=inspection,
        user=lead,
        filename="cases.csv",
        content=content,
        table=importing.read_table(content, "cases.csv"),
    )
    sampling.import_upload_confirm(upload=upload, user=lead)
    sampling.sample_draw(inspection=inspection, user=lead, seed=2015)

    page = open_as("lead", bypass_csp=False)
    errors = _console_errors(page)
    page.goto(f"/inspections/{IMPORTING}/sample/")
    _assert_images_shown(page, errors, "sample chart", 1)
    page.goto(f"/inspections/{REDBRIDGE}/report/")
    annex_charts = page.locator(".app-report__chart").count()
    assert annex_charts >= 1
    _assert_images_shown(page, errors, "report annex", annex_charts)

    admin = open_as("admin", bypass_csp=False)
    admin_errors = _console_errors(admin)
    admin.goto("/programme/")
    _assert_images_shown(admin, admin_errors, "programme charts", 2)
