"""The checker's data of a project whose sources passed every check, kept in the build cache
(.cache/kb/checker-data.json) under the same key as the catalogue snapshot: `kb check` on an
unchanged project reads that one file instead of the whole catalogue.

The key mixes the per-user secret (model.cache), so a committed or planted file never
matches; the data is plain JSON, the same the checker page is given.
"""

from __future__ import annotations

import json
from pathlib import Path

from macros.checker.engine import checker_data
from macros.checks.loader import load_cached, source_key
from macros.model.cache import cache_dir, is_marked, read_keyed, write_keyed
from macros.model.problems import Problems

FILE = "checker-data.json"


def cached_checker_data(root: Path | str) -> tuple[dict | None, Problems]:
    """(the checker's data, no problems), or (None, the catalogue's problems). Raises
    ValueError with ``file:line`` problems when data/checker.yml or the genre model is
    unusable (as :func:`checker_data` does)."""
    root = Path(root)
    key = source_key(root)
    if is_marked(root, "checked", key):
        data = _read(root, key)
        if data is not None:
            return data, Problems()
    cat = load_cached(root)
    if cat.problems:
        return None, cat.problems
    data = checker_data(cat)
    if source_key(root) == key:          # nothing edited while it was read
        _write(root, key, data)
    return data, Problems()


def checker_data_of(cat, key: str | None) -> dict:
    """``checker_data(cat)``, read back from the build cache when ``key`` (the key of the
    checked sources ``cat`` was read from) kept it; made and kept otherwise (``key`` None:
    sources not yet checked, made only)."""
    data = _read(cat.root, key) if key is not None else None
    if data is None:
        data = checker_data(cat)
        if key is not None:
            _write(cat.root, key, data)
    return data


def _read(root: Path, key: str) -> dict | None:
    body = read_keyed(cache_dir(root) / FILE, key)
    try:
        data = json.loads(body) if body is not None else None
    except ValueError:                   # torn or unreadable: build it again
        return None
    return data if isinstance(data, dict) and isinstance(data.get("obligations"), list) else None


def _write(root: Path, key: str, data: dict) -> None:
    try:
        body = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError):
        return                           # not plain data: the next check builds it again
    write_keyed(cache_dir(root) / FILE, key, body)
