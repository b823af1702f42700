"""The inspection exchange document: one JSON file, versioned, with its integrity checks.

Layout::

    {"format": "casescreen-inspection", "format_version": 1,
     "payload": {...the inspection...},
     "integrity": {"sha256": "<hex>", "hmac_sha256": "<hex>"}}

Both checks are computed over the canonical serialisation of ``payload``
(keys sorted, no insignificant whitespace, UTF-8), so re-indenting the file
does not break them but changing any value does.

- ``sha256`` detects damage (a truncated copy, a flipped byte, a hand edit by
  someone who did not recompute it). Anyone can recompute it, so on its own
  it does not detect deliberate tampering.
- ``hmac_sha256`` is keyed with the installation's ``SECRET_KEY``: only an
  installation with the same key can produce it, so it detects tampering.
  Moving an inspection to an installation with another key needs the import
  option that accepts a foreign signature; the digest and every schema rule
  are still checked.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings

FORMAT = "casescreen-inspection"
FORMAT_VERSION = 1
TOP_LEVEL_KEYS = frozenset({"format", "format_version", "payload", "integrity"})


class DocumentError(ValueError):
    """The file is damaged, tampered with or breaks the schema; the message says what and where."""


def canonical(payload: object) -> bytes:
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _hmac_key() -> bytes:
    return hashlib.sha256(b"casescreen-inspection-export:" + settings.SECRET_KEY.encode()).digest()


def sha256_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def signature(data: bytes) -> str:
    return hmac.new(_hmac_key(), data, hashlib.sha256).hexdigest()


def build_document(payload: dict[str, Any]) -> dict[str, Any]:
    data = canonical(payload)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "payload": payload,
        "integrity": {"sha256": sha256_digest(data), "hmac_sha256": signature(data)},
    }


def dumps(document: dict[str, Any]) -> str:
    # One line: Python's JSON encoder is several times slower when asked to indent.
    return json.dumps(document, ensure_ascii=False, allow_nan=False) + "\n"


@dataclass(frozen=True)
class VerifiedDocument:
    """A document whose envelope and digest have been checked; ``payload`` is canonical JSON."""

    payload: bytes
    digest: str
    signed_here: bool


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def _nul_at(document: dict[str, Any]) -> str | None:
    """Where the first NUL character of the document is (a key or a text value), if any.

    JSON may spell one as ``\\u0000``; PostgreSQL refuses it in text and JSON columns,
    so it is refused here, before anything is written, whatever the database."""
    pending: list[tuple[str, Any]] = [("", document)]
    while pending:
        where, value = pending.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return where or "top level"
        elif isinstance(value, dict):
            for key, item in value.items():
                path = f"{where}.{key}" if where else str(key)
                if "\x00" in key:
                    return f"{where or 'top level'}: a key"
                pending.append((path, item))
        elif isinstance(value, list):
            pending.extend((f"{where}[{index}]", item) for index, item in enumerate(value))
    return None


def verify(raw: bytes, *, accept_foreign_signature: bool = False) -> VerifiedDocument:
    """Check that ``raw`` is an intact exchange document; raise DocumentError naming the problem."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"the file is not UTF-8 text (byte {exc.start}): it is not an inspection export"
        ) from exc
    if not text.strip():
        raise DocumentError("the file is empty")
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        ending = exc.msg.startswith("Unterminated") or exc.pos >= len(text.rstrip())
        hint = " (the file ends too early: is it truncated?)" if ending else ""
        raise DocumentError(
            # Some of json's messages end in "at" already ("Invalid control character at").
            f"the file is not valid JSON: {exc.msg.removesuffix(' at')} at line {exc.lineno}, "
            f"column {exc.colno}{hint}"
        ) from exc
    except ValueError as exc:
        raise DocumentError(f"the file is not valid JSON: {exc}") from exc
    except RecursionError:
        raise DocumentError("the file is nested too deeply to read") from None
    if not isinstance(document, dict):
        raise DocumentError("top level: expected a JSON object with format, payload and integrity")
    nul = _nul_at(document)
    if nul is not None:
        raise DocumentError(
            f"{nul}: contains a NUL character (\\u0000), which no text field can hold"
        )
    missing = TOP_LEVEL_KEYS - document.keys()
    if missing:
        raise DocumentError(f"top level: missing {', '.join(sorted(missing))}")
    unknown = document.keys() - TOP_LEVEL_KEYS
    if unknown:
        raise DocumentError(f"top level: unexpected {', '.join(sorted(unknown))}")
    if document["format"] != FORMAT:
        raise DocumentError(f"format: expected {FORMAT!r}, found {document['format']!r}")
    version = document["format_version"]
    if type(version) is not int or version != FORMAT_VERSION:
        raise DocumentError(
            f"format_version: this installation reads version {FORMAT_VERSION}, found {version!r}"
        )
    integrity = document["integrity"]
    if (
        not isinstance(integrity, dict)
        or set(integrity) != {"sha256", "hmac_sha256"}
        or not all(isinstance(value, str) for value in integrity.values())
    ):
        raise DocumentError("integrity: expected an object with sha256 and hmac_sha256 text")
    if not isinstance(document["payload"], dict):
        raise DocumentError("payload: expected a JSON object")
    data = canonical(document["payload"])
    digest = sha256_digest(data)
    if not hmac.compare_digest(digest, integrity["sha256"]):
        raise DocumentError(
            "integrity: the SHA-256 digest of the payload does not match: "
            "the file was damaged or changed after export"
        )
    signed_here = hmac.compare_digest(signature(data), integrity["hmac_sha256"])
    if not signed_here and not accept_foreign_signature:
        raise DocumentError(
            "integrity: the signature does not match this installation's key: the file was "
            "changed after export, or exported by another installation (if you trust its "
            "origin, import it with --accept-foreign-signature)"
        )
    return VerifiedDocument(payload=data, digest=digest, signed_here=signed_here)
