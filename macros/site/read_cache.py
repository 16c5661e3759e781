"""The checker's reading of the workbench's paragraphs, kept in the build cache.

Each template page carries, for every skeleton paragraph, sentence and example, the duties
the checker reads in it (macros/checker/reading.py): about a thousand readings, as long as
Material takes for the whole site. A reading depends only on the text, the heading, the
checker's data (data/checker.yml, the obligations' cues, the slots' example values) and the
code of the checker and the model, so it is kept in ``.cache/kb/duty-reads.json`` under a
key of those inputs, mixed with this user's secret (model/cache.py): an unchanged template
is not read again. The file is JSON; readings not used by a build are dropped when it
saves, so the cache never grows.
"""

from __future__ import annotations

import hashlib
import json

from macros.checker.engine import checker_data
from macros.checker.reading import duty_reader
from macros.model.cache import PACKAGE, cache_dir, code_key, keyed
from macros.model.catalog import Catalog

NAME = "duty-reads.json"


def reads_key(cat: Catalog) -> str:
    """The readings' inputs: the checker's data, the slots' example values, the code."""
    values = {name: str(slot["example"]) for name, slot in cat.slots.items()}
    inputs = json.dumps([checker_data(cat), values], ensure_ascii=False, sort_keys=True,
                        default=str)
    code = code_key(PACKAGE / "checker") + code_key(PACKAGE / "model")
    return keyed(hashlib.sha1((inputs + code).encode()).hexdigest())


class ReadCache:
    """``reads(text, heading)`` as ``duty_reader(cat)`` gives it, through the cache."""

    def __init__(self, cat: Catalog):
        self.cat = cat
        self.path = cache_dir(cat.root) / NAME
        self.key = reads_key(cat)
        self.used: dict[str, list[str]] = {}
        self.hits = self.misses = 0
        self._read = None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            kept = data["reads"] if data.get("key") == self.key else {}
            self.kept = {k: v for k, v in kept.items()
                         if isinstance(v, list) and all(isinstance(x, str) for x in v)}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.kept = {}

    def __call__(self, text: str, heading: str = "") -> list[str]:
        entry = f"{heading}\0{text}"
        found = self.used.get(entry)
        if found is None:
            found = self.kept.get(entry)
        if found is None:
            self.misses += 1
            if self._read is None:
                self._read = duty_reader(self.cat)
            found = self._read(text, heading)
        else:
            self.hits += 1
        self.used[entry] = found
        return list(found)

    def save(self) -> None:
        """Keep this build's readings (only those: the file never grows)."""
        if not self.misses and len(self.used) == len(self.kept):
            return                                    # nothing new: leave the file as it is
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": self.key, "reads": self.used}, ensure_ascii=False),
                       encoding="utf-8")
        tmp.replace(self.path)
