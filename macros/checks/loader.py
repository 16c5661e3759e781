"""Load the catalogue and run every check over it."""

from __future__ import annotations

from pathlib import Path

from macros.checks.lints import reference_dir
from macros.checks.validate import check_references
from macros.model.cache import fingerprint, is_marked, mark
from macros.model.catalog import Catalog, read
from macros.model.kinds import KINDS, Kind


def load(root: Path | str, checked: bool = True, kinds: tuple[Kind, ...] = KINDS) -> Catalog:
    """Read and check everything under ``root``; problems are collected in ``cat.problems``."""
    cat = read(root, checked, kinds)
    if checked:
        check_references(cat)
    return cat


def load_cached(root: Path | str) -> Catalog:
    """Like ``load``, but sources identical to ones that already passed every check (same
    content, reference samples and code) are read without running the checks again."""
    root = Path(root)
    reference = reference_dir(root)
    key = fingerprint(root, sorted(reference.glob("*.txt")) if reference else [])
    passed = is_marked(root, "checked", key)
    cat = load(root, checked=not passed)
    if not passed and not cat.problems:
        mark(root, "checked", key)
    return cat
