"""Reading the data files, and the rule that published ones are never edited in place.

Framework files, report templates and quantifier vocabularies are YAML, validated by a
schema; ``published.json`` pins the checksum of every published one, so a change to a
published file is a new file with a new version.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from casescreen.frameworks.texts import context

# Every YAML the service reads (framework files, uploads) goes through libyaml's safe
# loader, written in C: several times faster than PyYAML's own, which matters for the
# framework files read by each process and for uploads. It refuses nesting deeper than
# 1,000 levels, where PyYAML's own reader runs out of Python's stack.
YAML_LOADER = yaml.CSafeLoader

PUBLISHED_CHECKSUMS = Path(__file__).resolve().parent / "published.json"


class FrameworkError(ValueError):
    """A framework, report template or vocabulary file is missing, malformed or breaks a rule."""


Spec = TypeVar("Spec", bound=BaseModel)


def read_spec(
    path: Path, model: type[Spec], language: str | None = "en"
) -> tuple[bytes, dict[str, Any], Spec]:
    """The file's bytes, its YAML and its validated ``model``, its texts in ``language``
    (see casescreen.frameworks.texts); FrameworkError names the file and the field at
    fault."""

    try:
        text = path.read_bytes()
        raw = yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - the safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise FrameworkError(f"{path.name}: cannot be read as YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise FrameworkError(f"{path.name}: top level: expected a mapping of fields")
    try:
        return text, raw, model.model_validate(raw, context=context(raw, language))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise FrameworkError(f"{path.name}: field {where}: {first['msg']}") from exc


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
