"""Read a draft exported by a template page (kb-draft/1 JSON) and rebuild it on a template.

The format, its limits and the slot value checks are data/rules.yml's (macros.model.rules),
the same the page's import (docs/assets/kb-draft.js ``imported``) applies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from macros.model.rules import Rules
from macros.outputs.wordplan import Draft, DraftSection, clean, value_text

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import Slot, Template

class DraftError(ValueError):
    """A draft file that cannot be used; the message is `file:line: what — how to fix`;
    ``key`` names the rule it breaks (the page's import throws the same key)."""

    def __init__(self, message: str, key: str = "bad_draft"):
        super().__init__(message)
        self.key = key


def _refused(name: str, line: int, rules: Rules, key: str, **values) -> DraftError:
    """The refusal ``key`` of data/rules.yml (draft.refusals, the page's wording) at
    ``name:line``."""
    return DraftError(f"{name}:{line}: {rules.refusal(key, **values)}", key)


def _line_of(raw: str, key: str, value: str | None = None) -> int:
    """Line of the first `"key": "value"` (or `"key":`) in the JSON text, else 1."""
    pattern = re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:"
    if value is not None:
        pattern += r"\s*" + re.escape(json.dumps(value, ensure_ascii=False))
    m = re.search(pattern, raw)
    return raw.count("\n", 0, m.start()) + 1 if m else 1


def read_draft_file(path: Path, rules: Rules) -> tuple[dict[str, Any], str]:
    """The parsed draft and its raw text; DraftError when unreadable or not a draft (the
    file is the writer's: its parts are checked one by one before they are used)."""
    name, limit, fmt = str(path), rules.draft["max_bytes"], rules.draft["format"]
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise DraftError(f"{name}:1: cannot read the draft ({err.strerror}) — "
                         "check the path") from None
    if len(data) > limit:
        raise _refused(name, 1, rules, "too_big", kb=limit // 1024)
    try:
        raw = data.decode("utf-8-sig")
        draft = json.loads(raw)
    except UnicodeDecodeError:
        raise _refused(name, 1, rules, "not_json") from None
    except json.JSONDecodeError as err:
        raise _refused(name, err.lineno, rules, "not_json") from None
    except RecursionError:
        raise _refused(name, 1, rules, "not_json") from None
    if not isinstance(draft, dict) or draft.get("format") != fmt:
        raise _refused(name, _line_of(raw, "format") if isinstance(draft, dict) else 1, rules,
                       "not_draft", format=fmt)
    return draft, raw


def rebuild_draft(path: Path, tpl: Template, rules: Rules, slots: Mapping[str, Slot],
                  extra_values: dict | None = None) -> tuple[Draft, list[str]]:
    """The draft of ``path`` on template ``tpl`` and the notes on what was changed:
    headings and levels from the catalogue; paragraphs (without characters XML cannot
    hold), dropped sections, title and values from the file, every value checked against
    its slot's type (``slots``: the catalogue's slot records)."""
    draft, raw = read_draft_file(path, rules)
    name, limits = str(path), rules.draft
    if draft.get("template", tpl["id"]) != tpl["id"]:
        raise _refused(name, _line_of(raw, "template"), rules, "other_template",
                       template=rules.quoted(draft.get("template")))
    sections = draft.get("sections")
    if not isinstance(sections, list):
        raise _refused(name, _line_of(raw, "sections"), rules, "no_sections")
    if len(sections) > limits["max_sections"]:
        raise _refused(name, _line_of(raw, "sections"), rules, "too_many_sections",
                       n=limits["max_sections"])
    known = {sec["id"]: sec for sec in tpl["sections"]}
    out: list[DraftSection] = []
    seen: set[str] = set()
    notes: list[str] = []
    for sec in sections:
        sid = sec.get("id") if isinstance(sec, dict) else None
        if not isinstance(sid, str):
            _problem(notes, name, _line_of(raw, "sections"), rules, "section_without_id")
            continue
        line = _line_of(raw, "id", sid)
        if sid not in known:
            empty = _is_empty(sec.get("paragraphs", []), rules)
            _problem(notes, name, line, rules,
                     "empty_unknown_section" if empty else "unknown_section",
                     id=rules.quoted(sid))
            continue
        if sid in seen:
            _problem(notes, name, line, rules, "repeated_section", id=rules.quoted(sid))
            continue
        seen.add(sid)
        paras = _paragraphs(sec.get("paragraphs", []), name, line, sid, rules, notes)
        ref = known[sid]
        out.append({"id": sid, "level": ref["level"], "heading": clean(ref["heading"]),
                    "dropped": sec.get("dropped") is True, "paragraphs": paras})
    values = _values(draft.get("values", {}), raw, name, rules, slots, notes)
    title = draft.get("title")
    if not isinstance(title, str) or not title.strip():
        title = next((p for s in out if s["level"] == 0 and s["heading"] == "标题"
                      for p in s["paragraphs"]), tpl["title"])
    title = rules.clean_paragraph(title)[0]
    return {"format": limits["format"], "template": tpl["id"], "title": title,
            "values": {**values, **(extra_values or {})}, "sections": out}, notes


def _problem(notes: list[str], name: str, line: int, rules: Rules, key: str,
             **values) -> None:
    """Problem ``key`` at ``name:line`` as data/rules.yml's draft.on_problem decides:
    refused (DraftError), or a note `file:line: note: what — how to fix` and the import
    goes on."""
    if rules.verdict(key) == "refuse":
        raise _refused(name, line, rules, key, **values)
    notes.append(f"{name}:{line}: note: {rules.refusal(key, **values)}")


def _is_empty(paras, rules: Rules) -> bool:
    """No text in a section's paragraphs (as the page's import decides: strings, each blank
    once values.trim is taken off)."""
    return isinstance(paras, list) and all(
        isinstance(p, str) and not p.strip(rules.trim_chars) for p in paras)


def _paragraphs(paras, name: str, line: int, sid: str, rules: Rules,
                notes: list[str]) -> list[str]:
    limits, shown = rules.draft, rules.quoted(sid)
    if not isinstance(paras, list) or not all(isinstance(p, str) for p in paras):
        raise _refused(name, line, rules, "paragraph_not_text", id=shown)
    if len(paras) > limits["max_paragraphs"]:
        raise _refused(name, line, rules, "too_many_paragraphs", id=shown,
                       n=limits["max_paragraphs"])
    out, removed = [], 0
    for p in paras:
        if len(p) > limits["max_paragraph_chars"]:
            raise _refused(name, line, rules, "paragraph_too_long", id=shown,
                           n=limits["max_paragraph_chars"])
        text, gone = rules.clean_paragraph(p)
        removed += gone
        out.append(text)
    if removed:
        _problem(notes, name, line, rules, "control_removed", id=shown, n=removed)
    return out


def _values(values, raw: str, name: str, rules: Rules, slots: Mapping[str, Slot],
            notes: list[str]) -> dict:
    """The file's slot values of this template's slots that fit their slot's type; one that
    does not, or of a slot the template lacks, is left out as draft.on_problem says."""
    if not isinstance(values, dict) or any(
            isinstance(v, (dict, list, bool)) for v in values.values()):
        raise _refused(name, _line_of(raw, "values"), rules, "values_not_text")
    out: dict[str, str] = {}
    for key, value in values.items():
        text, line = value_text(value), _line_of(raw, str(key))
        slot = slots.get(str(key))
        if slot is None:
            _problem(notes, name, line, rules, "unknown_slot", slot=rules.quoted(str(key)))
            continue
        checked, error = rules.check(slot["type"], text)
        if error:
            _problem(notes, name, line, rules, "bad_value", slot=rules.quoted(str(key)),
                     why=rules.message(error, "zh"))
        else:
            out[str(key)] = checked
    return out
