"""Load the catalogue and run every check over it."""

from __future__ import annotations

from pathlib import Path

from macros.model import snapshot
from macros.model.cache import cache_dir, fingerprint, is_marked, mark, read_keyed, write_keyed
from macros.model.catalog import Catalog, read
from macros.model.kinds import KINDS, Kind
from macros.model.reference import sample_files
from macros.model.settings import read_settings

SNAPSHOT = "catalog.json"


def load(root: Path | str, checked: bool = True, kinds: tuple[Kind, ...] = KINDS) -> Catalog:
    """Read and check everything under ``root``; problems are collected in ``cat.problems``."""
    cat = read(root, checked, kinds)
    if checked:
        # The checks (and their pattern tables) are imported only when they run: a command
        # on sources that already passed them starts without them.
        from macros.checks.validate import check_references

        check_references(cat)
        if cat.draft_spans:
            check_drafts(cat)
    return cat


def check_drafts(cat: Catalog) -> None:
    """Check the drafts as they will be once published (read with the rest, every check
    run): a problem inside a draft that names a part to fill is a note (``cat.notes``), any
    other is a problem; problems outside the drafts were found already."""
    from macros.checks.validate import check_references

    whole = read(cat.root, True, cat.kinds, drafts=True)
    check_references(whole)
    known = set(cat.problems)
    for problem in sorted(set(whole.problems)):
        if not cat.in_draft(problem.path, problem.line) or problem in known:
            continue
        (cat.notes if problem.fill else cat.problems).append(problem)


def source_key(root: Path) -> str:
    """The key of a checked catalogue: sources, reference samples, code, libraries."""
    return fingerprint(root, sample_files(root))


def load_cached(root: Path | str) -> Catalog:
    """Like ``load``, but sources identical to ones that already passed every check (same
    content, reference samples and code) are not checked again: the catalogue they gave is
    read back from the build cache (data this user's build wrote there, model.snapshot), or,
    failing that, read without the checks."""
    root = Path(root)
    key = source_key(root)           # before reading: a file edited meanwhile is not marked
    cat = load_if_verified(root, key)
    if cat is None:
        cat = load(root)
        if cat.problems:
            return cat
        save_snapshot(cat, key)
        cat.verified = True
    return cat


def load_if_verified(root: Path, key: str | None = None) -> Catalog | None:
    """The catalogue of sources that already passed every check; None for any others."""
    key = key or source_key(root)
    if not is_marked(root, "checked", key):
        return None
    cat = _snapshot(root, key) or load(root, checked=False)
    cat.verified = True
    return cat


def save_snapshot(cat: Catalog, key: str) -> None:
    """Remember that these sources passed every check, with the catalogue they give."""
    try:
        body = snapshot.dumps(cat)
    except (TypeError, ValueError):
        body = None                      # the mark alone still saves the checks
    if body is not None:
        write_keyed(cache_dir(cat.root) / SNAPSHOT, key, body)
    mark(cat.root, "checked", key)


def _snapshot(root: Path, key: str) -> Catalog | None:
    body = read_keyed(cache_dir(root) / SNAPSHOT, key)
    if body is None:
        return None
    try:
        cat = snapshot.loads(body, Catalog(Path(root).resolve()))
    except Exception:        # missing, torn or from another version: read the sources again
        return None
    cat.settings = read_settings(cat.root, verified=True)      # not in the snapshot: read once
    cat.problems.extend(cat.settings.problems)
    return cat
