"""The settings files beside the records (data/layout.yml, lint.yml, checker.yml, rules.yml):
schemas and the one place that loads them.

:func:`read_settings` loads and checks every settings file once, when the catalogue is read
(``cat.settings``); every consumer — views, outputs, checks, lints, both checkers, the
review desk, ``kb`` — reads them from there, from the project ``--root`` names. A settings
file is checked when it is loaded, like a record: a wrong type, an unknown or misspelt key
is a ``file:line`` problem, never a ``KeyError`` later in the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from macros.model import schemas
from macros.model.checker_spec import check_settings as check_checker
from macros.model.facts import BodyRule, body_rule
from macros.model.problems import Problems
from macros.model.rules import Rules, compile_rules
from macros.model.yamlsrc import load_yaml_file

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import LayoutSettings, LintSettings

_num = {"type": "number", "exclusiveMinimum": 0}
_fonts = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}
FONT_SPEC = {
    "type": "object",
    "required": ["fonts", "size_pt"],
    "additionalProperties": False,
    "properties": {"fonts": _fonts, "size_pt": _num, "bold": {"type": "boolean"}},
}
LAYOUT = {
    "type": "object",
    "required": ["page", "line_spacing_pt", "first_line_indent_chars", "title", "body",
                 "headings", "page_number", "addressee_max_chars", "signature"],
    "additionalProperties": False,
    "properties": {
        "page": {
            "type": "object",
            "required": ["width_mm", "height_mm", "margin_top_mm", "margin_bottom_mm",
                         "margin_left_mm", "margin_right_mm"],
            "additionalProperties": False,
            "properties": {k: _num for k in ("width_mm", "height_mm", "margin_top_mm",
                                             "margin_bottom_mm", "margin_left_mm",
                                             "margin_right_mm")},
        },
        "line_spacing_pt": _num,
        "first_line_indent_chars": {"type": "integer", "minimum": 0, "maximum": 10},
        "title": FONT_SPEC,
        "body": FONT_SPEC,
        "headings": {"type": "object", "minProperties": 1},
        "page_number": {
            "type": "object",
            "required": ["fonts", "size_pt"],
            "additionalProperties": False,
            "properties": {"fonts": _fonts, "size_pt": _num, "prefix": {"type": "string"},
                           "suffix": {"type": "string"},
                           "odd": {"enum": ["left", "right", "center"]},
                           "even": {"enum": ["left", "right", "center"]},
                           "below_text_mm": {"type": "number", "minimum": 0, "maximum": 30},
                           "edge_space": {"type": "string", "maxLength": 4}},
        },
        "grid": {
            "type": "object", "additionalProperties": False,
            "required": ["chars_per_line", "lines_per_page"],
            "properties": {"chars_per_line": {"type": "integer", "minimum": 10, "maximum": 60},
                           "lines_per_page": {"type": "integer", "minimum": 10, "maximum": 60}},
        },
        "title_keep_together": {"type": "array", "maxItems": 500,
                                "items": {"type": "string", "minLength": 2, "maxLength": 12}},
        "addressee_max_chars": {"type": "integer", "minimum": 1, "maximum": 200},
        "signature": {
            "type": "object", "additionalProperties": False,
            "required": ["blank_lines_before", "date_right_chars"],
            "properties": {"blank_lines_before": {"type": "integer", "minimum": 0, "maximum": 5},
                           "date_right_chars": {"type": "integer", "minimum": 0,
                                                "maximum": 20}},
        },
        "unfilled_slot_highlight": {"enum": ["yellow", "bright_green", "turquoise", "pink",
                                             "gray_25", "none"]},
    },
}
_words = {"type": "array", "items": {"type": "string", "minLength": 1}}
_pair = {"type": "object", "additionalProperties": False}
_text = {"type": "string", "minLength": 1}
LINT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "deny_names": _words, "junk": _words, "set_formulas": _words,
        "wrong_formulas": {"type": "array", "items": {
            **_pair, "required": ["wrong", "right"],
            "properties": {"wrong": {"type": "string", "minLength": 1},
                           "right": {"type": "string", "minLength": 1}}}},
        "ascii_allow": _words, "editor_notes": _words,
        "stock_max": {"type": "integer", "minimum": 1},
        "stock_incidents": {"type": "array", "items": {
            **_pair, "required": ["name", "pattern"],
            "properties": {"name": {"type": "string", "minLength": 1},
                           "pattern": {"type": "string", "minLength": 1}}}},
        "framing_categories": _words, "framing_markers": _words,
        "self_reference": {"type": "string", "minLength": 1},
        "colloquial": {"type": "array", "items": {
            **_pair, "required": ["wrong", "right"],
            "properties": {"wrong": {"type": "string", "minLength": 1},
                           "right": {"type": "string", "minLength": 1},
                           "not_after": {"type": "string"}}}},
        "colloquial_paths": _words, "foreign_sources": _words, "list_templates": _words,
        "official_sources": _words,
        "named_bodies": {
            **_pair, "required": ["places", "shared", "generic", "suffixes", "party"],
            "properties": {"places": _text, "not_after": {"type": "string"},
                           "shared": _words, "generic": _words, "suffixes": _words,
                           "party": _words, "whole": _words, "groups": _text,
                           "name_max": {"type": "integer", "minimum": 1, "maximum": 20}}},
        "source_exceptions": {"type": "array", "items": {
            **_pair, "required": ["url", "why"],
            "properties": {"url": {"type": "string", "pattern": "^https?://"},
                           "why": {"type": "string", "minLength": 10}}}},
    },
}
_pattern = {"type": "string", "minLength": 1}
_count = {"type": "integer", "minimum": 1}
_msg = {"type": "object", "required": ["zh", "en"], "additionalProperties": False,
        "properties": {"zh": _pattern, "en": _pattern}}
# Why a draft import stops (data/rules.yml draft.refusals): "what — how to fix", one line.
REFUSALS = ("too_big", "not_json", "not_draft", "other_template", "no_sections",
            "too_many_sections", "too_many_paragraphs", "paragraph_not_text",
            "paragraph_too_long", "values_not_text")
# The problems whose verdict data/rules.yml decides (draft.on_problem: refuse or note); the
# wording is in draft.refusals or draft.notes (macros.model.rules.compile_rules checks it).
PROBLEMS = ("section_without_id", "unknown_section", "empty_unknown_section",
            "repeated_section", "control_removed", "bad_value", "unknown_slot")
_refusal = {"type": "string", "pattern": schemas.WHAT_FIX}
_suffixes = {"type": "array", "minItems": 1,
             "items": {"type": "string", "pattern": schemas.SUFFIX}}
RULES = {
    "type": "object",
    "required": ["values", "messages", "draft", "draft_files", "file_name"],
    "additionalProperties": False,
    "properties": {
        "values": {
            "type": "object", "additionalProperties": False,
            "required": ["trim", "control", "text", "year", "date", "count", "percent"],
            "properties": {
                "trim": _pattern, "control": _pattern,
                "text": {"type": "object", "required": ["max_chars"],
                         "properties": {"max_chars": _count}, "additionalProperties": False},
                "year": {"type": "object", "required": ["pattern", "min", "max"],
                         "additionalProperties": False,
                         "properties": {"pattern": _pattern, "min": _count, "max": _count}},
                "date": {"type": "object", "required": ["patterns"],
                         "additionalProperties": False,
                         "properties": {"patterns": {"type": "array", "minItems": 1,
                                                     "items": _pattern}}},
                "count": {"type": "object", "required": ["pattern"],
                          "additionalProperties": False, "properties": {"pattern": _pattern}},
                "percent": {"type": "object", "required": ["pattern", "max"],
                            "additionalProperties": False,
                            "properties": {"pattern": _pattern, "max": _count}},
            },
        },
        "messages": {"type": "object", "additionalProperties": _msg,
                     "required": ["control", "too_long", "year", "date", "count", "percent"]},
        "draft": {
            "type": "object", "additionalProperties": False,
            "required": ["format", "max_bytes", "max_sections", "max_paragraphs",
                         "max_paragraph_chars", "not_xml", "shown_chars", "refusals",
                         "on_problem", "notes"],
            "properties": {"format": _pattern, "max_bytes": _count, "max_sections": _count,
                           "max_paragraphs": _count, "max_paragraph_chars": _count,
                           "not_xml": _pattern, "shown_chars": _count,
                           "refusals": {"type": "object", "required": list(REFUSALS),
                                        "additionalProperties": _refusal,
                                        "properties": {k: _refusal for k in REFUSALS}},
                           "notes": {"type": "object", "additionalProperties": _refusal},
                           "on_problem": {"type": "object", "required": list(PROBLEMS),
                                          "additionalProperties": False, "properties": {
                                              k: {"enum": ["refuse", "note"]}
                                              for k in PROBLEMS}}},
        },
        "draft_files": {
            "type": "object", "additionalProperties": False,
            "required": ["text_suffixes", "plain_suffixes", "max_text_bytes", "max_docx_bytes",
                         "max_document_xml", "max_archive_total", "binary_bytes",
                         "binary_window", "binary_share"],
            "properties": {
                "text_suffixes": _suffixes, "plain_suffixes": _suffixes,
                "max_text_bytes": _count, "max_docx_bytes": _count, "max_document_xml": _count,
                "max_archive_total": _count, "binary_window": _count,
                "binary_bytes": {"type": "array", "minItems": 1, "items": {
                    "type": "array", "minItems": 2, "maxItems": 2,
                    "items": {"type": "integer", "minimum": 0, "maximum": 255}}},
                "binary_share": {"type": "number", "minimum": 0, "maximum": 1},
            },
        },
        "file_name": {
            "type": "object", "additionalProperties": False,
            "required": ["max_chars", "forbidden", "spaces", "fallback"],
            "properties": {"max_chars": _count, "forbidden": _pattern, "spaces": _pattern,
                           "fallback": _pattern},
        },
    },
}
_COUNT = {"type": "integer", "minimum": 0}
# data/quotas.yml: what every published duty and template must hold (checks.unfinished).
QUOTAS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "obligation": {"type": "object", "additionalProperties": False, "properties": {
            "examples": _COUNT, "example_unit_types": _COUNT}},
        "template": {"type": "object", "additionalProperties": False, "properties": {
            "sections": _COUNT, "slots": _COUNT,
            "sections_with_duties": {"type": "number", "minimum": 0, "maximum": 1},
            "examples_per_section": _COUNT,
            "sections_without_examples": {"type": "array", "items": {"type": "string"}}}},
    },
}
SCHEMAS = {"layout.yml": LAYOUT, "lint.yml": LINT, "rules.yml": RULES, "quotas.yml": QUOTAS}
FILES = ("layout.yml", "lint.yml", "checker.yml", "rules.yml", "quotas.yml")   # data/<name>
OPTIONAL = ("quotas.yml",)      # absent: no quotas (a small test project)


def load_settings(root: Path, name: str, problems: Problems,
                  verified: bool = False) -> dict | None:
    """The settings file ``data/<name>``, or None with every problem in ``problems``;
    ``verified``: the file already passed these checks (a verified catalogue's)."""
    rel = f"data/{name}"
    file = Path(root) / "data" / name
    if not file.is_file():
        if name not in OPTIONAL:
            problems.add(rel, 1, "settings file is missing", f"restore {rel} from the repository")
        return None
    data = load_yaml_file(file, rel, problems)
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.add(rel, 1, "settings file is not a mapping",
                     "write `key: value` lines (see the comments in the file)")
        return None
    if verified:
        return data
    if name == "checker.yml":
        return data if check_checker(data, problems) else None
    if not schemas.check(data, SCHEMAS[name], problems, rel):
        return None
    if name == "layout.yml" and not _check_headings(data["headings"], rel, problems):
        return None
    return data


def _check_headings(headings, rel: str, problems: Problems) -> bool:
    ok = True
    for level, spec in headings.items():
        if level not in (1, 2, 3, 4):
            problems.add(rel, headings.line_of(level), f"heading level '{level}' is not 1–4",
                         "key the heading styles by section level: 1, 2, 3 or 4")
            ok = False
        elif not schemas.check(spec, FONT_SPEC, problems, rel):
            ok = False
    return ok


@dataclass
class Settings:
    """The checked settings of one project, loaded once with its catalogue. A file with
    problems is None here, its problems are in ``problems`` (and in the catalogue's)."""

    layout: LayoutSettings | None = None    # data/layout.yml: the Word layout
    lint: LintSettings | None = None        # data/lint.yml: the editors' lists
    checker: dict | None = None         # data/checker.yml: the draft checker's specification
    rules: Rules | None = None          # data/rules.yml, patterns compiled
    bodies: BodyRule | None = None      # lint.yml ``named_bodies``, compiled (None: no rule)
    quotas: dict | None = None          # data/quotas.yml: per-record quotas (None: none apply)
    problems: Problems = field(default_factory=Problems)

    @property
    def lists(self) -> dict[str, Any]:
        """data/lint.yml's lists, empty when the file is unusable (its problems are said)."""
        return self.lint or {}

    def need(self, name: str) -> Any:
        """The setting ``name`` (layout, lint, checker, rules); ValueError with the file's
        ``file:line`` problems when it is unusable."""
        value = getattr(self, name)
        if value is None:
            rel = f"data/{name}.yml"
            own = Problems(p for p in self.problems if p.path == rel)
            if not own:
                own.add(rel, 1, "settings not loaded",
                        "read the project with macros.model.catalog.read or checks.loader")
            raise ValueError(own.report())
        return value


def _bodies(lint: dict | None, problems: Problems) -> BodyRule | None:
    spec = (lint or {}).get("named_bodies")
    try:
        return body_rule(spec)
    except re.error as err:
        problems.add("data/lint.yml", spec.line_of("groups") if hasattr(spec, "line_of") else 1,
                     f"named_bodies groups is not a valid pattern ({err})",
                     "write a Python regular expression, e.g. 第[一二三四五六七八九十]+巡察组")
        return None


def read_settings(root: Path | str, verified: bool = False) -> Settings:
    """Every settings file of the project at ``root``, loaded and checked once (``verified``:
    they already passed these checks, see Catalog.verified)."""
    problems = Problems()
    found = {name: load_settings(Path(root), name, problems, verified) for name in FILES}
    spec = found["rules.yml"]
    return Settings(layout=found["layout.yml"], lint=found["lint.yml"],
                    checker=found["checker.yml"],
                    rules=compile_rules(spec, problems) if spec is not None else None,
                    bodies=_bodies(found["lint.yml"], problems), quotas=found["quotas.yml"],
                    problems=problems)
