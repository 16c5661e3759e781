"""The checker specification (data/checker.yml): schema and portable patterns, checked when
macros.model.settings loads it, so both checker engines read data known to be well formed."""

from __future__ import annotations

from macros.model import schemas
from macros.model.portable import portable_problem
from macros.model.problems import Problems
from macros.model.yamlsrc import LDict, LList

REL = "data/checker.yml"
_str = {"type": "string", "minLength": 1}
_strs = {"type": "array", "items": _str}
_int = {"type": "integer", "minimum": 0}
_chars = {"type": "string"}
_map = {"type": "object", "additionalProperties": {"type": "string"}}
_RANGE = {"type": "string", "pattern": "^[0-9A-F]{4}-[0-9A-F]{4}$"}

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["negations", "problem_headings", "plan_headings", "inline_markers",
                 "duplicate_min_chars", "sentence_end", "paragraph_end", "wrap_min_chars",
                 "heading", "level1", "heading_max_chars", "bare_heading_max_chars",
                 "max_evidence",
                 "common_share", "normalise", "labels", "slot", "hygiene", "spaces",
                 "heading_clause_end", "bare_heading_not_end", "markdown_strip",
                 "summary_format", "han", "genre_messages", "report_year",
                 "report_year_lines", "moods", "others", "other_not_after", "other_not_before",
                 "other_departments", "unit_words", "title_lines", "title_words",
                 "opening_paragraphs", "masks", "synonym_min_chars", "synonym_skip",
                 "clause_end", "rectification", "rectification_mask", "titled_cues",
                 "gather_parts", "principles", "principles_required_in", "genre_openings",
                 "placeholders"],
    "properties": {
        "negations": _strs, "problem_headings": _strs, "plan_headings": _strs,
        "inline_markers": {"type": "object", "additionalProperties": {
            "type": "string", "enum": ["problem", "normal", "plan"]}},
        "duplicate_min_chars": _int, "sentence_end": _str, "paragraph_end": _chars,
        "wrap_min_chars": _int, "heading": _str, "level1": _str,
        "heading_max_chars": _int, "bare_heading_max_chars": _int, "max_evidence": _int,
        "common_share": {"type": "number", "minimum": 0, "maximum": 1},
        "spaces": _str, "heading_clause_end": _str, "bare_heading_not_end": _str,
        "markdown_strip": _str, "summary_format": _str,
        "report_year": _str, "report_year_lines": _int,
        "normalise": {
            "type": "object", "additionalProperties": False,
            "required": ["fold_ranges", "keep", "punctuation", "variants", "joinable",
                         "aside_max_chars"],
            "properties": {"fold_ranges": {"type": "array", "items": _RANGE}, "keep": _chars,
                           "punctuation": _map, "variants": _map, "joinable": _str,
                           "aside_max_chars": _int}},
        "labels": _map,
        "slot": _str,
        "han": _str,
        "genre_messages": {"type": "object", "additionalProperties": False,
                           "required": ["given", "found", "opening", "other", "none", "unclear"],
                           "properties": {k: _str for k in ("given", "found", "opening", "other",
                                                            "none", "unclear")}},
        "moods": {"type": "object", "additionalProperties": False,
                  "required": ["requirement", "plan"],
                  "properties": {"requirement": _strs, "plan": _strs}},
        "others": _strs, "other_not_after": _strs, "other_not_before": _strs,
        "other_departments": _strs, "unit_words": _strs, "title_lines": _int,
        "title_words": _strs,
        "opening_paragraphs": _int, "synonym_min_chars": _int, "synonym_skip": _strs,
        "clause_end": _str, "masks": _map,
        "rectification": _str, "rectification_mask": _str, "gather_parts": _strs,
        "principles": _strs, "principles_required_in": _strs,
        "titled_cues": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["title", "duty", "keywords"],
            "properties": {"title": _str, "duty": _str, "keywords": _strs}}},
        "genre_openings": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["where", "pattern", "genre"],
            "properties": {"where": {"type": "string", "enum": ["title", "first", "opening"]},
                           "pattern": _str, "genre": {"type": ["string", "null"]},
                           "negate": {"type": "boolean"}}}},
        "placeholders": {
            "type": "object", "additionalProperties": False,
            "required": ["tokens", "either_or", "keep", "titles", "void", "fact",
                         "copy_min_chars", "copy_share"],
            "properties": {"tokens": _str, "either_or": _strs, "keep": _strs, "titles": _str,
                           "void": _str, "fact": _str, "copy_min_chars": _int,
                           "copy_share": {"type": "number", "minimum": 0, "maximum": 1}}},
        "hygiene": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["kind", "pattern"],
            "properties": {"kind": _str, "pattern": _str, "all": {"type": "boolean"},
                           "skip_slots": {"type": "boolean"}, "context": _int,
                           "show": {"type": "array", "items": _int}}}},
    },
}
_OPEN = {**SCHEMA, "additionalProperties": True}
PATTERN_KEYS = ("heading", "level1", "slot", "markdown_strip", "han", "rectification")


def _line(node, key) -> int:
    return node.line_of(key) if isinstance(node, (LDict, LList)) else 1


def _pattern(problems: Problems, node, key, value) -> None:
    bad = portable_problem(value)
    if bad:
        problems.add(REL, _line(node, key), bad[0], bad[1] + " (see the top of data/checker.yml)")


def check_settings(data, problems: Problems) -> bool:
    """Schema, portable patterns and kinds of the checker settings; True when usable."""
    if not isinstance(data, dict):
        problems.add(REL, 1, "settings file is not a mapping",
                     "write `key: value` lines (see the comments in the file)")
        return False
    unknown = [k for k in data if k not in SCHEMA["properties"]]
    for key in unknown:
        problems.add(REL, _line(data, key), f"unknown field '{key}'",
                     "remove it or fix its spelling (the comments in the file name every field)")
    if not schemas.check(data, _OPEN, problems, REL) or unknown:
        return False
    before = len(problems)
    for key in PATTERN_KEYS:
        _pattern(problems, data, key, data[key])
    _pattern(problems, data["normalise"], "joinable", data["normalise"]["joinable"])
    for key in ("tokens", "titles", "void", "fact"):
        _pattern(problems, data["placeholders"], key, data["placeholders"][key])
    for patterns in data["moods"].values():
        for i, pattern in enumerate(patterns):
            _pattern(problems, patterns, i, pattern)
    for rule in data["genre_openings"]:
        _pattern(problems, rule, "pattern", rule["pattern"])
    for rule in data["titled_cues"]:
        _pattern(problems, rule, "title", rule["title"])
    for rule in data["hygiene"]:
        _pattern(problems, rule, "pattern", rule["pattern"])
        if rule["kind"] not in data["labels"]:
            problems.add(REL, _line(rule, "kind"), f"hygiene kind '{rule['kind']}' has no label",
                         "add it under `labels:` with the Chinese name shown to writers")
    for kind in ("outdated", "duplicate"):
        if kind not in data["labels"]:
            problems.add(REL, _line(data, "labels"), f"`labels:` lacks '{kind}'",
                         f"add `{kind}: <Chinese name>`")
    return len(problems) == before
