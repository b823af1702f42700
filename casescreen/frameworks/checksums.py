"""Published files are never edited in place: ``published.json`` pins each one's checksum.

Framework files, report templates and quantifier vocabularies all follow the rule: a
change to a published file is a new file with a new version.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

PUBLISHED_CHECKSUMS = Path(__file__).resolve().parent / "published.json"


class FrameworkError(ValueError):
    """A framework, report template or vocabulary file is missing, malformed or breaks a rule."""


@cache
def published_checksums() -> dict[str, str]:
    data: dict[str, str] = json.loads(PUBLISHED_CHECKSUMS.read_text())
    return data


def checksum(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def check_published(path: Path, key: str, text: bytes) -> None:
    """Refuse a published file whose bytes differ from those recorded at publication."""
    if published_checksums().get(key) != checksum(text):
        raise FrameworkError(
            f"{path.name}: field version: published version {key} has been changed; "
            "publish a new version instead of editing this one"
        )
