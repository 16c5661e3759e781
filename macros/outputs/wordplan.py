"""A report draft as a list of laid-out paragraphs (GB/T 9704), before any Word library.

The browser's docs/assets/kb-word.js implements the same plan on the same layout
(data/layout.yml); tests/test_word_parity.py compares the two outputs. Change both together.

A draft is ``{"template", "title", "values", "sections": [{"id", "level", "heading",
"dropped", "paragraphs": [...]}]}``; paragraphs may hold 【槽位】. A draft saved as a file also
carries ``"format"``: data/rules.yml ``draft.format`` (the catalogue's ``settings.rules``).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, NotRequired, TypedDict

from macros.model.facts import FACT
from macros.model.text import SLOT, unfold

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import LayoutSettings, LayoutSettingsBody, Template

TITLE_HEADINGS = ("标题",)
SIGNATURE_HEADINGS = ("落款",)
TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4
_NEWLINES = re.compile(r"\s*\n\s*")
_MARKED = re.compile(SLOT.pattern + "|" + FACT.pattern)
_BRACKETED = re.compile(r"（[^（）]{1,12}）")
_NO_BREAK_BEFORE = set("，。、；：！？）》”’〗】")
_NO_BREAK_AFTER = set("（《“‘〖【")


class DraftSection(TypedDict):
    """A section of a draft: the template's heading and level, the writer's paragraphs."""

    id: str
    level: int
    heading: str
    dropped: bool
    paragraphs: list[str]


class Draft(TypedDict):
    """A draft as ``kb`` builds or rebuilds it; one read from a file carries its ``format``
    (data/rules.yml ``draft.format``), one built in memory none."""

    format: NotRequired[str]
    template: str
    title: str
    values: dict[str, str]
    sections: list[DraftSection]


# A run of a planned paragraph: text in one font, size and highlight; "break": a line break
# before it (between the lines of a title; a keyword, so the class syntax cannot name it).
Run = TypedDict("Run", {"text": str, "font": str, "size_half_pt": int, "bold": bool,
                        "highlight": str, "break": NotRequired[bool]})


class Paragraph(TypedDict):
    """A planned paragraph: alignment, indents in twips, outline level and runs."""

    align: str
    first_line_twips: int
    right_twips: int
    outline: int | None
    runs: list[Run]


class Geometry(TypedDict):
    """Section measures of a layout, in twips (charSpace in 1/4096 pt)."""

    line_pitch: int
    char_space: int | None
    footer: int | None
    title_chars: int


class Plan(TypedDict):
    """The document: core properties and the paragraphs."""

    title: str
    author: str
    paragraphs: list[Paragraph]


def clean(text) -> str:
    """A paragraph as one line: wrapped Chinese joined, other line breaks made spaces."""
    return _NEWLINES.sub(" ", unfold(str(text)))


def value_text(value) -> str:
    """A slot value as text ('' when empty)."""
    if value is None or value is False:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def fill(text: str, values: dict) -> str:
    """``text`` with every filled slot replaced by its value (unfilled ones stay)."""
    return SLOT.sub(lambda m: value_text(values.get(m.group(1))) or m.group(0), text)


def skeleton_draft(tpl: Template, values: dict | None = None) -> Draft:
    """The draft a template's skeletons make (every section kept)."""
    sections: list[DraftSection] = []
    for sec in tpl["sections"]:
        paras = [clean(p) for p in str(sec.get("skeleton", "")).split("\n\n") if p.strip()]
        sections.append({"id": sec["id"], "level": sec["level"], "heading": clean(sec["heading"]),
                         "dropped": False, "paragraphs": paras})
    title = next((s["paragraphs"][0] for s in sections if s["level"] == 0
                  and s["heading"] in TITLE_HEADINGS and s["paragraphs"]), tpl["title"])
    return {"template": tpl["id"], "title": title,
            "values": dict(values or {}), "sections": sections}


def half_up(x: float) -> int:
    """Round half up, as JavaScript's Math.round does."""
    return math.floor(x + 0.5)


def text_width(text: str) -> float:
    """Width in characters: a Chinese character 1, an ASCII character 1/2."""
    return sum(0.5 if ord(ch) < 0x80 else 1 for ch in text)


def _runs(text: str, values: dict, spec: LayoutSettingsBody, highlight: str) -> list[Run]:
    """Runs of ``text``: plain pieces and slot values; an unfilled slot stays, highlighted."""
    def run(piece: str, mark: str = "") -> Run:
        return {"text": piece, "font": spec["fonts"][0],
                "size_half_pt": half_up(spec["size_pt"] * 2), "bold": bool(spec.get("bold")),
                "highlight": mark}
    out: list[Run] = []
    pos = 0
    for m in _MARKED.finditer(text):
        if m.start() > pos:
            out.append(run(text[pos:m.start()]))
        value = value_text(values.get(m.group(1))) if m.group(1) is not None else ""
        out.append(run(value) if value else run(m.group(0), highlight))
        pos = m.end()
    if pos < len(text):
        out.append(run(text[pos:]))
    return out


def geometry(layout: LayoutSettings) -> Geometry:
    """Section measures in twips: the document grid (line and character pitch, charSpace in
    1/4096 pt) and the footer distance that puts the page number's top 7 mm below the text."""
    page, grid = layout["page"], layout.get("grid")
    width_pt = (page["width_mm"] - page["margin_left_mm"] - page["margin_right_mm"]) \
        * 72 / 25.4
    char_space = None
    if grid:
        pitch = width_pt / grid["chars_per_line"]
        char_space = half_up((pitch - layout["body"]["size_pt"]) * 4096)
    spec = layout["page_number"]
    below = spec.get("below_text_mm")
    footer = None if below is None else max(0, half_up(
        (page["margin_bottom_mm"] - below) * TWIPS_PER_MM - spec["size_pt"] * TWIPS_PER_PT))
    return {"line_pitch": half_up(layout["line_spacing_pt"] * TWIPS_PER_PT),
            "char_space": char_space, "footer": footer,
            "title_chars": max(1, math.floor(width_pt / layout["title"]["size_pt"]))}


def title_lines(text: str, layout: LayoutSettings) -> list[str]:
    """The title in lines no wider than the text area, broken between words (never inside
    a word of ``title_keep_together``, a 【slot】, a short （bracketed part）, a number or a
    Latin word), lines of like length (GB/T 9704-2012 7.3.1)."""
    limit = geometry(layout)["title_chars"]
    if text_width(text) <= limit:
        return [text]
    blocked: set[int] = set()
    spans = [(m.start(), m.end()) for m in _MARKED.finditer(text)]
    spans += [(m.start(), m.end()) for m in _BRACKETED.finditer(text)]
    for word in layout.get("title_keep_together") or []:
        start = text.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = text.find(word, start + 1)
    for a, b in spans:
        blocked.update(range(a + 1, b))
    for i in range(1, len(text)):
        if ((text[i - 1].isascii() and text[i - 1].isalnum() and text[i].isascii()
             and text[i].isalnum()) or text[i] in _NO_BREAK_BEFORE
                or text[i - 1] in _NO_BREAK_AFTER):
            blocked.add(i)
    lines, start = [], 0
    while text_width(text[start:]) > limit:
        rest = text_width(text[start:])
        target = rest / math.ceil(rest / limit)
        best = None
        for i in range(start + 1, len(text)):
            width = text_width(text[start:i])
            if width > limit:
                break
            if i in blocked:
                continue
            if best is None or abs(width - target) <= abs(text_width(text[start:best]) - target):
                best = i
        if best is None:                       # no break allowed: cut at the limit
            best = start + 1
            while text_width(text[start:best + 1]) <= limit:
                best += 1
        lines.append(text[start:best])
        start = best
    lines.append(text[start:])
    return lines


def _para(layout: LayoutSettings, runs: list[Run], *, align: str = "both", first_chars: float = 0.0,
          right_chars: float = 0.0, outline: int | None = None) -> Paragraph:
    char = layout["body"]["size_pt"] * TWIPS_PER_PT
    return {"align": align, "first_line_twips": half_up(first_chars * char),
            "right_twips": half_up(right_chars * char), "outline": outline, "runs": runs}


def plan(draft: Draft, layout: LayoutSettings) -> Plan:
    """The document: core properties and the paragraphs with their layout and runs."""
    values = draft.get("values") or {}
    highlight = str(layout.get("unfilled_slot_highlight") or "")
    body, indent = layout["body"], layout["first_line_indent_chars"]
    sections = [s for s in draft["sections"] if not s.get("dropped")]
    paras: list[Paragraph] = []
    title_done = addressee_done = False
    for sec in sections:
        level, heading = int(sec["level"]), clean(sec["heading"])
        texts = [clean(p) for p in sec.get("paragraphs", []) if clean(p)]
        if level == 0 and heading in TITLE_HEADINGS:
            for text in texts:
                paras.append(_title(layout, text, values, highlight))
            paras.append(_para(layout, []))
            title_done = True
            continue
        if level == 0 and heading in SIGNATURE_HEADINGS:
            paras.extend(_signature(layout, texts, values, highlight))
            continue
        if not title_done:
            paras.append(_title(layout, clean(draft.get("title", "")), values, highlight))
            paras.append(_para(layout, []))
            title_done = True
        if level >= 1:
            spec = layout["headings"][level]
            paras.append(_para(layout, _runs(heading, values, spec, highlight),
                               first_chars=indent, outline=min(level, 9) - 1))
        for i, text in enumerate(texts):
            if (not addressee_done and level == 0 and i == 0 and text.endswith(("：", ":"))
                    and "。" not in text and len(text) <= layout["addressee_max_chars"]):
                paras.append(_para(layout, _runs(text[:-1] + "：", values, body, highlight),
                                   align="left"))
                continue
            paras.append(_para(layout, _runs(text, values, body, highlight), first_chars=indent))
        addressee_done = True
    return {"title": fill(clean(draft.get("title", "")), values),
            "author": value_text(values.get("单位名称")), "paragraphs": paras}


def _title(layout: LayoutSettings, text: str, values: dict, highlight: str) -> Paragraph:
    """The title centred, its lines broken between words (a line break run between them)."""
    runs: list[Run] = []
    for n, line in enumerate(title_lines(fill(text, values), layout)):
        line_runs = _runs(line, {}, layout["title"], highlight)
        if n and line_runs:
            line_runs[0]["break"] = True
        runs += line_runs
    return _para(layout, runs, align="center")


def _signature(layout: LayoutSettings, texts: list[str], values: dict,
               highlight: str) -> list[Paragraph]:
    """发文机关署名 centred over 成文日期, the date 右空四字 (GB/T 9704-2012 7.3.5.1)."""
    spec = layout["signature"]
    out = [_para(layout, []) for _ in range(spec["blank_lines_before"])]
    if not texts:
        return out
    date_right = spec["date_right_chars"]
    names, date = texts[:-1], texts[-1]
    date_width = text_width(fill(date, values))
    for name in names:
        right = max(0.0, date_right + (date_width - text_width(fill(name, values))) / 2)
        out.append(_para(layout, _runs(name, values, layout["body"], highlight),
                         align="right", right_chars=right))
    out.append(_para(layout, _runs(date, values, layout["body"], highlight), align="right",
                     right_chars=date_right))
    return out
