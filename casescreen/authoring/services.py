"""Writes for question sets uploaded by an administrator: upload, publish, discard.

A version is stored only when it is valid as a whole, and only as a draft; publishing
checks it again. A published version is never changed or replaced: its key
(``id@version``) is taken for good, as is every key of a shipped file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import BooleanField
from django.utils import timezone
from django.utils.translation import gettext as _

from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.authoring.workbook import check_upload, read_yaml
from casescreen.cases.facts import FACT_FIELDS
from casescreen.cases.models import Case
from casescreen.frameworks import Framework
from casescreen.frameworks.checksums import checksum
from casescreen.frameworks.loader import Problem, available_frameworks, where
from casescreen.frameworks.models import StoredFramework


class AuthoringError(ValueError):
    """A change the rules refuse; the message says why."""


@dataclass(frozen=True)
class UploadResult:
    stored: StoredFramework | None
    problems: tuple[Problem, ...]
    replaced: bool = False


def _key_taken(key: str) -> str | None:
    if key in available_frameworks():
        return _(
            "%(key)s is a question set shipped with the service; give the upload a new version"
        ) % {"key": key}
    if StoredFramework.objects.filter(
        framework_id=key.partition("@")[0],
        version=key.partition("@")[2],
        status=StoredFramework.Status.PUBLISHED,
    ).exists():
        return _(
            "%(key)s is already published and cannot be changed; give the upload a new version"
        ) % {"key": key}
    return None


def _facts_not_recorded(framework: Framework) -> tuple[Problem, ...]:
    """A case records a fixed set of facts (its columns, which the case list imports and
    the facts page asks for): a question set decides what applies from those only, each
    of its own type."""
    problems = []
    for name, spec in framework.facts.items():
        if name not in FACT_FIELDS:
            problems.append(
                Problem(
                    where("fact", name),
                    _(
                        "a case does not record %(name)r; use one of the facts a case records: "
                        "%(facts)s"
                    )
                    % {"name": name, "facts": ", ".join(FACT_FIELDS)},
                    ("facts", name),
                )
            )
            continue
        recorded = "boolean" if isinstance(Case._meta.get_field(name), BooleanField) else "choice"
        if spec.type != recorded:
            problems.append(
                Problem(
                    where("fact", name, "type"),
                    # The types are the question set's own words (``type: boolean``).
                    _("a case records %(name)r as a %(recorded)s fact, not as a %(type)s one")
                    % {"name": name, "recorded": recorded, "type": spec.type},
                    ("facts", name, "type"),
                )
            )
    return tuple(problems)


@transaction.atomic
def framework_upload(*, name: str, data: bytes, user: Any) -> UploadResult:
    """Validate an uploaded framework and store it as a draft; a draft of the same
    version is replaced. Nothing is stored when there is any problem."""
    checked = check_upload(name, data)
    framework = checked.framework
    if framework is None:
        return UploadResult(None, checked.problems)
    taken = _key_taken(framework.key)
    if taken:
        return UploadResult(None, (Problem(where(field="version"), taken, ("version",)),))
    unrecorded = _facts_not_recorded(framework)
    if unrecorded:
        return UploadResult(None, unrecorded)
    text = checked.text
    existing = (
        StoredFramework.objects.select_for_update()
        .filter(framework_id=framework.id, version=framework.version)
        .first()
    )
    fields = {
        "title": framework.title,
        "text": text,
        "checksum": checksum(text.encode()),
        "source_name": name[:255],
        "uploaded_by": user,
        "uploaded_at": timezone.now(),
    }
    if existing is not None:
        old = existing.checksum
        for field, value in fields.items():
            setattr(existing, field, value)
        existing.save(update_fields=[*fields])
        audit_record(
            user=user,
            action=AuditEvent.Action.CHANGE,
            object_type="Framework",
            object_id=existing.key,
            field="text",
            old=old,
            new=existing.checksum,
        )
        return UploadResult(existing, (), replaced=True)
    stored = StoredFramework.objects.create(
        framework_id=framework.id, version=framework.version, **fields
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="Framework",
        object_id=stored.key,
        new=f"draft from {name} ({stored.checksum})",
    )
    return UploadResult(stored, ())


def _locked_draft(stored: StoredFramework) -> StoredFramework:
    locked = StoredFramework.objects.select_for_update().filter(pk=stored.pk).first()
    if locked is None:
        raise AuthoringError(
            _("%(key)s is no longer there: it was discarded.") % {"key": stored.key}
        )
    if locked.published:
        raise AuthoringError(_("%(key)s is published and cannot be changed.") % {"key": stored.key})
    return locked


@transaction.atomic
def framework_publish(*, stored: StoredFramework, user: Any) -> StoredFramework:
    """Publish a draft: from now on inspections may use it, and it never changes."""
    draft = _locked_draft(stored)
    checked = read_yaml(draft.text.encode(), draft.source_name)
    if checksum(draft.text.encode()) != draft.checksum or checked.framework is None:
        raise AuthoringError(
            _("%(key)s no longer passes the checks: upload it again to see its problems.")
            % {"key": draft.key}
        )
    taken = _key_taken(draft.key)
    if taken:
        raise AuthoringError(taken)
    draft.status = StoredFramework.Status.PUBLISHED
    draft.published_by = user
    draft.published_at = timezone.now()
    draft.save(update_fields=["status", "published_by", "published_at"])
    audit_record(
        user=user,
        action=AuditEvent.Action.TRANSITION,
        object_type="Framework",
        object_id=draft.key,
        field="status",
        old=StoredFramework.Status.DRAFT,
        new=StoredFramework.Status.PUBLISHED,
    )
    return draft


@transaction.atomic
def framework_discard(*, stored: StoredFramework, user: Any) -> None:
    """Delete a draft nobody needs; a published version cannot be discarded."""
    draft = _locked_draft(stored)
    key = draft.key
    draft.delete()
    audit_record(
        user=user,
        action=AuditEvent.Action.DELETE,
        object_type="Framework",
        object_id=key,
        old=StoredFramework.Status.DRAFT,
    )
