"""Load the catalogue and run every check over it."""

from __future__ import annotations

from pathlib import Path

from macros.checks.validate import check_references
from macros.model.catalog import Catalog, read
from macros.model.kinds import KINDS, Kind


def load(root: Path | str, checked: bool = True, kinds: tuple[Kind, ...] = KINDS) -> Catalog:
    """Read and check everything under ``root``; problems are collected in ``cat.problems``."""
    cat = read(root, checked, kinds)
    if checked:
        check_references(cat)
    return cat
