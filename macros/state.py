"""The catalogue of the current build, shared by the mkdocs plugin and the macros."""

from __future__ import annotations

from pathlib import Path

from .catalog import Catalog, load
from .problems import ContentError

_current: Catalog | None = None


def load_checked(root: Path | str) -> Catalog:
    """Load the catalogue for a build; raise ContentError listing every problem."""
    global _current
    cat = load(root)
    if cat.problems:
        raise ContentError(cat.problems)
    _current = cat
    return cat


def current() -> Catalog:
    if _current is None:
        raise RuntimeError("the kb plugin must run before macros: list `kb` first in plugins")
    return _current
