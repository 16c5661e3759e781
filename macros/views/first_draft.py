"""The first draft of a template for a unit type, assembled as the workbench's 起草初稿 does:
per section the framework (its skeleton) followed by the best-fitting example — one
written for the unit type first, then one written for all types (通用), then any example
of the section; slots filled from the writer's values; example facts kept 〖marked〗 until the
writer confirms them (``confirm=True`` removes the markers, as confirming every fact)."""

from __future__ import annotations

from macros.model.catalog import Catalog
from macros.model.facts import strip_markers
from macros.model.text import SLOT, unfold

ALL_TYPES = "通用"


def ranked_examples(cat: Catalog, template_id: str, section_id: str, unit_type: str) -> list:
    """The section's examples, best fit for ``unit_type`` first (stable within a rank)."""
    examples = cat.examples_by_section.get((template_id, section_id), [])

    def rank(ex) -> int:
        return 0 if ex["unit_type"] == unit_type else 1 if ex["unit_type"] == ALL_TYPES else 2
    return sorted(examples, key=rank)


def _fill(text: str, values: dict) -> str:
    return SLOT.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def first_draft(cat: Catalog, template_id: str, unit_type: str, values: dict,
                confirm: bool = False) -> list[str]:
    """The draft as lines: title, then each section's heading and paragraph(s)."""
    tpl = cat.templates[template_id]
    lines: list[str] = []
    for sec in tpl["sections"]:
        heading = unfold(sec["heading"])
        ranked = ranked_examples(cat, template_id, sec["id"], unit_type)
        paragraphs = [unfold(p) for p in str(sec.get("skeleton") or "").split("\n\n")
                      if p.strip()]
        if ranked:
            paragraphs.append(unfold(ranked[0]["text"]))
        if sec["level"] > 0:               # 标题, 导语, 落款 …: unnumbered, no heading line
            lines.append(_fill(heading, values))
        for text in paragraphs:
            text = _fill(text, values)
            lines.append(strip_markers(text) if confirm else text)
    return lines
