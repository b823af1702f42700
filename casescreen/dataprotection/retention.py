"""The retention rule: which inspections are due for purging, and what purging removes.

Personal data of an inspection's cases is kept for ``CASESCREEN_RETENTION_MONTHS``
months after publication, then removed for good. What counts as personal data:

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
- the text of the report's factual accuracy comments and replies (YOT managers
  and inspectors writing about cases); who commented on which paragraph, and
  when, is kept;
- in the sampling records: the references listed in each drawn sample follow
  their cases' new tokens (the sample's population hash, computed from the
  old references, stays as it was: it cannot be reversed into one child's
  reference), exclusion reasons are blanked, and any case list upload still
  waiting for confirmation (the YOT's raw file) is deleted;
- the old and new values of audit events on those fields, and of any audit
  event of the inspection that quotes one of the purged values.

Kept: the case facts and answer values (the aggregate findings are computed
from these, so they do not change), practice examples (the quotes of the
published report, which use changed first names and leave out places and
dates), and the audit trail's who/when/what (the access log), minus values.
"""

from __future__ import annotations

import calendar
from datetime import date

PERSONAL_CASE_FIELDS: tuple[str, ...] = (
    "reference",
    "case_manager",
    "exclusion_reason",
    "sentence_date",
    "supervision_start",
)
PERSONAL_IDENTITY_FIELDS: tuple[str, ...] = ("child_name", "date_of_birth")
PERSONAL_ANSWER_FIELDS: tuple[str, ...] = ("evidence",)
# Field names whose audited values are blanked whatever object they belong to.
PERSONAL_AUDIT_FIELDS: frozenset[str] = frozenset(
    PERSONAL_CASE_FIELDS + PERSONAL_IDENTITY_FIELDS + PERSONAL_ANSWER_FIELDS
)
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
    """Inspections published on or before this day are due for purging."""
    return months_before(today, retention_months)
