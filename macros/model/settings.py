"""The settings files beside the records (data/layout.yml, lint.yml, rules.yml): schemas and
loading.

A settings file is checked when it is loaded, like a record: a wrong type, an unknown or
misspelt key is a ``file:line`` problem, never a ``KeyError`` later in the build.
"""

from __future__ import annotations

from pathlib import Path

from macros.model import schemas
from macros.model.problems import Problems
from macros.model.yamlsrc import load_yaml_file

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
RULES = {
    "type": "object",
    "required": ["values", "messages", "draft", "file_name"],
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
                         "max_paragraph_chars", "not_xml"],
            "properties": {"format": _pattern, "max_bytes": _count, "max_sections": _count,
                           "max_paragraphs": _count, "max_paragraph_chars": _count,
                           "not_xml": _pattern},
        },
        "file_name": {
            "type": "object", "additionalProperties": False,
            "required": ["max_chars", "forbidden", "spaces", "fallback"],
            "properties": {"max_chars": _count, "forbidden": _pattern, "spaces": _pattern,
                           "fallback": _pattern},
        },
    },
}
SCHEMAS = {"layout.yml": LAYOUT, "lint.yml": LINT, "rules.yml": RULES}


def load_settings(root: Path, name: str, problems: Problems,
                  verified: bool = False) -> dict | None:
    """The settings file ``data/<name>``, or None with every problem in ``problems``;
    ``verified``: the file already passed these checks (a verified catalogue's)."""
    rel = f"data/{name}"
    file = Path(root) / "data" / name
    if not file.is_file():
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
