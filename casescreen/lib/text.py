"""Small helpers for putting words into sentences, in any language."""

from __future__ import annotations


def lower_first(text: str) -> str:
    """``text`` to follow other words in a sentence: its first letter in lower case
    (Django's ``capfirst`` does the opposite)."""
    return text[:1].lower() + text[1:]
