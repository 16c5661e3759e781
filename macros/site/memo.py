"""A table of results kept in the build cache from one build to the next.

Each entry is a result of a pure function, stored under the hash of its inputs; the file is
JSON, under a key (the code's, or the checked sources') mixed with this user's secret
(model/cache.py), so a planted or stale file is never read. Entries a build does not use are
dropped when it saves, so the file never grows; an unchanged table leaves the file alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from macros.model.cache import read_keyed, write_keyed


class Memo:
    """``get``/``put`` results by input hash; ``valid`` turns a stored value into a result,
    or None when it does not have the result's shape (the entry is then made again)."""

    def __init__(self, path: Path, key: str | None, valid: Callable = lambda v: v):
        self.path = path
        self.key = key                # None: nothing read (the table is kept once it has one)
        self.kept: dict = {}
        self.used: dict = {}
        self.hits = self.misses = 0
        body = read_keyed(path, key) if key is not None else None
        try:
            data = json.loads(body) if body is not None else {}
        except ValueError:
            data = {}
        if isinstance(data, dict):
            self.kept = {k: found for k, v in data.items() if (found := valid(v)) is not None}

    def get(self, key: str):
        found = self.kept.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
            self.used[key] = found
        return found

    def put(self, key: str, value) -> None:
        self.used[key] = value

    def save(self, key: str | None = None) -> None:
        """Keep this build's entries under ``key`` (by default the key read under)."""
        key = key or self.key
        if key is None or (key == self.key and self.used.keys() == self.kept.keys()):
            return
        write_keyed(self.path, key, json.dumps(self.used, ensure_ascii=False))
