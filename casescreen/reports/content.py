"""The shape of a report document, as ``compose`` writes it and every renderer reads it.

``Report.content`` and ``ReportVersion.content`` are JSON. What the application
writes is checked against this model in the tests of ``compose``; what comes from
outside (an imported inspection) is checked against it before anything is
stored, so that a document the renderers cannot print is refused with the place
at fault instead of failing later on a page or in a PDF.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casescreen.reports.compose import SCHEMA

# Text the HTML, PDF and Word renderers can all print: no control characters (Word's
# XML cannot hold them), bounded so that a hostile document cannot exhaust memory.
Text = Annotated[str, Field(max_length=100_000, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$")]
Key = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Header(_Strict):
    to: Text
    copy_to: Text
    from_: Text = Field(alias="from")
    publication_date: Text


class Quote(_Strict):
    example_id: Annotated[int, Field(ge=1)]
    text: Text
    # The language the example was written in (absent from reports drafted before examples
    # had one: taken to be the document's).
    language: Literal["en", "cy"] | None = None


class Paragraph(_Strict):
    key: Key
    number: Text
    title: Text
    generated_text: Text
    text: Text
    edited: bool
    questions: list[Key]
    quotes: list[Quote]
    footnote: Text
    # What the lead inspector is asked to write here; never printed.
    prompt: Text = ""


class RatingRow(_Strict):
    number: Text
    title: Text
    rating: Text
    # The rating's id in the framework's scale; empty while not rated.
    rating_id: Text


class RatingGroup(_Strict):
    title: Text
    rows: list[RatingRow]


class OverallRow(_Strict):
    title: Text
    rating: Text
    rating_id: Text


class RatingsTable(_Strict):
    """The table of ratings: the overall rating, then each standard's, by domain."""

    caption: Text
    standard: Text
    rating: Text
    overall: OverallRow
    groups: list[RatingGroup]


class Section(_Strict):
    id: Key
    title: Text
    number: Text
    # "standards": a standard's paragraph with a title is printed under its own heading.
    kind: Literal["prose", "numbered", "bullets", "ratings", "standards"]
    paragraphs: list[Paragraph]
    # The ratings table of a "ratings" section.
    table: RatingsTable | None = None


class CopyListEntry(_Strict):
    role: Text
    organisation: Text
    names: Text = ""


Share = Annotated[float, Field(ge=0, le=1)]


class AnnexRow(_Strict):
    paragraph: Key
    label: Text
    met: Annotated[int, Field(ge=0)]
    applicable: Annotated[int, Field(ge=1)]
    share: Text
    low: Share
    high: Share
    suppressed: bool

    @model_validator(mode="after")
    def _in_range(self) -> AnnexRow:
        if self.met > self.applicable:
            raise ValueError("met is more than applicable")
        if self.low > self.high:
            raise ValueError("low is above high")
        return self


class AnnexTheme(_Strict):
    id: Key
    title: Text
    rows: list[AnnexRow]


class Annex(_Strict):
    include: bool
    basis: Text
    themes: list[AnnexTheme]


class Labels(_Strict):
    to: Text
    copy_to: Text
    from_: Text = Field(alias="from")
    publication_date: Text
    not_yet_published: Text
    quote: Text
    copy_list: Text
    recipient: Text
    name: Text
    organisation: Text
    notes: Text
    annex: Text


class ReportContent(_Strict):
    """One report document (see ``compose.compose``)."""

    schema_: Literal[SCHEMA] = Field(alias="schema")  # type: ignore[valid-type]
    lang: Annotated[str, Field(pattern=r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")]
    inspection: Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]{1,60}$")]
    # The report template it was drafted in (``id@version``).
    template: Text = ""
    # Who it is by, in the files' properties; empty: the inspectorate (its reports).
    author: Text = ""
    header: Header
    title: Text
    sections: list[Section]
    copy_list: list[CopyListEntry]
    notes: list[Text]
    # The words printed around the text, from the report template (absent in documents
    # drafted before they were part of it: the template's are used).
    labels: Labels | None = None
    annex: Annex

    @model_validator(mode="after")
    def _unique_keys(self) -> ReportContent:
        # Comments, overrides and edits name a paragraph by its key.
        seen: set[str] = set()
        for section in self.sections:
            for paragraph in section.paragraphs:
                if paragraph.key in seen:
                    raise ValueError(f"paragraph key {paragraph.key!r} used twice")
                seen.add(paragraph.key)
        return self


def check_report_content(content: Any) -> ReportContent:
    """Validate ``content``; raises pydantic's ValidationError naming the place at fault."""
    return ReportContent.model_validate(content, by_alias=True)
