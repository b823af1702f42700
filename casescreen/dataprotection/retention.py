"""The retention rule: which inspections are due for purging, and what purging removes.

Personal data of an inspection's cases is kept for ``CASESCREEN_RETENTION_MONTHS``
months after publication, then removed for good; that of a self-assessment's cases (a
YOT's audit of its own cases, never published) for as long after its YOT manager
finished it. What counts as personal data:

- ``CaseIdentity.child_name`` and ``date_of_birth`` (blanked; ``purged_at`` set);
- ``Case.reference``: the YOT's own case number identifies the child to anyone
  with access to the YOT's records. It is replaced by a random token
  (``case-`` and ten hex digits), not by a hash: references are short and
  guessable, so a hash could be reversed by trying every number;
- ``Case.case_manager`` (a member of staff, named) and ``Case.exclusion_reason``
  (free text, may describe the child);
- ``Case.sentence_date`` and ``supervision_start``: exact dates, which with the
  facts can single a child out (reports leave out exact dates). Nothing computed
  after publication uses them: they decide eligibility for the sample, which is
  drawn before fieldwork;
- ``Answer.evidence``: free-text notes made with the case manager present;
- every other reason or note a person typed about a case or the inspection:
  consistency override reasons, the reasons given for status changes, for
  reopening an assessment and for redrawing the sample, the reason for quoting
  other reoffending figures (which must not be empty, so it becomes
  ``PURGED_TEXT``), and the text of the report's factual accuracy comments and
  replies (who commented on which paragraph, and when, is kept), the quality
  assurance threads and the reason for going on with queries open, the second
  assessor's notes, and the reasons for reconciling two assessors' answers;
- the detail of each consistency override's problem key (a case reference, or a
  short hash of part of a child's name, which trying names would reverse), here
  and where the audit trail names it; its kind and paragraph stay;
- practice examples that no published version quotes (their text is blanked;
  the ones the published report quotes are public already and stay);
- the report's working drafts: in each unpublished version (and in the report
  itself if it never reached publication) every paragraph goes back to its
  generated sentence, without edits or quotes; the published version is the
  record and is kept exactly, so its files render byte for byte as before;
- in the sampling records: the references listed in each drawn sample follow
  their cases' new tokens (the sample's population hash, computed from the
  old references, stays as it was: it cannot be reversed into one child's
  reference), exclusion reasons are blanked, and any case list upload still
  waiting for confirmation (the YOT's raw file) is deleted;
- the old and new values of the inspection's audit events about those objects
  (``PURGED_AUDIT_VALUES``): found by what they are about, never by searching
  for the values, so a shortened or reworded copy goes too.

Kept: the case facts and answer values (the aggregate findings are computed
from these, so they do not change), the published version of the report, and
the audit trail's who/when/what (the access log), minus values.
"""

from __future__ import annotations

import calendar
import copy
from datetime import date
from typing import Any

PERSONAL_CASE_FIELDS: tuple[str, ...] = (
    "reference",
    "case_manager",
    "exclusion_reason",
    "sentence_date",
    "supervision_start",
)
PERSONAL_IDENTITY_FIELDS: tuple[str, ...] = ("child_name", "date_of_birth")
PERSONAL_ANSWER_FIELDS: tuple[str, ...] = ("evidence",)
# The audit events of a purged inspection whose old and new values are blanked, by
# the type of object they are about (``AuditEvent.object_type``): every event about
# it (None), or its events on these fields only.
PURGED_AUDIT_VALUES: dict[str, frozenset[str] | None] = {
    # References, dates, case managers, exclusion and reserve notes, any note.
    "Case": None,
    "CaseIdentity": None,
    # An answer's value is the finding and stays; its evidence is a note.
    "Answer": frozenset(PERSONAL_ANSWER_FIELDS),
    "SecondAnswer": frozenset(PERSONAL_ANSWER_FIELDS),
    # The lead's choice between two answers, recorded with the reason typed for it.
    "Reconciliation": None,
    "PracticeExample": None,
    "Comment": None,
    "ConsistencyOverride": None,
    "ReoffendingChoice": frozenset({"reason"}),
    "SampleExclusion": None,
    "InspectionTransition": None,
    "Assessment": frozenset({"reopen_reason"}),
    # Quality assurance queries, their threads and the lead's reason for going on.
    "Query": None,
    "QueryMessage": None,
    "QueriesOverride": None,
    "SampleRecord": frozenset({"redraw_reason"}),
    # Case references and case managers' names in the interview timetable.
    "Interview": None,
    "Unavailability": None,
}
# Stands for a reason that the database requires to be present.
PURGED_TEXT = "Removed after the retention period."
PURGED_REFERENCE_PREFIX = "case-"


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, clamped to the month's last day."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def purge_cutoff(today: date, retention_months: int) -> date:
    """Inspections published, and self-assessments finished, on or before this day are
    due for purging."""
    return months_before(today, retention_months)


def report_content_purged(content: dict[str, Any]) -> dict[str, Any]:
    """A working draft of the report without what people typed into it: every paragraph
    back to its generated sentence (made from the counts), without edits or quotes."""
    purged = copy.deepcopy(content)
    for section in purged.get("sections", []):
        for paragraph in section.get("paragraphs", []):
            paragraph["text"] = paragraph.get("generated_text", "")
            paragraph["edited"] = False
            paragraph["quotes"] = []
    return purged


PURGED_PROBLEM_MARK = ":removed-"


def problem_key_purged(key: str, override_id: int) -> str:
    """An override's problem key without its detail: ``name:1.2:3f9a...`` becomes
    ``name:1.2:removed-<id>`` (the id keeps the report's keys distinct)."""
    kind, _, rest = key.partition(":")
    paragraph = rest.partition(":")[0]
    return f"{kind}:{paragraph}{PURGED_PROBLEM_MARK}{override_id}"[:200]
