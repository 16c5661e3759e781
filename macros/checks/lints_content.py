"""Editorial content lints: wrong set formulas, phrases that contradict the avoid list,
ASCII words and editor notes in user-facing Chinese text, stock incidents, examples
for 导语 and 政治站位 sections without political framing, and examples that pack three or
more numbered items into one paragraph.

The lists live in data/lint.yml (``wrong_formulas``, ``ascii_allow``, ``editor_notes``,
``stock_incidents``, ``stock_max``, ``framing_markers``, ``framing_categories``,
``self_reference``); this module only applies them, to the texts lints.py hands it.
One entry point, :func:`lint_content`, called from ``lints.lint_catalog``.
"""

from __future__ import annotations

import re

from macros.checks.lints_sources import lint_sources
from macros.checks.lints_worked import lint_worked
from macros.model.portable import portable_problem
from macros.model.text import HAN, prose_lines

QUOTES = re.compile("[“”‘’\"'「」]")
ASCII_WORD = re.compile(r"(?<![A-Za-z0-9_./:@#-])[A-Za-z][A-Za-z0-9]*(?![A-Za-z0-9_./:@-])")
# Markdown that is not prose: code, link targets, HTML tags, attribute lists, macros,
# admonition and tab markers, footnote and list syntax.
NOT_PROSE = re.compile(r"`[^`\n]*`|\]\([^()\]\n]*\)|<[^<>\n]*>|\{[:#.][^{}\n]*\}|\{\{[^{\n]*?\}\}"
                       r"|^\s*(?:!!!|\?\?\?\+?|===)\s*\S*(?:\s+\"[^\"]*\")?|\[\^[^\[\]\n]*\]")
DEFAULT_STOCK_MAX = 3
# A numbered item opening the text or a sentence (after 。 or a lead-in ：): 1. 2、 （1）
# （一） 一、. Sub-points after ；inside one item (整改措施：1.…；2.…) are not item starts.
ITEM_START = re.compile(r"(?:^|[。！？：])\s*(?:([0-9]{1,2})[.．、](?![0-9])|（([0-9]{1,2})）"
                        r"|（([一二三四五六七八九十]{1,3})）|([一二三四五六七八九十]{1,3})、)")
CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}
PACKED_MOST = 2


def _settings(data: dict) -> dict:
    return {
        "wrong": [w for w in data.get("wrong_formulas") or [] if w.get("wrong")],
        "allow": set(data.get("ascii_allow") or []),
        "notes": [str(n) for n in data.get("editor_notes") or []],
        "stock": [s for s in data.get("stock_incidents") or [] if s.get("pattern")],
        "stock_max": int(data.get("stock_max") or DEFAULT_STOCK_MAX),
        "framing": [str(m) for m in data.get("framing_markers") or []],
        "self_some": str(data.get("self_reference") or ""),
        "framing_sections": set(data.get("framing_categories") or []),
    }


def _page_texts(cat):
    for page in cat.pages.values():
        for offset, line in enumerate(prose_lines(page.body)):
            if line.strip():
                yield page.path, page.body_line + offset, NOT_PROSE.sub(" ", line)


def _lines(path, line, text):
    for offset, raw in enumerate(str(text).split("\n")):
        yield path, line + offset, raw


def _wrong_formulas(cat, wrong, path, line, raw):
    flat = QUOTES.sub("", raw)
    for entry in wrong:
        if QUOTES.sub("", str(entry["wrong"])) in flat:
            cat.problems.add(path, line, f"wrong form of a set formula '{entry['wrong']}'",
                             f"write the set form '{entry.get('right', '')}' (data/lint.yml "
                             "wrong_formulas)")


def _ascii_words(cat, allow, path, line, raw):
    if not HAN.search(raw):
        return
    for m in ASCII_WORD.finditer(raw):
        if m.group(0) not in allow:
            cat.problems.add(path, line, f"ASCII word '{m.group(0)}' in Chinese text",
                             "write it in Chinese, or add it to ascii_allow in data/lint.yml "
                             "if writers really use it (QQ, APP …)")
            return


def _editor_notes(cat, notes, path, line, raw):
    for marker in notes:
        if marker in raw:
            cat.problems.add(path, line, f"editor's note '{marker}' in user-facing text",
                             "say what the writer should do; keep sourcing in a sources: "
                             "field, not in the prose")
            return


def _avoid_conflicts(cat):
    """A recommended phrase that an avoid entry's pattern flags contradicts the bank."""
    avoid = []
    for ph in cat.phrases.values():
        if ph.get("avoid") and ph.get("match"):
            if portable_problem(str(ph["match"])):
                continue                   # validate.py reports it: never run it here
            avoid.append((re.compile(ph["match"]), ph))
    for ph in cat.phrases.values():
        if ph.get("avoid"):
            continue
        for pattern, bad in avoid:
            if pattern.search(ph["text"]):
                cat.problems.add(ph.path, ph.value_line("text"),
                                 f"recommended phrase '{ph['text']}' matches the avoid "
                                 f"entry '{bad['text']}'",
                                 "mark the phrase avoid: true with a prefer:, or narrow the "
                                 "avoid entry's match:")
                break


def _stock_incidents(cat, stock, most):
    """An incident told in more than ``most`` examples reads as stock, not as a report."""
    for entry in stock:
        bad = portable_problem(str(entry["pattern"]))
        if bad:
            cat.problems.add("data/lint.yml", 1, f"stock_incidents pattern: {bad[0]}", bad[1])
            continue
        pattern = re.compile(entry["pattern"])
        hits = [ex for ex in cat.examples.values() if pattern.search(str(ex["text"]))]
        if len(hits) > most:
            for ex in hits[most:]:
                cat.problems.add(ex.path, ex.value_line("text"),
                                 f"stock incident '{entry.get('name', entry['pattern'])}' "
                                 f"told in {len(hits)} examples (at most {most})",
                                 "give this unit its own incident, or drop the story")


def _framing(cat, markers, categories):
    """Examples for a 导语 or 政治站位 section carry the political framing real reports do."""
    if not markers or not categories:
        return
    for ex in cat.examples.values():
        tpl = cat.templates.get(ex["template"])
        sec = next((s for s in (tpl or {}).get("sections", []) if s["id"] == ex["section"]), None)
        if sec and categories & set(sec.get("phrase_categories", [])) \
                and not any(m in str(ex["text"]) for m in markers):
            cat.problems.add(ex.path, ex.value_line("text"),
                             f"example for the section '{sec['heading']}' has no political "
                             "framing", "tie it to the line, e.g. 以习近平新时代中国特色社会主义"
                             "思想为指导 or 两个维护 (data/lint.yml framing_markers)")


def _self_reference(cat, pattern):
    """An example speaks for its own unit as 镇党委 or 本局, not as 某镇党委."""
    if not pattern:
        return
    bad = portable_problem(str(pattern))
    if bad:
        cat.problems.add("data/lint.yml", 1, f"self_reference pattern: {bad[0]}", bad[1])
        return
    rx = re.compile(pattern)
    for ex in cat.examples.values():
        m = rx.search(str(ex["text"]))
        if m:
            cat.problems.add(ex.path, ex.value_line("text"),
                             f"the unit names itself '{m.group(0)}'",
                             "write 局党组、镇党委、本单位 for the reporting unit; keep 某 for "
                             "subordinate units a real report would name")


def _cn_number(text: str) -> int:
    """一 … 九十九 as an integer (十 = 10, 十二 = 12, 二十 = 20)."""
    if "十" not in text:
        return CN_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return CN_DIGITS.get(tens, 1) * 10 + CN_DIGITS.get(ones, 0)


def packed_run(text: str) -> int:
    """The longest run of items numbered on (1. 2. 3. or （一）（二）（三）) at sentence
    starts of one paragraph."""
    last, run, most = {}, {}, 0
    for m in ITEM_START.finditer(text):
        kind = next(i for i, g in enumerate(m.groups()) if g)
        n = int(m.group(kind + 1)) if kind < 2 else _cn_number(m.group(kind + 1))
        run[kind] = run.get(kind, 0) + 1 if n == last.get(kind, 0) + 1 else 1
        last[kind] = n
        most = max(most, run[kind])
    return most


def _packed_items(cat):
    """An example is one paragraph: three or more items numbered on in it clash with the
    numbering of the template's framework (one item per paragraph)."""
    for ex in cat.examples.values():
        run = packed_run(str(ex["text"]))
        if run > PACKED_MOST:
            cat.problems.add(ex.path, ex.value_line("text"),
                             f"{run} numbered items packed into one example",
                             "split it into one example per item (new ids, e.g. the old id + "
                             "-a, -b), each a full paragraph without a number of its own")


def lint_content(cat, settings: dict, texts) -> None:
    """Run the editorial lints of data/lint.yml (``settings``) over ``texts`` — the
    ``(path, line, text)`` of every record field the kinds declare — and every page."""
    s = _settings(settings)
    texts = [*texts, *_page_texts(cat)]
    for path, line, text in texts:
        for p, n, raw in _lines(path, line, text):
            _wrong_formulas(cat, s["wrong"], p, n, raw)
            _editor_notes(cat, s["notes"], p, n, raw)
            _ascii_words(cat, s["allow"], p, n, raw)
    _avoid_conflicts(cat)
    _stock_incidents(cat, s["stock"], s["stock_max"])
    _framing(cat, s["framing"], s["framing_sections"])
    _self_reference(cat, s["self_some"])
    _packed_items(cat)
    lint_worked(cat, settings, texts)
    lint_sources(cat, settings)
