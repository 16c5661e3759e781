"""The Word layout of data/layout.yml (the catalogue's ``settings.layout``) for the page's
Word builder."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import LayoutSettings

LAYOUT_SCRIPT = "assets/kb-layout.js"


def layout_script(layout: LayoutSettings) -> str:
    """The layout for the page's Word builder (assets/kb-word.js reads window.kb.layout)."""
    return ("(window.kb = window.kb || {}).layout = "
            + json.dumps(layout, ensure_ascii=False) + ";\n")
