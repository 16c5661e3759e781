"""The Word layout of data/layout.yml, shared by every Word output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, cast

from macros.model.problems import Problems
from macros.model.settings import load_settings

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import LayoutSettings


def load_layout(root: Path, verified: bool = False) -> LayoutSettings:
    """The checked layout of data/layout.yml; ValueError listing every problem otherwise
    (``verified``: it already passed the checks, see Catalog.verified)."""
    problems = Problems()
    data = load_settings(root, "layout.yml", problems, verified)
    if data is None:
        raise ValueError(problems.report())
    return cast("LayoutSettings", data)


LAYOUT_SCRIPT = "assets/kb-layout.js"


def layout_script(layout: LayoutSettings) -> str:
    """The layout for the page's Word builder (assets/kb-word.js reads window.kb.layout)."""
    return ("(window.kb = window.kb || {}).layout = "
            + json.dumps(layout, ensure_ascii=False) + ";\n")
