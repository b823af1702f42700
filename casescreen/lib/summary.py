"""The GOV.UK error summary of a form: one entry per message, each linking to its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def error_summary(form: Any, *, href: Callable[[str], str] | None = None) -> list[dict[str, str]]:
    """The form's errors in the shape ``templates/includes/error_summary.html`` expects.

    A field's message links to its input (``id_for_label``, so a form's own ``auto_id``
    is followed); a message about the whole form, or about a hidden field (which nobody
    can go to, and which a page may write without its id), links to its first field
    shown. ``href`` overrides the link for a field name where a page shows the field
    elsewhere."""
    shown = [n for n, f in form.fields.items() if not f.widget.is_hidden]
    first = shown[0] if shown else None

    def link(name: str) -> str:
        if href is not None:
            return href(name)
        field = name if name in shown else first
        return f"#{form[field].id_for_label}" if field else "#main-content"

    return [
        {"href": link(name), "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]
