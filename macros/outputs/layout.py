"""The Word layout of data/layout.yml, shared by every Word output."""

from __future__ import annotations

from pathlib import Path

from macros.model.problems import Problems
from macros.model.settings import load_settings


def load_layout(root: Path) -> dict:
    """The checked layout of data/layout.yml; ValueError listing every problem otherwise."""
    problems = Problems()
    data = load_settings(root, "layout.yml", problems)
    if data is None:
        raise ValueError(problems.report())
    return data
