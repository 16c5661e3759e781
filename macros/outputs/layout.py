"""The Word layout of data/layout.yml, shared by every Word output."""

from __future__ import annotations

import json
from pathlib import Path

from macros.model.problems import Problems
from macros.model.settings import load_settings


def load_layout(root: Path, verified: bool = False) -> dict:
    """The checked layout of data/layout.yml; ValueError listing every problem otherwise
    (``verified``: it already passed the checks, see Catalog.verified)."""
    problems = Problems()
    data = load_settings(root, "layout.yml", problems, verified)
    if data is None:
        raise ValueError(problems.report())
    return data


LAYOUT_SCRIPT = "assets/kb-layout.js"


def layout_script(layout: dict) -> str:
    """The layout for the page's Word builder (assets/kb-word.js reads window.kb.layout)."""
    return ("(window.kb = window.kb || {}).layout = "
            + json.dumps(layout, ensure_ascii=False) + ";\n")
