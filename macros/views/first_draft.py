"""The first draft of a template for a unit type, assembled as the workbench's 起草初稿 does
(docs/assets/kb-compose.js ``firstDraft``; tests/test_compose_model.py holds the two to the
same draft).

Per section, the best-fitting example (:func:`fitting`: written for the unit type, then for
all types, 通用; an example naming another year than the report's ranks lower; then the one
evidencing more of the section's duties) and the section's skeleton composed as one text
(:func:`compose`): structural skeleton lines — short, carrying no duty (the 主送 line,
lead-in and address lines, 特此报告, 落款) — keep their place; the example replaces the
skeleton's prose; a skeleton paragraph is kept after the example only for a duty the
report expects that no chosen example evidences (an example's ``obligations`` that its
text also shows), and of it only the sentences that show such a duty (kept once). Which
duties a paragraph evidences is the checker's reading of it under its heading
(macros/checker/reading.py, passed in as ``reads`` by the site; without it a cue match from
the catalogue, :func:`paragraph_duties`), computed at build time, shipped in the page data.

Slots are filled from the writer's values; example facts stay 〖marked〗 until the writer
confirms them (``confirm=True`` removes the markers, as confirming every fact)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from macros.model.catalog import Catalog
from macros.model.facts import strip_markers
from macros.model.text import SLOT, unfold

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import TemplateSectionsItem

ALL_TYPES = "通用"
YEAR = re.compile(r"((?:19|20)\d\d)年")
# A skeleton paragraph no longer than this that carries no duty is a structural line (主送,
# lead-in such as “主要存在以下问题：”, 特此报告, 落款); a longer one is prose.
FRAME_CHARS = 40


def skeleton_paragraphs(text) -> list[str]:
    """The paragraphs of a skeleton (blank-line separated), each unfolded to one line."""
    return [unfold(p) for p in str(text or "").split("\n\n") if p.strip()]


def paragraph_duties(cat: Catalog, text: str) -> list[str]:
    """Duty ids whose catalogue cues (keywords, patterns; not when an exclude word is there)
    the paragraph matches: what a skeleton paragraph says the unit did."""
    out = []
    for ob in cat.obligations.values():
        cues = ob.get("cues")
        if not cues or any(w in text for w in cues.get("exclude", [])):
            continue
        if any(k in text for k in cues.get("keywords", [])) or any(
                re.search(p, text) for p in cues.get("patterns", [])):
            out.append(ob["id"])
    return out


SENTENCE = re.compile("[^。！？]+[。！？]?")


def is_frame(text: str, duties: list[str]) -> bool:
    """A structural skeleton line: carries no duty and is one short line."""
    return not duties and len(text) <= FRAME_CHARS


def _reader(cat: Catalog, reads):
    return reads or (lambda text, heading="": paragraph_duties(cat, text))


def example_data(cat: Catalog, ex, reads=None, heading: str = "") -> dict:
    """An example as the page carries it; ``covers``: the duties it declares that its text
    also evidences as read by ``reads`` (the checker's reading, macros/checker/reading.py;
    by default the catalogue's cues) — what the composition trusts it with."""
    text = unfold(ex["text"])
    found = _reader(cat, reads)(strip_markers(text), heading)
    declared = list(ex.get("obligations") or [])
    return {"id": ex["id"], "unit_type": ex["unit_type"], "text": text,
            "obligations": declared, "covers": [o for o in declared if o in found]}


def section_data(cat: Catalog, template_id: str, sec: TemplateSectionsItem,
                 reads=None) -> dict:
    """One section as the page's data carries it (kb.js, kb-compose.js read it)."""
    read = _reader(cat, reads)
    examples = cat.examples_by_section.get((template_id, sec["id"]), [])
    skeleton = skeleton_paragraphs(sec.get("skeleton"))
    heading = unfold(sec["heading"]) if sec["level"] > 0 else ""
    duties = [read(p, heading) for p in skeleton]
    frames = [is_frame(p, d) for p, d in zip(skeleton, duties, strict=True)]
    return {
        "id": sec["id"], "level": sec["level"], "heading": unfold(sec["heading"]),
        "skeleton": skeleton,
        "skeleton_duties": duties,
        "skeleton_frame": frames,
        "skeleton_sentences": [[] if frame else [
            {"text": t, "duties": read(t, heading)} for t in SENTENCE.findall(p)]
            for p, frame in zip(skeleton, frames, strict=True)],
        "obligations": list(sec.get("obligations") or []),
        "examples": [example_data(cat, ex, read, heading) for ex in examples],
    }


def _fitness(ex: dict, unit_type: str) -> int:
    kind = ex.get("unit_type") or ALL_TYPES
    if unit_type and kind == unit_type:
        return 0
    if kind == ALL_TYPES:
        return 1
    return 2 if not unit_type else -1


def _other_years(text: str, year) -> int:
    if not year:
        return 0
    return sum(1 for m in YEAR.finditer(text) if m.group(1) != str(year))


def fitting(sec: dict, unit_type: str, year=None) -> list[dict]:
    """The section's examples that fit the unit type, best first (kb-compose.js ``fitting``)."""
    ranked = []
    for i, ex in enumerate(sec.get("examples", [])):
        fit = _fitness(ex, unit_type)
        if fit < 0:
            continue
        covers = len([o for o in ex.get("obligations", []) if o in sec.get("obligations", [])])
        ranked.append(((fit, 1 if _other_years(ex["text"], year) else 0, -covers, i), ex))
    return [ex for _, ex in sorted(ranked, key=lambda r: r[0])]


def compose(sec: dict, example: dict | None, unmet: set | None = None) -> list[str]:
    """The section's paragraphs with ``example`` in place of the skeleton's prose
    (kb-compose.js ``compose``). ``unmet``: the duties the draft still lacks (those the report
    expects that no chosen example covers; by default the section's duties the example does
    not cover). A skeleton paragraph evidencing one is kept after the example — only its
    sentences that evidence one (``skeleton_sentences``), so what the example says is not
    said twice — and the duties it shows are taken out of ``unmet``."""
    skeleton = sec.get("skeleton", [])
    if example is None:
        return list(skeleton)
    covers = example.get("covers", example.get("obligations", []))
    if unmet is None:
        unmet = {o for o in sec.get("obligations", []) if o not in covers}
    duties = sec.get("skeleton_duties") or [[] for _ in skeleton]
    frames = sec.get("skeleton_frame") or [False for _ in skeleton]
    sentences = sec.get("skeleton_sentences") or []
    out, placed = [], False
    for index, (text, evidences, frame) in enumerate(zip(skeleton, duties, frames,
                                                         strict=False)):
        if frame:                               # structural: 主送, lead-in, 落款
            out.append(text)
            continue
        if not placed:
            out.append(example["text"])
            placed = True
        if not any(o in unmet for o in evidences):
            continue
        parts = sentences[index] if index < len(sentences) else []
        kept = [p for p in parts if any(o in unmet for o in p["duties"])]
        out.append(text if not parts or len(kept) == len(parts)
                   else "".join(p["text"] for p in kept) or text)
        unmet.difference_update(evidences)
    if not placed:
        out.append(example["text"])
    return out


def ranked_examples(cat: Catalog, template_id: str, section_id: str, unit_type: str,
                    year=None, reads=None) -> list:
    """The section's catalogue examples that fit ``unit_type``, best first."""
    sec = section_data(cat, template_id, cat.section(template_id, section_id), reads)
    ids = [ex["id"] for ex in fitting(sec, unit_type, year)]
    return [cat.examples[i] for i in ids]


def _fill(text: str, values: dict) -> str:
    return SLOT.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def draft_sections(cat: Catalog, template_id: str, unit_type: str, year=None,
                   reads=None) -> list[dict]:
    """The draft's sections as the page holds them: {id, paragraphs, example}
    (kb-compose.js ``firstDraft``)."""
    secs = [section_data(cat, template_id, sec, reads)
            for sec in cat.templates[template_id]["sections"]]
    best = [next(iter(fitting(s, unit_type, year)), None) for s in secs]
    covered = {o for ex in best if ex for o in ex.get("covers", [])}
    unmet = {o for s in secs for o in s["obligations"]} - covered
    return [{"id": s["id"], "paragraphs": compose(s, ex, unmet),
             "example": ex["id"] if ex else None} for s, ex in zip(secs, best, strict=True)]


def first_draft(cat: Catalog, template_id: str, unit_type: str, values: dict,
                confirm: bool = False, reads=None) -> list[str]:
    """The draft as lines: title, then each section's heading and paragraph(s); ``reads``
    as the page was built with (the site passes the checker's reading)."""
    tpl = cat.templates[template_id]
    lines: list[str] = []
    year = values.get("报告年度")
    drafted = draft_sections(cat, template_id, unit_type, year, reads)
    for sec, got in zip(tpl["sections"], drafted, strict=True):
        if sec["level"] > 0:               # 标题, 导语, 落款 …: unnumbered, no heading line
            lines.append(_fill(unfold(sec["heading"]), values))
        for text in got["paragraphs"]:
            text = _fill(text, values)
            lines.append(strip_markers(text) if confirm else text)
    return lines
