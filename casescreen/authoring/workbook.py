"""Frameworks as workbooks: one sheet per kind of element, in the style of XLSForm.

An administrator may write a framework in a spreadsheet rather than in YAML. The
workbook is converted to the very data a YAML file gives and validated by the same
loader; each problem is then named by the sheet, row and column it came from. Any
framework can be written out as a workbook to start from, and reading that workbook
back gives the same framework.

Sheets (the first row of each holds its column headings, in any order):

- ``settings``: ``key``, ``value`` rows: the keys of ``SETTINGS`` (lists comma-separated).
- ``kinds``: ``id``, ``label``, ``sentence_types`` (comma-separated).
- ``facts``: ``name``, ``label``, ``type``, ``choices`` ("value=Label; value=Label").
- ``key_questions``: ``id``, ``label``.
- ``ratings``: ``id``, ``label``, ``score``, ``from_percent`` (highest first).
- ``overall``: ``rating``, ``from_score`` (highest first).
- ``paragraphs``: ``theme``, ``theme_title``, ``theme_kind``, ``judged``, ``paragraph``,
  ``title``, ``narrative``, ``guidance`` (a theme's rows together).
- ``questions``: the columns of ``QUESTION_COLUMNS``; ``applies`` is a rule in YAML flow
  style (``always``, ``{fact: psr_prepared}``), ``evidence_required_on`` comma-separated.

Texts in more than one language follow XLSForm: a text column (``TEXT_COLUMNS``, and the
``value`` of a text setting) is given once per language, headed ``label::English (en)``,
``label::Welsh (cy)``, and the ``languages`` setting lists them ("en, cy"). A plain
``label`` column is English.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import yaml
from django.utils.translation import gettext as _

from casescreen.frameworks.checksums import YAML_LOADER
from casescreen.frameworks.loader import (
    Framework,
    Problem,
    check_framework,
    parse_text,
    yaml_data,
)
from casescreen.lib.workbook import Rows, WorkbookError, read_sheets

SETTINGS: tuple[str, ...] = (
    "id",
    "version",
    "languages",
    "title",
    "name",
    "announcement.heading",
    "announcement.purpose",
    "announcement.sample",
    "announcement.case_list",
    "style",
    "vocabulary",
    "sampling.kinds",
    "sampling.min_weeks",
    "sampling.max_months",
    "sampling.size.floor",
    "sampling.size.ceiling",
    "sampling.size.fraction",
    "sampling.size.take_all_below",
    "sampling.manager_share",
    "sampling.strata",
    "schedule.announce_weeks_before",
    "schedule.announce_weekday",
    "schedule.fieldwork_days",
    "ratings.case_standard",
)
LIST_SETTINGS = frozenset({"sampling.kinds", "sampling.strata", "languages"})
# The settings that are texts, given in each language of the framework.
TEXT_SETTINGS = frozenset(
    {
        "title",
        "name",
        "announcement.heading",
        "announcement.purpose",
        "announcement.sample",
        "announcement.case_list",
    }
)
# The columns that are texts, given in each language of the framework (XLSForm style).
TEXT_COLUMNS: dict[str, frozenset[str]] = {
    "settings": frozenset({"value"}),
    "kinds": frozenset({"label"}),
    "facts": frozenset({"label", "choices"}),
    "key_questions": frozenset({"label"}),
    "ratings": frozenset({"label"}),
    "paragraphs": frozenset({"theme_title", "title", "guidance"}),
    "questions": frozenset(
        {"text", "guidance", "applies_to", "report_met", "report_not_met", "count_noun"}
    ),
}
# How a language is named in a column heading ("label::Welsh (cy)").
LANGUAGE_NAMES = {"en": "English", "cy": "Welsh"}
_LANGUAGE_HEADING = re.compile(r"^([a-z_]+)::(?:[^()]*\()?([a-z]{2})\)?$")
NUMBER_SETTINGS = frozenset(
    {
        "sampling.min_weeks",
        "sampling.max_months",
        "sampling.size.floor",
        "sampling.size.ceiling",
        "sampling.size.take_all_below",
        "schedule.announce_weeks_before",
        "schedule.fieldwork_days",
    }
)
QUESTION_COLUMNS: tuple[str, ...] = (
    "id",
    "paragraph",
    "key_question",
    "text",
    "guidance",
    "applies",
    "applies_to",
    "evidence_required_on",
    "style",
    "report_met",
    "report_not_met",
    "count_noun",
)
COLUMNS: dict[str, tuple[str, ...]] = {
    "settings": ("key", "value"),
    "kinds": ("id", "label", "sentence_types"),
    "facts": ("name", "label", "type", "choices"),
    "key_questions": ("id", "label"),
    "ratings": ("id", "label", "score", "from_percent"),
    "overall": ("rating", "from_score"),
    "paragraphs": (
        "theme",
        "theme_title",
        "theme_kind",
        "judged",
        "paragraph",
        "title",
        "narrative",
        "guidance",
    ),
    "questions": QUESTION_COLUMNS,
}
# The sheets a framework cannot do without; the others may be left out.
REQUIRED_SHEETS = ("settings", "kinds", "facts", "paragraphs", "questions")
# A question's field in the framework data -> its column.
QUESTION_FIELDS = {
    ("report", "met"): "report_met",
    ("report", "not_met"): "report_not_met",
    ("report", "count_noun"): "count_noun",
}

Loc = tuple[int | str, ...]


@dataclass(frozen=True)
class Origin:
    sheet: str
    row: int  # 0: the sheet as a whole
    column: str = ""

    def __str__(self) -> str:
        parts = [self.sheet]
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("column %(column)s") % {"column": self.column})
        return ", ".join(parts)


@dataclass(frozen=True)
class Checked:
    """An uploaded framework after validation: its YAML text and framework, or problems."""

    framework: Framework | None
    text: str
    problems: tuple[Problem, ...]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value: object) -> object:
    """A whole number as a number; anything else as text, for the schema to refuse."""
    if isinstance(value, bool):
        return _text(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    return int(text) if text.isdigit() else text


def _list(value: object) -> list[str]:
    return [part.strip() for part in _text(value).split(",") if part.strip()]


Words = str | dict[str, str]


def _words(value: object) -> Words:
    """A text cell, or the cells of a text's languages as a mapping {en: ..., cy: ...}."""
    if isinstance(value, dict):
        return {language: _text(cell) for language, cell in value.items()}
    return _text(value)


def _present(words: Words) -> bool:
    return any(words.values()) if isinstance(words, dict) else bool(words)


def _heading(sheet: str, heading: object) -> tuple[str, str]:
    """The column and language a heading names ("label::Welsh (cy)" -> label, cy)."""
    text = _text(heading)
    match = _LANGUAGE_HEADING.match(text.lower())
    if match and match[1] in TEXT_COLUMNS.get(sheet, ()):
        return match[1], match[2]
    return text.lower(), ""


class _Reader:
    """Turns a workbook's sheets into framework data, remembering where each field came from."""

    def __init__(self, sheets: Mapping[str, Rows]) -> None:
        self.sheets = sheets
        self.origins: dict[Loc, Origin] = {}
        self.problems: list[Problem] = []

    def problem(self, origin: Origin, message: str) -> None:
        self.problems.append(Problem(str(origin), message))

    def records(self, sheet: str) -> list[tuple[int, dict[str, object]]]:
        """The sheet's rows as {column: value} under its heading row; blank rows skipped."""
        rows = self.sheets.get(sheet)
        if rows is None:
            if sheet in REQUIRED_SHEETS:
                self.problem(Origin(sheet, 0), _("the workbook has no sheet of this name"))
            return []
        rows = [(n, values) for n, values in rows if any(_text(v) for v in values)]
        if not rows:
            if sheet in REQUIRED_SHEETS:
                self.problem(Origin(sheet, 0), _("the sheet is empty"))
            return []
        heading_row, headings = rows[0]
        columns = [_heading(sheet, h) for h in headings]
        for name, language in columns:
            if name and name not in COLUMNS[sheet]:
                self.problem(
                    Origin(sheet, heading_row, name),
                    _("unknown column (the columns are: %(columns)s)")
                    % {"columns": ", ".join(COLUMNS[sheet])},
                )
            elif language and language not in LANGUAGE_NAMES:
                self.problem(
                    Origin(sheet, heading_row, name),
                    _("unknown language %(code)s (write en for English, cy for Welsh)")
                    % {"code": language},
                )
        records = []
        for number, values in rows[1:]:
            record: dict[str, object] = {}
            for (name, language), value in zip(columns, values, strict=False):
                if not name:
                    continue
                if language:
                    forms = record.setdefault(name, {})
                    if isinstance(forms, dict):
                        forms[language] = value
                else:
                    record[name] = value
            records.append((number, record))
        return records

    def mark(self, loc: Loc, sheet: str, row: int, column: str = "") -> None:
        self.origins[loc] = Origin(sheet, row, column)

    def read(self) -> dict[str, Any]:
        raw: dict[str, Any] = {"status": "draft"}
        for sheet in COLUMNS:
            self.mark((_top(sheet),), sheet, 0)
        self._settings(raw)
        self._kinds(raw)
        self._facts(raw)
        self._key_questions(raw)
        self._ratings(raw)
        self._themes(raw)
        self._questions(raw)
        return raw

    def _settings(self, raw: dict[str, Any]) -> None:
        seen: set[str] = set()
        for number, record in self.records("settings"):
            key = _text(record.get("key"))
            if key not in SETTINGS:
                self.problem(
                    Origin("settings", number, "key"),
                    _("unknown setting %(key)s (the settings are: %(settings)s)")
                    % {"key": repr(key), "settings": ", ".join(SETTINGS)},
                )
                continue
            if key in seen:
                self.problem(
                    Origin("settings", number, "key"), _("%(key)s is given twice") % {"key": key}
                )
                continue
            seen.add(key)
            value = record.get("value")
            if isinstance(value, dict) and key not in TEXT_SETTINGS:
                value = value.get("en")  # a setting that is no text has no languages
            if _text(value) == "" and key == "vocabulary":
                continue
            parsed: object = (
                _list(value)
                if key in LIST_SETTINGS
                else _number(value)
                if key in NUMBER_SETTINGS
                else _words(value)
            )
            path = key.split(".")
            node = raw
            for part in path[:-1]:
                node = node.setdefault(part, {})
            node[path[-1]] = parsed
            self.mark(tuple(path), "settings", number, "value")

    def _kinds(self, raw: dict[str, Any]) -> None:
        kinds: dict[str, Any] = {}
        for number, record in self.records("kinds"):
            kind = _text(record.get("id"))
            if kind in kinds:
                self.problem(
                    Origin("kinds", number, "id"),
                    _("kind of case %(kind)s is given twice") % {"kind": repr(kind)},
                )
                continue
            kinds[kind] = {
                "label": _words(record.get("label")),
                "sentence_types": _list(record.get("sentence_types")),
            }
            self.mark(("case_kinds", kind), "kinds", number, "id")
            for field in ("label", "sentence_types"):
                self.mark(("case_kinds", kind, field), "kinds", number, field)
        raw["case_kinds"] = kinds

    def _facts(self, raw: dict[str, Any]) -> None:
        facts: dict[str, Any] = {}
        for number, record in self.records("facts"):
            name = _text(record.get("name"))
            if name in facts:
                self.problem(
                    Origin("facts", number, "name"),
                    _("fact %(name)s is given twice") % {"name": repr(name)},
                )
                continue
            fact: dict[str, Any] = {
                "label": _words(record.get("label")),
                "type": _text(record.get("type")),
            }
            choices_words = _words(record.get("choices"))
            if _present(choices_words):
                fact["choices"] = self._choices(choices_words, Origin("facts", number, "choices"))
            facts[name] = fact
            self.mark(("facts", name), "facts", number, "name")
            for field in ("label", "type", "choices"):
                self.mark(("facts", name, field), "facts", number, field)
        raw["facts"] = facts

    def _choices(self, words: Words, origin: Origin) -> dict[str, Words]:
        """ "value=Label; value=Label" in each language, as {value: label per language}."""
        forms = words if isinstance(words, dict) else {"": words}
        choices: dict[str, dict[str, str]] = {}
        for language, text in forms.items():
            if not text:
                continue  # a language left blank: the loader names what is missing
            for part in text.split(";"):
                value, sep, label = part.partition("=")
                if not sep or not value.strip() or not label.strip():
                    self.problem(
                        origin,
                        _("write each choice as value=Label, separated by ';' (not %(part)s)")
                        % {"part": repr(part)},
                    )
                    continue
                choices.setdefault(value.strip(), {})[language] = label.strip()
        # A choice of a workbook without languages has its label under "".
        return {value: labels.pop("", "") or labels for value, labels in choices.items()}

    def _key_questions(self, raw: dict[str, Any]) -> None:
        found: dict[str, Words] = {}
        for number, record in self.records("key_questions"):
            key = _text(record.get("id"))
            if key in found:
                self.problem(
                    Origin("key_questions", number, "id"),
                    _("key question %(key)s is given twice") % {"key": repr(key)},
                )
                continue
            found[key] = _words(record.get("label"))
            self.mark(("key_questions", key), "key_questions", number, "label")
        if found:
            raw["key_questions"] = found

    def _ratings(self, raw: dict[str, Any]) -> None:
        scale = []
        for index, (number, record) in enumerate(self.records("ratings")):
            scale.append(
                {
                    "id": _text(record.get("id")),
                    "label": _words(record.get("label")),
                    "score": _number(record.get("score")),
                    "from_percent": _number(record.get("from_percent")),
                }
            )
            self.mark(("ratings", "scale", index), "ratings", number)
            for field in ("id", "label", "score", "from_percent"):
                self.mark(("ratings", "scale", index, field), "ratings", number, field)
        overall = []
        for index, (number, record) in enumerate(self.records("overall")):
            overall.append(
                {
                    "rating": _text(record.get("rating")),
                    "from_score": _number(record.get("from_score")),
                }
            )
            self.mark(("ratings", "overall", index), "overall", number)
            for field in ("rating", "from_score"):
                self.mark(("ratings", "overall", index, field), "overall", number, field)
        self.mark(("ratings",), "ratings", 0)
        self.mark(("ratings", "scale"), "ratings", 0)
        self.mark(("ratings", "overall"), "overall", 0)
        if scale or overall:
            ratings = raw.setdefault("ratings", {})
            ratings["scale"] = scale
            ratings["overall"] = overall
        elif "ratings" in raw:
            self.problem(
                Origin("ratings", 0),
                _("ratings.case_standard is set but no ratings are listed"),
            )
            del raw["ratings"]

    def _flag(self, record: Mapping[str, object], column: str, origin: Origin) -> bool:
        value = record.get(column)
        text = _text(value).lower()
        if text in {"", "no", "false", "n"}:
            return False
        if text in {"yes", "true", "y"}:
            return True
        self.problem(origin, _("write yes or no (not %(value)s)") % {"value": repr(_text(value))})
        return False

    def _themes(self, raw: dict[str, Any]) -> None:
        themes: list[dict[str, Any]] = []
        by_id: dict[str, int] = {}
        for number, record in self.records("paragraphs"):
            theme_id = _text(record.get("theme"))
            index = by_id.get(theme_id)
            if index is None:
                index = by_id[theme_id] = len(themes)
                theme: dict[str, Any] = {
                    "id": theme_id,
                    "title": _words(record.get("theme_title")),
                }
                kind = _text(record.get("theme_kind"))
                if kind:
                    theme["kind"] = kind
                if self._flag(record, "judged", Origin("paragraphs", number, "judged")):
                    theme["judged"] = True
                theme["paragraphs"] = []
                themes.append(theme)
                self.mark(("themes", index), "paragraphs", number, "theme")
                for field, column in (("id", "theme"), ("title", "theme_title")):
                    self.mark(("themes", index, field), "paragraphs", number, column)
                self.mark(("themes", index, "kind"), "paragraphs", number, "theme_kind")
                self.mark(("themes", index, "judged"), "paragraphs", number, "judged")
                self.mark(("themes", index, "paragraphs"), "paragraphs", number)
            paragraphs = themes[index]["paragraphs"]
            position = len(paragraphs)
            paragraph: dict[str, Any] = {
                "id": _text(record.get("paragraph")),
                "title": _words(record.get("title")),
            }
            if self._flag(record, "narrative", Origin("paragraphs", number, "narrative")):
                paragraph["narrative"] = True
            guidance = _words(record.get("guidance"))
            if _present(guidance):
                paragraph["guidance"] = guidance
            paragraphs.append(paragraph)
            base = ("themes", index, "paragraphs", position)
            self.mark(base, "paragraphs", number, "paragraph")
            for field, column in (
                ("id", "paragraph"),
                ("title", "title"),
                ("narrative", "narrative"),
                ("guidance", "guidance"),
            ):
                self.mark((*base, field), "paragraphs", number, column)
        raw["themes"] = themes

    def _questions(self, raw: dict[str, Any]) -> None:
        questions: list[dict[str, Any]] = []
        for index, (number, record) in enumerate(self.records("questions")):
            question: dict[str, Any] = {}
            for column in ("id", "paragraph", "key_question", "text", "guidance", "applies_to"):
                value = _words(record.get(column))
                if _present(value) or column not in {"key_question"}:
                    question[column] = value
            applies = _text(record.get("applies"))
            if applies:
                try:
                    question["applies"] = yaml_data(applies)
                except ValueError:
                    self.problem(
                        Origin("questions", number, "applies"),
                        _("write the rule as always, or like {fact: psr_prepared}"),
                    )
            question["evidence_required_on"] = _list(record.get("evidence_required_on"))
            style = _text(record.get("style"))
            if style:
                question["style"] = style
            report = {
                "met": _words(record.get("report_met")),
                "not_met": _words(record.get("report_not_met")),
            }
            count_noun = _words(record.get("count_noun"))
            if _present(count_noun):
                report["count_noun"] = count_noun
            question["report"] = report
            questions.append(question)
            self.mark(("questions", index), "questions", number)
            for column in QUESTION_COLUMNS:
                self.mark(("questions", index, column), "questions", number, column)
            for fields, column in QUESTION_FIELDS.items():
                self.mark(("questions", index, *fields), "questions", number, column)
            self.mark(("questions", index, "report"), "questions", number, "report_met")
        raw["questions"] = questions


def _top(sheet: str) -> str:
    return {"kinds": "case_kinds", "paragraphs": "themes", "overall": "ratings"}.get(sheet, sheet)


def _locate(problem: Problem, origins: Mapping[Loc, Origin]) -> Problem:
    """The problem named by the sheet, row and column its field came from."""
    loc = problem.loc
    for end in range(len(loc), 0, -1):
        origin = origins.get(loc[:end])
        if origin is not None:
            if origin.sheet == "settings" and not origin.row:
                # A setting left out: name it.
                return replace(problem, where=f"settings, {'.'.join(map(str, loc))}")
            return replace(problem, where=str(origin))
    if loc and isinstance(loc[0], str) and ".".join(map(str, loc)) in _SETTING_PREFIXES:
        return replace(problem, where=f"settings, {'.'.join(map(str, loc))}")
    return problem


_SETTING_PREFIXES = frozenset(
    ".".join(key.split(".")[:n]) for key in SETTINGS for n in range(1, key.count(".") + 2)
)


def read_workbook(data: bytes, name: str) -> Checked:
    """Convert and validate a workbook; every problem names its sheet, row and column."""
    try:
        sheets = read_sheets(data, data_only=True)
    except WorkbookError as exc:
        return Checked(None, "", (Problem("", str(exc)),))
    reader = _Reader(sheets)
    raw = reader.read()
    text = f"# Converted from the workbook {name}.\n" + yaml.safe_dump(
        raw, sort_keys=False, allow_unicode=True, width=100
    )
    framework, problems = check_framework(raw, text=text.encode(), name=name)
    located = [_locate(p, reader.origins) for p in problems]
    if reader.problems:
        framework = None
    return Checked(framework, text, (*reader.problems, *located))


def _keys_given_twice(data: bytes) -> list[Problem]:
    """Every key a mapping of the file gives twice. YAML readers keep the last and drop
    the earlier silently (a fact, a kind of case, or a whole list of questions pasted
    twice), so what the file says would not be what is stored."""
    root = yaml.compose(data, Loader=YAML_LOADER)
    found: list[tuple[int, Problem]] = []
    pending = [root] if root is not None else []
    visited: set[int] = set()
    while pending:
        node = pending.pop()
        if id(node) in visited:  # an alias: the node it names is checked once
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                pending.append(value)
                if not isinstance(key, yaml.ScalarNode) or key.tag.endswith(":merge"):
                    continue
                line = key.start_mark.line + 1
                if (key.tag, key.value) not in first:
                    first[key.tag, key.value] = line
                    continue
                message = _("%(key)s is given twice (first on line %(line)s)") % {
                    "key": repr(key.value),
                    "line": first[key.tag, key.value],
                }
                found.append((line, Problem(_("line %(line)s") % {"line": line}, message)))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
    return [problem for _, problem in sorted(found, key=lambda item: item[0])]


def read_yaml(data: bytes, name: str) -> Checked:
    try:
        text = data.decode()
    except UnicodeDecodeError:
        return Checked(None, "", (Problem("", _("is not a text file in UTF-8")),))
    raw, problems = parse_text(data)
    if raw is None:
        return Checked(None, text, tuple(problems))
    twice = _keys_given_twice(data)
    framework, problems = check_framework(raw, text=data, name=name)
    if twice:
        framework = None
    return Checked(framework, text, (*twice, *problems))


def check_upload(name: str, data: bytes) -> Checked:
    """Validate an uploaded framework, a YAML file or a workbook by its name's ending."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return read_workbook(data, name)
    if lowered.endswith((".yaml", ".yml")):
        return read_yaml(data, name)
    return Checked(
        None, "", (Problem("", _("upload a YAML file (.yaml) or an Excel workbook (.xlsx)")),)
    )


def _flow(value: object) -> str:
    if isinstance(value, str):
        return value
    dumped: str = yaml.safe_dump(value, default_flow_style=True, sort_keys=False, width=10_000)
    return dumped.strip()


def _form(value: object, language: str) -> object:
    """A cell of one language's column: the form in that language of a text given in
    each; a plain value goes in the English column (or the only one)."""
    if isinstance(value, Mapping):
        return value.get(language or "en", "")
    return value if language in ("", "en") else ""


def workbook_of(raw: Mapping[str, Any]) -> bytes:
    """A framework's data as a workbook in the layout ``read_workbook`` reads."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    languages = tuple(raw.get("languages") or ("en",))
    sheets: dict[str, list[list[object]]] = {name: [] for name in COLUMNS}
    for key in SETTINGS:
        node: Any = raw
        for part in key.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        if node is None:
            continue
        sheets["settings"].append([key, ", ".join(node) if key in LIST_SETTINGS else node])
    for kind_id, kind in raw.get("case_kinds", {}).items():
        sheets["kinds"].append([kind_id, kind["label"], ", ".join(kind["sentence_types"])])
    for fact_name, fact in raw.get("facts", {}).items():
        choices = fact.get("choices") or {}
        if languages == ("en",):
            listed: object = "; ".join(f"{v}={label}" for v, label in choices.items())
        else:
            listed = {
                language: "; ".join(f"{v}={_form(label, language)}" for v, label in choices.items())
                for language in languages
            }
        sheets["facts"].append([fact_name, fact["label"], fact["type"], listed])
    for key, label in raw.get("key_questions", {}).items():
        sheets["key_questions"].append([key, label])
    ratings = raw.get("ratings") or {}
    for band in ratings.get("scale", []):
        sheets["ratings"].append([band["id"], band["label"], band["score"], band["from_percent"]])
    for band in ratings.get("overall", []):
        sheets["overall"].append([band["rating"], band["from_score"]])
    for theme in raw.get("themes", []):
        for p in theme["paragraphs"]:
            sheets["paragraphs"].append(
                [
                    theme["id"],
                    theme["title"],
                    theme.get("kind") or "",
                    "yes" if theme.get("judged") else "",
                    p["id"],
                    p["title"],
                    "yes" if p.get("narrative") else "",
                    p.get("guidance") or "",
                ]
            )
    for q in raw.get("questions", []):
        report = q.get("report", {})
        sheets["questions"].append(
            [
                q["id"],
                q["paragraph"],
                q.get("key_question") or "",
                q["text"],
                q["guidance"],
                _flow(q["applies"]),
                q["applies_to"],
                ", ".join(q.get("evidence_required_on", [])),
                q.get("style") or "",
                report.get("met", ""),
                report.get("not_met", ""),
                report.get("count_noun") or "",
            ]
        )
    first = True
    for name, rows in sheets.items():
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = name
        texts = TEXT_COLUMNS.get(name, frozenset()) if languages != ("en",) else frozenset()
        sheet.append(
            [
                f"{column}::{LANGUAGE_NAMES[language]} ({language})" if language else column
                for column in COLUMNS[name]
                for language in (languages if column in texts else ("",))
            ]
            if texts
            else list(COLUMNS[name])
        )
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            cells = [
                _form(value, language)
                for column, value in zip(COLUMNS[name], row, strict=True)
                for language in (languages if column in texts else ("",))
            ]
            # Text stays text: "2.1" must not become a number, nor "=..." a formula, which
            # a spreadsheet would run.
            sheet.append([value if isinstance(value, int) else str(value) for value in cells])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
