"""Small helpers for putting words into sentences, in any language."""

from __future__ import annotations

from collections.abc import Sequence


def joined(items: Sequence[str], conjunction: str) -> str:
    """Items listed as a sentence lists them: "a", "a and b", "a, b and c" (with
    ``conjunction`` in the language of the sentence)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def lower_first(text: str) -> str:
    """``text`` to follow other words in a sentence: its first letter in lower case
    (Django's ``capfirst`` does the opposite)."""
    return text[:1].lower() + text[1:]
