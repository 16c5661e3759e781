"""The Word layout of data/layout.yml (the catalogue's ``settings.layout``) for the page's
Word builder."""

from __future__ import annotations

import json

LAYOUT_SCRIPT = "assets/kb-layout.js"


def layout_script(layout: dict) -> str:
    """The layout for the page's Word builder (assets/kb-word.js reads window.kb.layout)."""
    return ("(window.kb = window.kb || {}).layout = "
            + json.dumps(layout, ensure_ascii=False) + ";\n")
