"""The writer-facing rules of data/rules.yml: slot values, draft limits and file names.

The template pages apply the same file in docs/assets/kb-draft.js (read from the page's
``kb-rules-data`` island); tests/rules_cases.yml holds conformance cases both engines run.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from typing import TYPE_CHECKING

from macros.model.problems import Problems
from macros.model.text import SLOT

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import RulesSettingsDraft

REL = "data/rules.yml"
_DIGITS = re.compile(r"^[0-9]+$")
_PLACE = re.compile(r"\{([a-z]+)\}")             # a {name} in a message, filled in


class Rules:
    """The rules of one data/rules.yml, patterns compiled."""

    def __init__(self, spec: dict):
        self.spec = spec
        val = spec["values"]
        self.trim_chars = val["trim"]
        self.control = re.compile(val["control"])
        self.patterns = {t: re.compile(val[t]["pattern"]) for t in ("year", "count", "percent")}
        self.dates = [re.compile(p) for p in val["date"]["patterns"]]
        self.not_xml = re.compile(spec["draft"]["not_xml"])
        self.forbidden = re.compile(spec["file_name"]["forbidden"])
        self.spaces = re.compile(spec["file_name"]["spaces"])

    @property
    def draft(self) -> RulesSettingsDraft:
        return self.spec["draft"]

    def message(self, key: str, lang: str = "en") -> str:
        return self.spec["messages"][key][lang]

    def refusal(self, key: str, **values) -> str:
        """Why a draft import stops (draft.refusals) or what it left out (draft.notes),
        "what — how to fix", its ``{name}`` places filled from ``values`` (the page's
        kb-draft.js fills them alike)."""
        draft = self.spec["draft"]
        text = draft["refusals"][key] if self.verdict(key) == "refuse" else draft["notes"][key]
        return _PLACE.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], text)

    def verdict(self, key: str) -> str:
        """'refuse' or 'note': what a draft import does on problem ``key``
        (draft.on_problem; a problem not listed there always refuses)."""
        return self.spec["draft"]["on_problem"].get(key, "refuse")

    def quoted(self, value) -> str:
        """A value of the draft file as a refusal quotes it: a text as it is, anything else
        as JSON, cut at draft.shown_chars code points."""
        text = value if isinstance(value, str) else json.dumps(
            value, ensure_ascii=False, separators=(",", ":"))
        return text[:self.spec["draft"]["shown_chars"]]

    def check(self, kind: str, raw) -> tuple[str, str]:
        """(value, error key) of a slot value of type ``kind``: the value as it goes into
        the text ('' when empty or refused) and '' or the key of what is wrong."""
        text = "" if raw is None else str(raw)
        text = text.strip(self.trim_chars)
        if not text:
            return "", ""
        if self.control.search(text):
            return "", "control"
        val = self.spec["values"]
        if kind not in self.patterns and kind != "date":
            if len(text) > val["text"]["max_chars"]:
                return "", "too_long"
            return text, ""
        plain = unicodedata.normalize("NFKC", text)
        if kind == "date":
            return self._date(plain)
        m = self.patterns[kind].match(plain)
        if kind == "year":
            ok = m and val["year"]["min"] <= int(m.group(1)) <= val["year"]["max"]
            return (m.group(1), "") if ok else ("", "year")
        if kind == "count":
            return (str(int(m.group(1))), "") if m else ("", "count")
        if not m or float(m.group(1)) > val["percent"]["max"]:
            return "", "percent"
        whole, _, frac = m.group(1).partition(".")
        frac = frac.rstrip("0")
        return str(int(whole)) + ("." + frac if frac else "") + "%", ""

    def _date(self, plain: str) -> tuple[str, str]:
        year = self.spec["values"]["year"]
        for pattern in self.dates:
            m = pattern.match(plain)
            if not m:
                continue
            y, mo, d = (int(g) for g in m.groups() if _DIGITS.match(g))
            try:
                date(y, mo, d)
            except ValueError:
                return "", "date"
            if not year["min"] <= y <= year["max"]:
                return "", "date"
            return f"{y}年{mo}月{d}日", ""
        return "", "date"

    def shown(self, value: str, limit: int = 30) -> str:
        """A value as a message may quote it: control characters as '?', cut at ``limit``."""
        text = self.control.sub("?", str(value))
        return text if len(text) <= limit else text[:limit] + "…"

    def clean_paragraph(self, text: str) -> tuple[str, int]:
        """``text`` without the characters XML cannot hold, and how many were removed."""
        return self.not_xml.subn("", text)

    def file_name(self, title: str, suffix: str = ".docx") -> str:
        """A download's name: the title without unfilled slots and forbidden characters,
        spaces collapsed, at most ``max_chars`` code points, then ``suffix``."""
        spec = self.spec["file_name"]
        name = self.forbidden.sub("", SLOT.sub("", str(title)))
        name = self.spaces.sub(" ", name).strip(" .")[:spec["max_chars"]].strip(" .")
        return (name or spec["fallback"]) + suffix


def compile_rules(spec: dict, problems: Problems) -> Rules | None:
    """The rules of a checked data/rules.yml mapping, patterns compiled; None with every
    pattern that does not compile in ``problems`` (macros.model.settings loads the file)."""
    val, dates = spec["values"], spec["values"]["date"]["patterns"]
    found = [(val, "control", val["control"]), (spec["draft"], "not_xml",
                                                 spec["draft"]["not_xml"]),
             (spec["file_name"], "forbidden", spec["file_name"]["forbidden"]),
             (spec["file_name"], "spaces", spec["file_name"]["spaces"])]
    found += [(val[t], "pattern", val[t]["pattern"]) for t in ("year", "count", "percent")]
    found += [(dates, i, text) for i, text in enumerate(dates)]
    ok = True
    for node, key, text in found:
        try:
            re.compile(text)
        except re.error as err:
            line = node.line_of(key) if hasattr(node, "line_of") else 1
            problems.add(REL, line, f"pattern '{text}' is not a valid regular "
                         f"expression ({err})", "fix it, in the syntax both Python and "
                         "JavaScript read (see the comment at the top of the file)")
            ok = False
    draft = spec["draft"]
    for key, verdict in draft["on_problem"].items():
        where = "refusals" if verdict == "refuse" else "notes"
        if key not in draft[where]:
            node = draft["on_problem"]
            line = node.line_of(key) if hasattr(node, "line_of") else 1
            problems.add(REL, line, f"draft.on_problem.{key} is '{verdict}' but draft.{where} "
                         f"has no wording for '{key}'", f"add {key}: \"what — how to fix\" "
                         f"to draft.{where}")
            ok = False
    return Rules(spec) if ok else None
