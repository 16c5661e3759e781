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
from macros.model.cache import cache_dir, is_marked
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


def _read(root: Path, key: str) -> dict | None:
    try:
        head, _, body = (cache_dir(root) / FILE).read_text(encoding="utf-8").partition("\n")
        if head != key:
            return None
        data = json.loads(body)
    except (OSError, ValueError):        # missing, torn or unreadable: build it again
        return None
    return data if isinstance(data, dict) and isinstance(data.get("obligations"), list) else None


def _write(root: Path, key: str, data: dict) -> None:
    folder = cache_dir(root)
    tmp = folder / (FILE + ".tmp")
    try:
        tmp.write_text(key + "\n" + json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(folder / FILE)
    except (OSError, TypeError, ValueError):
        tmp.unlink(missing_ok=True)      # the next check builds it again
