"""Load the catalogue and run every check over it."""

from __future__ import annotations

from pathlib import Path

from macros.checks.validate import check_references
from macros.model.catalog import Catalog, read


def load(root: Path | str, checked: bool = True) -> Catalog:
    """Read and check everything under ``root``; problems are collected in ``cat.problems``."""
    cat = read(root, checked)
    if checked:
        check_references(cat)
    return cat
