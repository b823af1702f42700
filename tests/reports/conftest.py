from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def demo_lead(demo: Any) -> Any:
    from casescreen.accounts.models import User

    return User.objects.get(username="lead")


@pytest.fixture
def fresh_report(demo: Any, demo_lead: Any) -> Any:
    """The Redbridge draft as generated, its narrative paragraphs still to be written."""
    from casescreen.reports.services import report_create

    return report_create(inspection=demo, user=demo_lead)


@pytest.fixture
def demo_report(fresh_report: Any, demo_lead: Any) -> Any:
    """The Redbridge draft with the lead inspector's narrative paragraphs written."""
    from casescreen.demo.data import write_redbridge_narrative

    return write_redbridge_narrative(fresh_report, demo_lead)


def paragraph(report: Any, key: str) -> dict[str, Any]:
    for section in report.content["sections"]:
        for p in section["paragraphs"]:
            if p["key"] == key:
                return dict(p)
    raise KeyError(key)


def flat(text: str) -> str:
    return " ".join(text.split())


# What the generated Redbridge draft must state, paragraph by paragraph (the seed's
# quantifier for each judgement, in our own words).
REDBRIDGE_STATEMENTS = (
    "We examined 33 cases",
    "The published reoffending rate for Redbridge was 43.6%",
    "better than the previous year but worse than the England and Wales average of 36.1%",
    "In all but two cases, the case manager understood why the child or young person had offended",
    "We looked at 22 reports and in every one, the pre-sentence report was of good quality",
    "In almost all cases where a significant change required a review, the assessment and plan",
    "In almost all cases, the plan was used well",
    "There were 14 referral order cases. In all of these cases",
    "In all cases, there was sufficient planning in place",
    "In each of the four custody cases",
    "in all but one case, the case manager had made every effort to understand the risk of harm",
    "There were 20 cases where a review of risk of harm was required. In all but three of these cases, a review",
    "In almost all cases that needed a plan to manage risk of harm, planning to address the risk of harm was of a good quality",
    "There were 18 cases with an identifiable victim. In all but three of these cases, the risk of harm to victims had been well managed",
    "In all but three of these cases, managers had been effective",
    "almost all cases that the case manager had made a sufficient effort to understand the vulnerability",
    "In most cases where a review of vulnerability was required, there was a sufficient review",
    "In almost all cases that needed a plan to manage vulnerability, plans were in place and sufficient",
    "In most cases with a vulnerability plan where a review was required, plans were sufficiently reviewed",
    "In all but one case, there was sufficient understanding of the diversity factors",
    "In every case, plans were in place to address those factors and barriers",
    "In all but one of these cases, the response of the case manager to non-compliance was appropriate",
    "In seven cases there was a speedy return to court",
    "In too many cases, local authorities that placed children in the area",
)
FOOTNOTE = (
    "Published January 2015 based on binary reoffending rates after 12 months for the "
    "April 2012 – March 2013 cohort. Source: Ministry of Justice"
)


@pytest.fixture(scope="session")
def redbridge_snapshot(django_db_setup: Any, django_db_blocker: Any) -> dict[str, Any]:
    """The Redbridge draft, its data and identifiers, computed once and rolled back."""
    from django.db import transaction

    from casescreen.demo import data as demo_module
    from casescreen.frameworks.report_templates import template_for
    from casescreen.inspections.models import Inspection
    from casescreen.reports.compose import compose
    from casescreen.reports.selectors import report_data, report_identifiers

    with django_db_blocker.unblock(), transaction.atomic():
        demo_module.load_demo("not-used-for-sign-in", publish_report=False)
        inspection = Inspection.objects.get(reference=demo_module.REFERENCE)
        data = report_data(inspection)
        names, references = report_identifiers(inspection)
        content = compose(data, template_for(data["framework"]))
        written = {key: text for (_, key), text in demo_module.REDBRIDGE_NARRATIVE.items()}
        for section in content["sections"]:
            for paragraph in section["paragraphs"]:
                paragraph["text"] = written.get(paragraph["key"], paragraph["text"])
        snapshot = {
            "content": content,
            "data": data,
            "names": names,
            "references": references,
        }
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture
def report_files(settings: Any, tmp_path: Any) -> Any:
    """The published report files of this test only, in a folder of its own."""
    folder = tmp_path / "report-files"
    settings.STORAGES = {
        **settings.STORAGES,
        "reports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder
