"""Placeholders and example facts in a draft: what makes a draft look finished while it
is not. Reported on its line: placeholders (……, 某某, the templates' either/or forms such
as 党委（党组）), unconfirmed example facts 〖…〗, a paragraph pasted from an example with
its facts (``copied-example``) and an example's named facts left in a reworked paragraph
(``example-fact``). A sentence holding a placeholder or a slot evidences no duty.

Everything comes from ``placeholders:`` in data/checker.yml and the examples' fingerprints
(:func:`example_prints`, shipped to the page in the checker data). The browser mirrors
each function in the block "placeholders and example facts" of docs/assets/checker.js;
tests/test_checker_conformance.py holds the two to identical JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from macros.checker.normalise import fold, ranges_of
from macros.model.facts import FACT, facts_in
from macros.model.text import HAN, unfold

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.catalog import Catalog
    from macros.model.records import Example

# An example is fingerprinted by its longest clauses, each by its first Han characters
# (keeps the page's data small).
CLAUSE_CHARS = 12
MAX_CLAUSES = 6
_CLAUSE_END = re.compile("[，。；：、！？“”‘’（）《》〖〗\\s]")


def _han(text: str) -> str:
    return "".join(HAN.findall(text))


_NUMBER = re.compile(r"^[ \t\u3000]*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）"
                     r"|[0-9]{1,2}[.．、]|（[0-9]{1,2}）)")


def example_where(cat: Catalog, ex: Example) -> str:
    """Where an example stands, as a reader names it: its template's title and section
    heading (``年度情况报告·研判报告一节``), never its id."""
    tpl = cat.templates.get(ex.get("template") or "")
    sec = cat.section(ex.get("template") or "", ex.get("section") or "") or {}
    heading = _NUMBER.sub("", str(sec.get("heading", ""))).strip()
    title = str(tpl["title"]).strip() if tpl is not None else ""
    if title and heading:
        return f"{title}·{heading}一节"
    return title or heading or "知识库示例"


def example_prints(examples: Iterable[Example], min_chars: int,
                   cat: Catalog | None = None) -> list[dict]:
    """Per example: its id, where it stands (:func:`example_where`), its facts, and its
    clauses outside the facts (Han only)."""
    out = []
    for ex in examples:
        text = unfold(ex["text"])
        clauses = [_han(c) for c in _CLAUSE_END.split(FACT.sub("〖", text))]
        clauses = [c for c in clauses if len(c) >= min_chars]
        longest = sorted(range(len(clauses)), key=lambda i: -len(clauses[i]))[:MAX_CLAUSES]
        clauses = list(dict.fromkeys(clauses[i][:CLAUSE_CHARS] for i in sorted(longest)))
        out.append({"id": ex["id"], "where": example_where(cat, ex) if cat else ex["id"],
                    "facts": [f.replace(" ", "") for f in facts_in(text)],
                    "clauses": clauses})
    return out


def voids(data: dict, sentence: str) -> bool:
    """True when the sentence holds a placeholder or a slot: it evidences nothing."""
    return re.search(data["placeholders"]["void"], sentence) is not None


def _mask(spec: dict, text: str) -> str:
    """``text`` with 《titles》, 【slots】 and the kept set names blanked (length kept)."""
    text = re.sub(spec["titles"], lambda m: "　" * len(m.group(0)), text)
    text = re.sub(spec["slot"], lambda m: "　" * len(m.group(0)), text)
    for name in spec["keep"]:
        text = text.replace(name, "　" * len(name))
    return text


def _derived(data: dict, paragraph: str, prints: list[dict]):
    """(example print, share) of the example this paragraph comes from, or (None, 0)."""
    spec = data["placeholders"]
    key = "".join(re.findall(data["han"], paragraph))
    best, share = None, 0.0
    for pr in prints:
        clauses = pr["clauses"]
        if not clauses:
            continue
        hit = sum(1 for c in clauses if c in key) / len(clauses)
        if hit >= spec["copy_share"] and hit > share:
            best, share = pr, hit
    return best, share


def _named(fact: str) -> bool:
    """A named fact (event, document, platform, post), not a bare figure or date."""
    return re.search("[0-9]", fact) is None and len(re.findall(HAN, fact)) >= 4


def placeholder_findings(data: dict, lines: list[str], paras) -> list[tuple]:
    """(kind, line, text) of every placeholder and example-fact finding, in line order."""
    spec = {**data["placeholders"], "slot": data["slot"]}
    tokens, fact = re.compile(spec["tokens"]), re.compile(spec["fact"])
    out = []
    ranges = ranges_of(data)
    for number, line in enumerate(lines, start=1):
        text = fold(data, line, ranges).strip(data["spaces"])
        if not text:
            continue
        masked = _mask(spec, text)
        for m in tokens.finditer(masked):
            out.append(("placeholder", number, m.group(0)))
        for form in spec["either_or"]:
            if form in masked:
                out.append(("placeholder", number, form))
        for m in fact.finditer(text):
            out.append(("unconfirmed-fact", number, m.group(1)))
    prints = data.get("example_prints", [])
    for number, text in paras:
        if fact.search(text):
            continue
        pr, _ = _derived(data, text, prints)
        if pr is None:
            continue
        flat = text.replace(" ", "")
        kept = [f for f in pr["facts"] if f in flat]
        if len(kept) == len(pr["facts"]):
            shown = "与示例相同（" + pr["where"] + "）：" + text[:24]
            out.append(("copied-example", number, shown))
        else:
            out += [("example-fact", number, f + "（示例：" + pr["where"] + "）") for f in kept
                    if _named(f)]
    return out


def with_placeholders(data: dict, lines: list[str], paras, findings: list[dict]) -> list[dict]:
    """The hygiene findings and the placeholder findings, one list in line order."""
    labels, seen = data["labels"], {(f["kind"], f["line"], f["text"]) for f in findings}
    out = list(findings)
    for kind, number, text in placeholder_findings(data, lines, paras):
        if (kind, number, text) not in seen:
            seen.add((kind, number, text))
            out.append({"kind": kind, "line": number, "text": text, "label": labels[kind]})
    out.sort(key=lambda f: f["line"])
    return out
