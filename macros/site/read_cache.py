"""The checker's reading of the workbench's paragraphs, kept in the build cache.

Each template page carries, for every skeleton paragraph, sentence and example, the duties
the checker reads in it (macros/checker/reading.py): about a thousand readings, as long as
Material takes for the whole site. A reading depends only on the text, the heading, the
checker's data (data/checker.yml, the obligations' cues, the slots' example values) and the
code of the checker and the model, so it is kept in ``.cache/kb/duty-reads.json`` under a
key of those inputs, mixed with this user's secret (model/cache.py): an unchanged template
is not read again. The file is JSON; readings not used by a build are dropped when it
saves, so the cache never grows.

With an empty cache (a fresh clone, CI, an edit to the checker's data) the build's second
process reads every template's paragraphs while the first renders the other pages
(``read_templates``, handed over with ``expect``); the first template page waits for them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from macros.checker.engine import checker_data
from macros.checker.reading import duty_reader
from macros.checks.loader import load
from macros.model.cache import PACKAGE, cache_dir, code_key, keyed
from macros.model.catalog import Catalog
from macros.views.workbench import template_data

NAME = "duty-reads.json"


def reads_key(cat: Catalog, data: dict | None = None) -> str:
    """The readings' inputs: the checker's data (``data``, when the caller has it), the
    slots' example values, the code."""
    values = {name: str(slot["example"]) for name, slot in cat.slots.items()}
    inputs = json.dumps([checker_data(cat) if data is None else data, values],
                        ensure_ascii=False, sort_keys=True, default=str)
    code = code_key(PACKAGE / "checker") + code_key(PACKAGE / "model")
    return keyed(hashlib.sha1((inputs + code).encode()).hexdigest())


class ReadCache:
    """``reads(text, heading)`` as ``duty_reader(cat)`` gives it, through the cache; with
    ``stored=False`` only through this build's memory (the second process)."""

    def __init__(self, cat: Catalog, stored: bool = True, data: dict | None = None):
        self.cat = cat
        self.path = cache_dir(cat.root) / NAME if stored else None
        self.key = reads_key(cat, data) if stored else ""
        self.used: dict[str, list[str]] = {}
        self.kept: dict[str, list[str]] = {}
        self.hits = self.misses = 0
        self._read = None
        self.pending: tuple[Future, Callable[[Future], dict]] | None = None
        self.stored: dict[str, list[str]] = {}       # what the file holds
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                kept = data["reads"] if data.get("key") == self.key else {}
                self.kept = {k: v for k, v in kept.items()
                             if isinstance(v, list) and all(isinstance(x, str) for x in v)}
                self.stored = dict(self.kept)
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                pass

    def expect(self, future: Future, collect: Callable[[Future], dict]) -> None:
        """The readings ``read_templates`` is making elsewhere: waited for at the first
        reading the cache lacks."""
        self.pending = (future, collect)

    def _arrive(self) -> None:
        future, collect = self.pending
        self.pending = None
        try:
            made = collect(future)
        except Exception:          # read here instead (a failed check stops the build anyway)
            return
        if isinstance(made, dict):
            self.kept.update(made)

    def __call__(self, text: str, heading: str = "") -> list[str]:
        entry = f"{heading}\0{text}"
        found = self.used.get(entry, self.kept.get(entry))
        if found is None and self.pending is not None:
            self._arrive()
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
        """Keep this build's readings (only those: the file never grows). A build that read
        none (its pages framed by an earlier one) leaves the file as it is."""
        if self.path is None or not self.used or self.used == self.stored:
            return                                    # nothing new: leave the file as it is
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": self.key, "reads": self.used}, ensure_ascii=False),
                       encoding="utf-8")
        tmp.replace(self.path)


def read_templates(root: Path) -> dict[str, list[str]]:
    """Every reading the template pages ask for (``heading\\0text`` → duty ids), as the
    workbench makes them: run in the build's second process (background.py)."""
    cat = load(root, checked=False)
    reads = ReadCache(cat, stored=False)
    for tpl in cat.templates.values():
        template_data(cat, tpl, reads)
    return reads.used
