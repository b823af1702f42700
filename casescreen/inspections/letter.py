"""The stored announcement letter is shown and printed only after sanitising.

``InspectionTransition.letter_html`` keeps the letter exactly as it was sent, and
an imported inspection brings its letter from another installation's file. Stored
HTML is never trusted: whatever reaches a page or a PDF keeps only the markup the
letter template writes (paragraphs, headings, lists, emphasis, their GOV.UK
classes and the language of each part). Scripts, styles, images, links and every URL-bearing attribute go.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe

# The elements of templates/inspections/lifecycle/letter.html, and a few plain ones
# an administrator's rewording of it might use.
LETTER_TAGS = frozenset(
    {"div", "p", "strong", "em", "b", "i", "br", "h1", "h2", "h3", "h4", "ul", "ol", "li"}
)


def letter_html_clean(html: str) -> SafeString:
    """The letter's HTML reduced to the letter template's own markup, safe to print."""
    cleaned = nh3.clean(
        html,
        tags=set(LETTER_TAGS),
        # Scripts and styles go with their text, not just their tags.
        clean_content_tags={"script", "style"},
        # lang marks the Welsh and English parts of a bilingual letter.
        attributes={"*": {"class", "lang"}},
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    )
    # nh3 has removed everything but the tags and the class attribute listed above.
    return mark_safe(cleaned)  # noqa: S308
