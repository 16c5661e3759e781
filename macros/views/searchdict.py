"""The jieba user dictionary for Chinese search, generated from the records.

Material segments page text with jieba at build time; the browser then splits a query
into the longest words the index knows (see search_worker.js). So the dictionary
(1) keeps domain terms whole where jieba would break them into single characters
(网评员, 四纳入), and (2) splits the compounds listed in vocab `search_split` (每季度 →
每 + 季度), so that the part is found as well as the whole.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import jieba

from macros.model.cache import cache_dir, keyed
from macros.model.catalog import Catalog

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import Obligation, Template

FREQ = 2000
PART_FREQ = 50000
_SPLIT = re.compile(r"[、，。：；“”‘’（）《》\s/]+")
_TERM = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
jieba.setLogLevel(60)


def _candidates(cat: Catalog) -> set[str]:
    words: set[str] = set()

    def add(text: str) -> None:
        words.update(part for part in _SPLIT.split(str(text)) if _TERM.match(part))

    for term in cat.glossary.values():
        add(term["term"])
        for alias in term.get("aliases", []):
            add(alias)
    titled: list[Obligation | Template] = [*cat.obligations.values(), *cat.templates.values()]
    for record in titled:
        add(record["title"])
        for alias in record.get("aliases", []):
            add(alias)
    for kind in ("groups", "roles", "unit_types", "phrase_categories"):
        for name in cat.vocab_names(kind):
            add(name)
    return words


_FRAGILE: dict[str, bool] = {}


def _fragile(word: str) -> bool:
    """Whether jieba's own dictionary cuts ``word`` into single characters.

    Decided once per word and process: later builds of `mkdocs serve` see jieba with our
    user words loaded, which would hide the answer.
    """
    if word not in _FRAGILE:
        _FRAGILE[word] = any(len(piece) == 1 for piece in jieba.lcut(word, HMM=False))
    return _FRAGILE[word]


def vocabulary(cat: Catalog) -> list[tuple[str, int]]:
    """(word, frequency) pairs: whole domain terms, and split compounds with their parts."""
    split = list(cat.vocab.get("search_split", []))
    entries = {}
    for word in _candidates(cat):
        if word not in split and _fragile(word):
            entries[word] = FREQ
    for word in split:
        entries[word] = 1
        entries[word[1:]] = PART_FREQ
    return sorted(entries.items())


def dict_key(cat: Catalog) -> str:
    """A key of the dictionary's inputs (no jieba needed to compute it)."""
    inputs = [sorted(_candidates(cat)), list(cat.vocab.get("search_split", [])),
              jieba.__version__, FREQ, PART_FREQ]
    return hashlib.sha1(json.dumps(inputs, ensure_ascii=False).encode()).hexdigest()[:16]


def cached_user_dict(cat: Catalog, path: Path) -> Path | None:
    """Write the dictionary from the build cache and return its path; None when it must be
    made (``write_user_dict``), which loads jieba's own dictionary first."""
    cached = cache_dir(cat.root) / f"searchdict-{keyed(dict_key(cat))[:16]}.txt"
    if not cached.is_file():
        return None
    _put(path, cached.read_text(encoding="utf-8"))
    return path


def write_user_dict(cat: Catalog, path: Path) -> Path:
    """Write the dictionary in jieba's ``word freq`` format and return its path.

    The word list is kept in the build cache keyed by its inputs: deciding which words
    jieba would break loads jieba's dictionary, which an unchanged build need not do."""
    if cached_user_dict(cat, path):
        return path
    folder = cache_dir(cat.root)
    text = "".join(f"{w} {f}\n" for w, f in vocabulary(cat))
    for old in folder.glob("searchdict-*.txt"):
        old.unlink(missing_ok=True)
    (folder / f"searchdict-{keyed(dict_key(cat))[:16]}.txt").write_text(text, encoding="utf-8")
    _put(path, text)
    return path


def _put(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
