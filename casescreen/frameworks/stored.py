"""Question sets uploaded by administrators, read as frameworks.

Each stored version is parsed once per checksum; its status is the stored row's (a
draft until an administrator publishes it). The text of a stored version must still
have the checksum recorded when it was uploaded: a published version is never edited.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from casescreen.frameworks.checksums import FrameworkError, checksum
from casescreen.frameworks.loader import Framework, available_frameworks, load_framework_text
from casescreen.frameworks.models import StoredFramework

_PARSED: dict[str, Framework] = {}
_LOCK = threading.Lock()


def framework_of(stored: StoredFramework) -> Framework:
    """The framework of a stored version; FrameworkError when its text was altered."""
    text = stored.text.encode()
    if checksum(text) != stored.checksum:
        raise FrameworkError(
            f"{stored.key}: the stored text has been changed since it was uploaded; "
            "upload a new version instead"
        )
    with _LOCK:
        framework = _PARSED.get(stored.checksum)
    if framework is None:
        framework = load_framework_text(text, stored.source_name)
        with _LOCK:
            _PARSED[stored.checksum] = framework
    return replace(framework, status=stored.status)


def published_stored(framework_id: str, version: str) -> Framework | None:
    stored = StoredFramework.objects.filter(
        framework_id=framework_id, version=version, status=StoredFramework.Status.PUBLISHED
    ).first()
    return framework_of(stored) if stored is not None else None


def known_frameworks() -> dict[str, Framework]:
    """Every framework that may be used: the shipped files and the published stored
    versions, keyed by ``id@version``."""
    found = dict(available_frameworks())
    for stored in StoredFramework.objects.filter(status=StoredFramework.Status.PUBLISHED):
        if stored.key not in found:
            found[stored.key] = framework_of(stored)
    return found
