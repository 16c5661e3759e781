"""The jieba user dictionary for Chinese search, generated from the records."""

from __future__ import annotations

import re
from pathlib import Path

from .catalog import Catalog

# High enough that jieba keeps each term whole; the parts of a compound are added too,
# so that a search for 研判 still finds text segmented as 分析研判 (see issue on search).
FREQ = 2000
_SPLIT = re.compile(r"[、，。：；“”‘’（）《》\s/]+")
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,12}$")


def vocabulary(cat: Catalog) -> list[str]:
    """Domain words: glossary terms and aliases, obligation titles and aliases, vocab names."""
    words: set[str] = set()

    def add(text: str) -> None:
        for part in _SPLIT.split(str(text)):
            if _HAN_ONLY.match(part):
                words.add(part)

    for term in cat.glossary.values():
        add(term["term"])
        for alias in term.get("aliases", []):
            add(alias)
    for ob in cat.obligations.values():
        add(ob["title"])
        for alias in ob.get("aliases", []):
            add(alias)
    for kind in ("groups", "roles", "unit_types", "phrase_categories"):
        for name in cat.vocab_names(kind):
            add(name)
    for tpl in cat.templates.values():
        add(tpl["genre"])
    return sorted(words)


def write_user_dict(cat: Catalog, path: Path) -> Path:
    """Write the dictionary in jieba's ``word freq`` format and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{w} {FREQ}\n" for w in vocabulary(cat)), encoding="utf-8")
    return path
