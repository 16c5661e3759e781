"""The Word layout of data/layout.yml, shared by every Word output."""

from __future__ import annotations

import json
from pathlib import Path

from macros.model.problems import Problems
from macros.model.yamlsrc import load_yaml_file


def load_layout(root: Path) -> dict:
    """The layout of data/layout.yml (a clear error when it is missing or broken)."""
    problems = Problems()
    file = root / "data" / "layout.yml"
    if not file.is_file():
        raise ValueError("data/layout.yml:1: the Word layout file is missing — restore it "
                         "(page size, margins, fonts; see GB/T 9704)")
    data = load_yaml_file(file, "data/layout.yml", problems)
    if problems or not isinstance(data, dict):
        raise ValueError(problems.report() if problems else "data/layout.yml: not a mapping")
    return data


LAYOUT_SCRIPT = "assets/kb-layout.js"


def layout_script(layout: dict) -> str:
    """The layout for the page's Word builder (assets/kb-word.js reads window.KB_LAYOUT)."""
    return "window.KB_LAYOUT = " + json.dumps(layout, ensure_ascii=False) + ";\n"
