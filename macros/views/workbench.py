"""The writer's workbench of a template page: the data its script builds the draft from.

The page carries the data as JSON islands (``<script type="application/json">``), never as
script code: the Content-Security-Policy runs only the site's own files, and data islands
are not executed. ``docs/assets/kb.js`` reads them.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING

from macros.model.catalog import Catalog
from macros.views.first_draft import section_data, skeleton_paragraphs

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import Template

TEMPLATE_DATA_ID = "kb-template-data"
LAYOUT_DATA_ID = "kb-layout-data"
RULES_DATA_ID = "kb-rules-data"         # data/rules.yml, read by assets/kb-draft.js


def placeholder_spec(spec: dict) -> dict:
    """What the check before writing reports as 占位文字: the checker's own placeholder
    patterns (``spec``: data/checker.yml, the catalogue's ``settings.checker``, the same the
    checkers report), with the set names to keep."""
    holders = spec.get("placeholders", {})
    patterns = [holders.get("tokens", "")] + [re.escape(x) for x in holders.get("either_or", [])]
    patterns += [h["pattern"] for h in spec.get("hygiene", []) if h.get("kind") == "placeholder"]
    return {"patterns": [p for p in patterns if p], "keep": list(holders.get("keep", []))}


paragraphs = skeleton_paragraphs


def profile_slots(cat: Catalog) -> list[str]:
    """Slots of the unit profile: entered once, shared by every template."""
    return [name for name, slot in cat.slots.items() if slot.get("profile")]


def template_data(cat: Catalog, tpl: Template, reads=None) -> dict:
    """Sections (skeleton, the duties each skeleton paragraph evidences, examples), slot
    declarations and unit types for one template."""
    sections = [section_data(cat, tpl["id"], sec, reads) for sec in tpl["sections"]]
    slots = [{"name": name, "type": cat.slots[name]["type"],
              "hint": str(cat.slots[name]["hint"]), "example": str(cat.slots[name]["example"]),
              "profile": bool(cat.slots[name].get("profile"))} for name in tpl["slots"]]
    return {"format": cat.settings.need("rules").draft["format"],   # data/rules.yml
            "template": tpl["id"], "title": tpl["title"], "sections": sections, "slots": slots,
            "placeholders": placeholder_spec(cat.settings.checker or {}),
            "profile": profile_slots(cat),
            "unit_types": [t for t in cat.vocab_names("unit_types") if t != "通用"]}


def island(element_id: str, data) -> str:
    """JSON inside a non-executed script element; '<', '>' and '&' escaped so no text in
    the data can close the element or be read as markup."""
    text = (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def panel(cat: Catalog, tpl: Template, docx_href: str, layout: dict, rules: dict | None = None,
          reads=None) -> str:
    """The workbench container, its data (``rules``: data/rules.yml, the value, import and
    file-name rules) and the static Word link (kept without script)."""
    return "\n".join([
        f'<div class="kb-fill" data-template="{html.escape(tpl["id"])}">',
        island(TEMPLATE_DATA_ID, template_data(cat, tpl, reads)),
        island(LAYOUT_DATA_ID, layout),
        island(RULES_DATA_ID, rules or {}),
        f'<p class="kb-download"><a href="{html.escape(docx_href)}" download>下载 Word 模板'
        "（.docx，公文格式，未填槽位黄色标出）</a></p>",
        "</div>", "",
    ])
