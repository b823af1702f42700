"""Question sets uploaded by administrators, read as frameworks.

Each stored version is parsed once per checksum; its status is the stored row's (a
draft until an administrator publishes it). The text of a stored version must still
have the checksum recorded when it was uploaded: a published version is never edited.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from django.utils.translation import gettext as _

from casescreen.frameworks.checksums import FrameworkError, checksum
from casescreen.frameworks.loader import Framework, available_frameworks, load_framework_text
from casescreen.frameworks.models import StoredFramework
from casescreen.frameworks.texts import requested

_PARSED: dict[tuple[str, str], Framework] = {}
_LOCK = threading.Lock()


def framework_of(stored: StoredFramework, language: str | None = None) -> Framework:
    """The framework of a stored version, its texts in ``language`` (None: the active
    language) where it has it; FrameworkError when its text was altered."""
    language = requested(language)
    text = stored.text.encode()
    if checksum(text) != stored.checksum:
        raise FrameworkError(
            _(
                "%(key)s: the stored text has been changed since it was uploaded; "
                "upload a new version instead"
            )
            % {"key": stored.key}
        )
    with _LOCK:
        framework = _PARSED.get((stored.checksum, language))
    if framework is None:
        framework = load_framework_text(text, stored.source_name, language)
        with _LOCK:
            _PARSED[(stored.checksum, language)] = framework
    return replace(framework, status=stored.status)


def published_stored(
    framework_id: str, version: str, language: str | None = None
) -> Framework | None:
    stored = StoredFramework.objects.filter(
        framework_id=framework_id, version=version, status=StoredFramework.Status.PUBLISHED
    ).first()
    return framework_of(stored, language) if stored is not None else None


def known_frameworks(language: str | None = None) -> dict[str, Framework]:
    """Every framework that may be used: the shipped files and the published stored
    versions, keyed by ``id@version``, in ``language`` (None: the active language)."""
    found = dict(available_frameworks(language))
    for stored in StoredFramework.objects.filter(status=StoredFramework.Status.PUBLISHED):
        if stored.key not in found:
            found[stored.key] = framework_of(stored, language)
    return found
