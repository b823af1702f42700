"""Reads for the question set pages: every version, one version, and its predecessor."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.http import Http404

from casescreen.frameworks.checksums import FrameworkError
from casescreen.frameworks.loader import Framework, available_frameworks
from casescreen.frameworks.models import StoredFramework
from casescreen.frameworks.stored import framework_of


@dataclass(frozen=True)
class Version:
    """One version of a question set, shipped with the service or uploaded."""

    key: str
    framework_id: str
    version: str
    title: str
    status: str  # "draft" or "published"
    shipped: bool
    stored: StoredFramework | None = None
    # Why a stored version cannot be read (its text was altered), else empty.
    problem: str = ""

    @property
    def draft(self) -> bool:
        return self.status == StoredFramework.Status.DRAFT

    @property
    def uploaded_at(self) -> datetime | None:
        return self.stored.uploaded_at if self.stored else None

    def framework(self) -> Framework:
        if self.stored is None:
            return available_frameworks()[self.key]
        return framework_of(self.stored)


def version_order(version: str) -> tuple[tuple[int, int | str], ...]:
    """Versions in natural order: 2021.10 after 2021.9."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.split(r"(\d+)", version)
        if part
    )


def _sort_key(version: Version) -> tuple[str, tuple[tuple[int, int | str], ...]]:
    return version.framework_id, version_order(version.version)


def all_versions() -> list[Version]:
    """Every version, shipped and stored, by question set and then version."""
    versions = [
        Version(f.key, f.id, f.version, f.title, f.status, shipped=True)
        for f in available_frameworks().values()
    ]
    shipped = {v.key for v in versions}
    for stored in StoredFramework.objects.select_related("uploaded_by", "published_by"):
        if stored.key in shipped:
            continue
        versions.append(
            Version(
                stored.key,
                stored.framework_id,
                stored.version,
                stored.title,
                stored.status,
                shipped=False,
                stored=stored,
            )
        )
    return sorted(versions, key=_sort_key)


def get_version(key: str) -> Version:
    """The version ``id@version``; 404 when there is none."""
    for version in all_versions():
        if version.key == key:
            return version
    raise Http404("No such question set")


def previous_version(version: Version) -> Version | None:
    """The version of the same question set just before this one (drafts are skipped)."""
    earlier = [
        v
        for v in all_versions()
        if v.framework_id == version.framework_id
        and version_order(v.version) < version_order(version.version)
        and not v.draft
    ]
    return earlier[-1] if earlier else None


def readable(version: Version) -> tuple[Framework | None, str]:
    """The version's framework, or why it cannot be read."""
    try:
        return version.framework(), ""
    except FrameworkError as exc:
        return None, str(exc)
