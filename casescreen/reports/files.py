"""The files of a published version: rendered once at publication, stored, served as stored.

They live in the storage named ``reports`` in ``settings.STORAGES`` (a folder by
default, an S3-compatible store in production). Each is recorded with the SHA-256
and size of the bytes as written, and checked against them before it is served.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils.translation import gettext as _

from casescreen.reports.documents import FORMATS, filename, render_version
from casescreen.reports.models import PublishedFile, ReportVersion

STORAGE = "reports"
LABELS = {"html": "HTML", "pdf": "PDF", "docx": "Word"}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

logger = logging.getLogger(__name__)


class StoredFileError(Exception):
    """A published file could not be written, or is not as it was recorded."""


def _storage() -> Storage:
    return storages[STORAGE]


def store_published_files(
    version: ReportVersion, *, reference: str, written: list[str]
) -> list[PublishedFile]:
    """Render and store the version's three files and record them.

    ``written`` receives the name of each file as soon as it is in the storage, so the
    caller can remove them if the publication does not go through.
    """
    storage = _storage()
    records = []
    for fmt in FORMATS:
        try:
            blob = render_version(version, fmt)
        except Exception as error:
            logger.exception("Rendering the %s file of %s failed", fmt, version)
            raise StoredFileError(
                _("its %(format)s file could not be made (%(error)s)")
                % {"format": LABELS[fmt], "error": type(error).__name__}
            ) from error
        folder = f"{reference}/v{version.number}"
        try:
            name = storage.save(f"{folder}/{filename(reference, version, fmt)}", ContentFile(blob))
        except Exception as error:
            logger.exception("Storing the %s file of %s failed", fmt, version)
            raise StoredFileError(
                _("its %(format)s file could not be stored (%(error)s)")
                % {"format": LABELS[fmt], "error": type(error).__name__}
            ) from error
        written.append(name)
        records.append(
            PublishedFile(
                version=version,
                kind=fmt,
                storage=STORAGE,
                name=name,
                sha256=hashlib.sha256(blob).hexdigest(),
                size=len(blob),
            )
        )
    return PublishedFile.objects.bulk_create(records)


def discard(names: list[str]) -> None:
    """Remove files written for a publication that did not go through."""
    storage = _storage()
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            # Left behind, it is only an unrecorded file: nothing serves it.
            logger.exception("Could not remove %s after a failed publication", name)


def read_published_file(record: PublishedFile) -> bytes:
    """The stored bytes, once their size and SHA-256 match the record."""
    storage = storages[record.storage]
    try:
        with storage.open(record.name, "rb") as handle:
            blob = handle.read()
    except Exception as error:
        # Missing, or the store cannot be reached: either way there is nothing to serve.
        logger.exception("Reading %s of %s failed", record.name, record.version)
        raise StoredFileError(
            _(
                "The stored %(format)s file of version %(number)s "
                "cannot be read. The published report is kept in that file: ask an "
                "administrator to restore it from the backup."
            )
            % {"format": LABELS[record.kind], "number": record.version.number}
        ) from error
    if len(blob) != record.size or hashlib.sha256(blob).hexdigest() != record.sha256:
        raise StoredFileError(
            _(
                "The stored %(format)s file of version %(number)s is not "
                "the file that was published (its size or SHA-256 differs from the record), so "
                "it is not served. Ask an administrator to restore it from the backup."
            )
            % {"format": LABELS[record.kind], "number": record.version.number}
        )
    return blob
