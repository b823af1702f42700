"""Writes for reports: draft, edit, move through the workflow, comment, override, publish."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from casescreen.assessments.services import hold_case_writes
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.frameworks.checksums import FrameworkError
from casescreen.frameworks.report_templates import template_for
from casescreen.frameworks.texts import LANGUAGES as LANGUAGE_NAMES
from casescreen.inspections.lifecycle import (
    ALLOWED,
    LifecycleError,
    inspection_move_with_report,
    locked,
)
from casescreen.inspections.models import Inspection
from casescreen.quality.services import QualityError, open_queries_check
from casescreen.reports import compose as composer
from casescreen.reports import notices
from casescreen.reports.compose import compose, long_date
from casescreen.reports.consistency import Problem
from casescreen.reports.files import StoredFileError, discard, store_published_files
from casescreen.reports.models import (
    ENGLISH,
    WELSH,
    Comment,
    ConsistencyOverride,
    Report,
    ReportVersion,
)
from casescreen.reports.selectors import practice_examples, report_data, report_problems

Status = Report.Status

# The inspection's status at each stage of its report: the report's moves are the
# inspection's moves between these (``inspections.lifecycle.ALLOWED``).
STAGE: dict[str, str] = {
    Status.DRAFT: Inspection.Status.DRAFTING,
    Status.QUALITY_ASSURANCE: Inspection.Status.QUALITY_ASSURANCE,
    Status.FACTUAL_ACCURACY: Inspection.Status.FACTUAL_ACCURACY,
    Status.PUBLISHED: Inspection.Status.PUBLISHED,
}
_STATUS_AT = {stage: status for status, stage in STAGE.items()}


def next_stages(report: Report) -> list[str]:
    """Where the report may go from its stage; publishing has its own service."""
    return [
        _STATUS_AT[to]
        for to in ALLOWED[STAGE[report.status]]
        if to in _STATUS_AT and _STATUS_AT[to] != Status.PUBLISHED
    ]


class ReportError(ValueError):
    """A request the report cannot accept; the message says what is wrong."""


# The names of a report's languages in messages to the reader.
DOCUMENT_LANGUAGES = {ENGLISH: gettext_lazy("English"), WELSH: gettext_lazy("Welsh")}


class PublishBlocked(ReportError):
    """Problems without a recorded reason, by the language of the document they are in."""

    def __init__(self, problems: dict[str, list[Problem]]) -> None:
        self.problems = [p for found in problems.values() for p in found]
        super().__init__(
            "; ".join(
                ngettext(
                    "the %(language)s report has %(count)d consistency problem without a "
                    "recorded reason",
                    "the %(language)s report has %(count)d consistency problems without a "
                    "recorded reason",
                    len(found),
                )
                % {"language": DOCUMENT_LANGUAGES[language], "count": len(found)}
                for language, found in problems.items()
                if found
            )
            if len(problems) > 1
            else ngettext(
                "%(count)d consistency problem without a recorded reason",
                "%(count)d consistency problems without a recorded reason",
                len(self.problems),
            )
            % {"count": len(self.problems)}
        )


def content_hash(content: dict[str, Any], content_cy: dict[str, Any] | None = None) -> str:
    """The SHA-256 of a version's document, or of its two documents when it is in Welsh
    too (so that neither can change unnoticed)."""
    both = content if content_cy is None else {"cy": content_cy, "en": content}
    canonical = json.dumps(both, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _new_version(
    report: Report,
    *,
    user: Any,
    data: dict[str, dict[str, Any]] | None = None,
    published_at: datetime | None = None,
) -> ReportVersion:
    last = report.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ReportVersion.objects.create(
        report=report,
        number=last + 1,
        content=report.content,
        data=(data or {}).get(ENGLISH, {}),
        content_cy=report.content_cy,
        data_cy=(data or {}).get(WELSH),
        content_hash=content_hash(report.content, report.content_cy),
        published=published_at is not None,
        published_at=published_at,
        created_by=user,
    )


def _editable(report: Report) -> None:
    if report.status == Status.PUBLISHED:
        raise ReportError(_("The report is published and can no longer be changed."))


def _written_in(report: Report, language: str) -> None:
    if language not in report.languages:
        raise ReportError(
            _("This report is not written in %(language)s.")
            % {"language": DOCUMENT_LANGUAGES.get(language, repr(language))}
        )


def _set_content(report: Report, language: str, content: dict[str, Any]) -> None:
    if language == WELSH:
        report.content_cy = content
    else:
        report.content = content


@transaction.atomic
def report_create(*, inspection: Inspection, user: Any) -> Report:
    """Draft the report from the inspection's findings (once per inspection)."""
    inspection = locked(inspection)
    if Report.objects.filter(inspection=inspection).exists():
        raise ReportError(_("This inspection already has a report."))
    if inspection.status != Inspection.Status.DRAFTING:
        raise ReportError(
            _(
                "The inspection is %(status)s: move it to drafting "
                "on its status page before drafting the report."
            )
            % {"status": inspection.get_status_display().lower()}
        )
    # A YOT in Wales has its report in Welsh as well as in English, drafted together.
    report = Report.objects.create(
        inspection=inspection,
        content=draft(inspection),
        content_cy=draft(inspection, WELSH) if WELSH in inspection.yot.languages else None,
    )
    _new_version(report, user=user)
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="Report",
        object_id=report.pk,
        inspection=inspection,
    )
    return report


def draft(inspection: Inspection, language: str = ENGLISH) -> dict[str, Any]:
    """The generated document for the inspection, in its framework's report template, in
    ``language`` (the framework's texts and the template's, whatever the reader's).

    A question set uploaded without a report template runs inspections and findings,
    but has no report: that is refused with a message, not an error page."""
    with translation.override(language):
        try:
            # Its language is the one active here.
            template = template_for(inspection.framework_key)
        except FrameworkError as exc:
            raise ReportError(
                _(
                    "The question set %(key)s has no report template, so its "
                    "report cannot be drafted here. Its findings are on the findings page."
                )
                % {"key": inspection.framework_key}
            ) from exc
        return compose(report_data(inspection), template)


@transaction.atomic
def report_refresh(*, report: Report, user: Any) -> Report:
    """Write the generated sentences again from the current findings.

    Paragraphs the lead inspector has not edited take the new sentence; edited ones
    keep their text and only their ``generated_text`` changes (so the consistency
    check and the edit page show what the data now says). Quotes and the questions a
    paragraph is linked to stay as they were. Proposed strengths and improvements
    follow the findings, except edited or quoted ones, which stay.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    _editable(report)
    changed = False
    for language in report.languages:
        before = report.content_in(language)
        fresh = _refreshed(before, draft(report.inspection, language))
        if fresh != before:
            _set_content(report, language, fresh)
            changed = True
    if not changed:
        return report
    return _store_draft(
        report=report,
        content=report.content,
        user=user,
        field="generated text",
        new="refreshed from the findings",
    )


def _refreshed(current: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    """The freshly generated document, keeping what the lead inspector wrote in the
    current one (see :func:`report_refresh`)."""
    old = {p["key"]: p for s in current["sections"] for p in s["paragraphs"]}
    for section in fresh["sections"]:
        keys = {p["key"] for p in section["paragraphs"]}
        for paragraph in section["paragraphs"]:
            before = old.get(paragraph["key"])
            if before is None:
                continue
            paragraph["quotes"] = before["quotes"]
            # The questions a paragraph reports on are the lead inspector's to link.
            paragraph["questions"] = before["questions"]
            if before["edited"]:
                paragraph["text"] = before["text"]
                paragraph["edited"] = before["text"].strip() != paragraph["generated_text"].strip()
        previous = next((s for s in current["sections"] if s["id"] == section["id"]), None)
        for paragraph in previous["paragraphs"] if previous else []:
            if paragraph["key"] not in keys and (paragraph["edited"] or paragraph["quotes"]):
                section["paragraphs"].append(paragraph)
    fresh["annex"]["include"] = current["annex"]["include"]
    fresh["header"] = current["header"]
    return fresh


def _section(content: dict[str, Any], section_id: str) -> dict[str, Any]:
    for section in content["sections"]:
        if section["id"] == section_id:
            return dict(section)
    raise ReportError(_("The report has no section %(id)s.") % {"id": repr(section_id)})


@transaction.atomic
def report_save_section(
    *,
    report: Report,
    section_id: str,
    texts: dict[str, str],
    quotes: dict[str, list[int]],
    expected_version: int,
    user: Any,
    links: dict[str, list[str]] | None = None,
    added: str = "",
    language: str = ENGLISH,
) -> Report:
    """Save the lead inspector's text for one section of the document in ``language``; a
    new draft version is kept.

    ``added`` is an item of the lead's own at the end of a list (a key strength or an
    area requiring improvement the findings did not propose).

    ``links`` gives, for a paragraph, the framework's questions it reports on: the
    consistency check holds its claims to their findings. Each change of a paragraph's
    links has its own audit record.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    _editable(report)
    if report.version != expected_version:
        raise ReportError(
            _(
                "Someone else saved the report after you opened it. Reload the page and make "
                "your change again."
            )
        )
    _written_in(report, language)
    links = links or {}
    content = copy.deepcopy(report.content_in(language))
    section = _section(content, section_id)
    keys = {p["key"] for p in section["paragraphs"]}
    unknown = (set(texts) | set(quotes) | set(links)) - keys
    if unknown:
        raise ReportError(
            _("Section %(section)s has no paragraph %(paragraph)s.")
            % {"section": repr(section_id), "paragraph": repr(sorted(unknown)[0])}
        )
    wanted = {i for ids in quotes.values() for i in ids}
    examples = {e.pk: e for e in practice_examples(report.inspection).filter(pk__in=wanted)}
    if wanted - set(examples):
        raise ReportError(_("A chosen practice example does not belong to this inspection."))
    if links:
        known = [q.id for q in report.inspection.framework().questions]
        strange = {qid for ids in links.values() for qid in ids} - set(known)
        if strange:
            raise ReportError(
                _("The inspection's question set has no question %(id)s.")
                % {"id": repr(sorted(strange)[0])}
            )
        # Framework order, once each: the same choice saved twice is no change.
        links = {key: [qid for qid in known if qid in ids] for key, ids in links.items()}
    changed = []
    relinked: list[tuple[str, list[str], list[str]]] = []
    for paragraph in next(s for s in content["sections"] if s["id"] == section_id)["paragraphs"]:
        key = paragraph["key"]
        if key in texts:
            text = texts[key].replace("\r\n", "\n").strip()
            if text != paragraph["text"]:
                changed.append(key)
            paragraph["text"] = text
            paragraph["edited"] = text != paragraph["generated_text"].strip()
        if key in quotes:
            chosen = [
                {"example_id": i, "text": examples[i].text, "language": examples[i].language}
                for i in quotes[key]
            ]
            if chosen != paragraph["quotes"]:
                changed.append(key)
            paragraph["quotes"] = chosen
        if key in links and links[key] != paragraph["questions"]:
            changed.append(key)
            relinked.append((key, paragraph["questions"], links[key]))
            paragraph["questions"] = links[key]
    if added:
        changed.append(_add_own_item(content, section_id, added.replace("\r\n", "\n")))
    if not changed:
        return report
    for key, old, new in relinked:
        audit_record(
            user=user,
            action=AuditEvent.Action.CHANGE,
            object_type="Report",
            object_id=report.pk,
            inspection=report.inspection,
            field=f"questions of paragraph {key}{_in_language(language)}",
            old=", ".join(old) or "none",
            new=", ".join(new) or "none",
        )
    return _store_draft(
        report=report,
        content=content,
        user=user,
        field=f"section {section_id}",
        new=", ".join(sorted(set(changed))),
        language=language,
    )


def _in_language(language: str) -> str:
    """What an audit field adds for a change to the Welsh document."""
    return "" if language == ENGLISH else f" ({LANGUAGE_NAMES[language]})"


def _add_own_item(content: dict[str, Any], section_id: str, text: str) -> str:
    """Append the lead's own item to a list section; its key is new and never reused."""
    section = next(s for s in content["sections"] if s["id"] == section_id)
    if section["kind"] != "bullets":
        raise ReportError(
            _(
                "Only a list (key strengths, areas requiring improvement, recommendations) "
                "takes new items."
            )
        )
    prefix = f"{section_id}.own."
    taken = [
        int(p["key"].removeprefix(prefix))
        for p in section["paragraphs"]
        if p["key"].startswith(prefix) and p["key"].removeprefix(prefix).isdigit()
    ]
    key = f"{prefix}{max(taken, default=0) + 1}"
    item = composer.paragraph(key, "")
    item.update(text=text, edited=True)
    section["paragraphs"].append(item)
    return key


@transaction.atomic
def report_set_annex(*, report: Report, include: bool, user: Any) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _editable(report)
    if report.content["annex"]["include"] == include:
        return report
    # The annex is one choice for the document in every language.
    for language in report.languages:
        content = copy.deepcopy(report.content_in(language))
        content["annex"]["include"] = include
        _set_content(report, language, content)
    return _store_draft(
        report=report, content=report.content, user=user, field="annex", new=include
    )


def _move(*, report: Report, to: str, user: Any, today: date) -> str:
    """Move the report and its inspection together, under the inspection's lock, or
    neither; returns the stage the report left."""
    inspection = locked(report.inspection)
    if STAGE[report.status] != inspection.status:
        raise ReportError(
            _(
                "The report is at the %(stage)s stage but the inspection is %(status)s; ask an "
                "administrator to look into it."
            )
            % {
                "stage": Status(report.status).label.lower(),
                "status": inspection.get_status_display().lower(),
            }
        )
    try:
        inspection_move_with_report(
            user=user, inspection=inspection, to_status=STAGE[to], today=today
        )
    except LifecycleError as error:
        raise ReportError(str(error)) from error
    report.inspection = inspection
    old = report.status
    report.status = to
    return old


@transaction.atomic
def report_transition(
    *, report: Report, to: str, user: Any, open_queries_reason: str = ""
) -> Report:
    """Move the report to another stage. It goes for its factual accuracy check only once
    quality assurance has no open query, or with the lead inspector's recorded reason
    (``open_queries_reason``)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if to not in next_stages(report):
        raise ReportError(
            _("A report cannot move from %(old)s to %(new)s.")
            % {
                "old": Status(report.status).label.lower(),
                "new": Status(to).label.lower() if to in Status.values else repr(to),
            }
        )
    if to == Status.FACTUAL_ACCURACY:
        # No query is raised or resolved while they are counted (as in publication).
        hold_case_writes(report.inspection)
        try:
            open_queries_check(user=user, inspection=report.inspection, reason=open_queries_reason)
        except QualityError as error:
            raise ReportError(str(error)) from error
    old = _move(report=report, to=to, user=user, today=timezone.localdate())
    report.save(update_fields=["status", "updated_at"])
    audit_record(
        user=user,
        action=AuditEvent.Action.TRANSITION,
        object_type="Report",
        object_id=report.pk,
        inspection=report.inspection,
        field="status",
        old=old,
        new=to,
    )
    if to == Status.FACTUAL_ACCURACY:
        notices.after_commit_factual_accuracy(inspection=report.inspection, user=user)
    return report


@transaction.atomic
def report_override(
    *, report: Report, problem_key: str, reason: str, user: Any
) -> ConsistencyOverride:
    """Record why the report may be published despite one consistency problem."""
    _editable(report)
    reason = reason.strip()
    if not reason:
        raise ReportError(_("Enter the reason for publishing despite this problem."))
    if problem_key not in {
        p.key for lang in report.languages for p in report_problems(report, lang)
    }:
        raise ReportError(_("That problem is no longer in the report; there is nothing to record."))
    override, _created = ConsistencyOverride.objects.update_or_create(
        report=report, problem_key=problem_key, defaults={"reason": reason, "by": user}
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="ConsistencyOverride",
        object_id=override.pk,
        inspection=report.inspection,
        field=problem_key,
        new=reason,
    )
    return override


def report_publish(*, report: Report, user: Any, now: datetime | None = None) -> ReportVersion:
    """Freeze the content and the data it was built from, and store the version's HTML, PDF
    and Word files; blocked by unexplained problems. A report in Welsh and English is
    published in both together, each checked in its own language, or not at all.

    The files are the published record, so publication is all or nothing: if a file cannot
    be made or stored, the transaction is rolled back and the files already written are
    removed. They are removed too if the commit itself fails.
    """
    written: list[str] = []
    try:
        return _publish(report=report, user=user, now=now, written=written)
    except BaseException:
        discard(written)
        raise


@transaction.atomic
def _publish(
    *, report: Report, user: Any, now: datetime | None, written: list[str]
) -> ReportVersion:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Status.FACTUAL_ACCURACY:
        raise ReportError(
            _("Only a report that has had its factual accuracy check can be published.")
        )
    # From here until the commit no case of the inspection changes: the data checked and
    # frozen below is the data as published.
    hold_case_writes(report.inspection)
    overridden = set(report.overrides.values_list("problem_key", flat=True))
    open_problems = {
        language: [p for p in report_problems(report, language) if p.key not in overridden]
        for language in report.languages
    }
    if any(open_problems.values()):
        raise PublishBlocked(open_problems)
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    _move(report=report, to=Status.PUBLISHED, user=user, today=today)
    data = {}
    for language in report.languages:
        content = copy.deepcopy(report.content_in(language))
        with translation.override(language):
            content["header"]["publication_date"] = long_date(today, language)
            data[language] = report_data(report.inspection)
        _set_content(report, language, content)
    report.version += 1
    report.save(update_fields=["content", "content_cy", "status", "version", "updated_at"])
    version = _new_version(report, user=user, data=data, published_at=now)
    try:
        store_published_files(version, reference=report.inspection.reference, written=written)
    except StoredFileError as error:
        raise ReportError(
            _(
                "The report was not published: %(error)s. Nothing has been changed; try again, "
                "and if it fails again ask an administrator to check the report file storage."
            )
            % {"error": error}
        ) from error
    audit_record(
        user=user,
        action=AuditEvent.Action.TRANSITION,
        object_type="Report",
        object_id=report.pk,
        inspection=report.inspection,
        field="status",
        old=Status.FACTUAL_ACCURACY,
        new=f"{Status.PUBLISHED} (version {version.number})",
    )
    notices.after_commit_published(inspection=report.inspection, user=user)
    return version


@transaction.atomic
def comment_add(
    *, report: Report, paragraph_key: str, text: str, user: Any, parent: Comment | None = None
) -> Comment:
    text = text.strip()
    if not text:
        raise ReportError(_("Enter your comment."))
    keys = {p["key"] for s in report.content["sections"] for p in s["paragraphs"]}
    if paragraph_key not in keys:
        raise ReportError(_("The report has no paragraph %(key)s.") % {"key": repr(paragraph_key)})
    if parent is not None and (
        parent.report_id != report.pk or parent.paragraph_key != paragraph_key
    ):
        raise ReportError(_("A reply must answer a comment on the same paragraph."))
    comment = Comment.objects.create(
        report=report, paragraph_key=paragraph_key, parent=parent, author=user, text=text
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="Comment",
        object_id=comment.pk,
        inspection=report.inspection,
        field=paragraph_key,
    )
    return comment


def _store_draft(
    *,
    report: Report,
    content: dict[str, Any],
    user: Any,
    field: str,
    new: object,
    language: str = ENGLISH,
) -> Report:
    """Keep the changed draft (``content`` the document in ``language``) as a new numbered
    version, with its audit record."""
    _set_content(report, language, content)
    report.version += 1
    report.save(update_fields=["content", "content_cy", "version", "updated_at"])
    _new_version(report, user=user)
    audit_record(
        user=user,
        action=AuditEvent.Action.CHANGE,
        object_type="Report",
        object_id=report.pk,
        inspection=report.inspection,
        field=field + _in_language(language),
        new=new,
    )
    return report
