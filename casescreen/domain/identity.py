"""Whether a text identifies a child in the sample: the one rule for reports and quotes.

The report's consistency check and the practice example page both ask it, so a
quote accepted on the case page is never flagged later in the report for the same
reason, and the reverse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

# Typographic apostrophes and hyphens are read as their plain forms, so that
# "O’Brien" in a quote matches "O'Brien" in the case list.
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})
MIN_PART = 2


@dataclass(frozen=True)
class Found:
    """An identifier found in a text: a part of a child's name, or a case reference."""

    kind: Literal["name", "reference"]
    term: str


def name_parts(names: Iterable[str]) -> list[str]:
    """The parts of the names (split at spaces and hyphens) long enough to identify."""
    parts = {
        part
        for name in names
        for part in re.split(r"[\s-]+", name.translate(_PLAIN))
        if len(part) >= MIN_PART
    }
    return sorted(parts)


def _whole_word(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)


def identifiers_in(text: str, names: Iterable[str], references: Iterable[str]) -> list[Found]:
    """Parts of the children's names and case references that ``text`` contains.

    The rule: a name part counts when it appears as a whole word written with a
    capital first letter, whatever the case of the rest ("Jamie", "JAMIE"): names
    are written that way, while the same letters in lower case are an ordinary
    word ("young people" for a child called Young, "will" for one called Will).
    A case reference counts as a whole word in any case ("ts1001"). Name parts
    come first, then references, each in sorted order, once.
    """
    plain = text.translate(_PLAIN)
    found = [
        Found("name", part)
        for part in name_parts(names)
        if any(match[0][:1].isupper() for match in _whole_word(part).finditer(plain))
    ]
    found.extend(
        Found("reference", reference)
        for reference in sorted({r.strip() for r in references if r.strip()})
        if _whole_word(reference).search(plain)
    )
    return found
