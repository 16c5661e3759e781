"""Only the part of jieba's dictionary that the site's texts can use.

jieba segments with a prefix dictionary of all ~350,000 words of its ``dict.txt`` (half a
million entries with their prefixes), loaded whole at its first use: about a second, or
several when its own cache in the temporary folder is missing (a fresh CI machine). A word
can only be found in a text that holds every one of its characters, and every look-up jieba
makes is of a piece of the text it segments (or of a user word's prefix). So a prefix
dictionary of only the words made of characters the texts use, with the whole dictionary's
total frequency, gives exactly the segmentation of the whole one.

``cover`` is given the characters to come before jieba sees them: the build gives it the
characters of its sources (``source_chars``: the pages, records and code, where every
search text comes from), and each text to segment; a character not covered yet brings in
the words that use it, so no text is segmented with a word missing. When jieba is already
loaded in full (or given another dictionary) nothing is changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

FIRST_CJK = "\u2e80"      # jieba is given runs of Han characters only (Material, searchdict)
SOURCES = ("docs", "data", "macros", "overrides")


def han_chars(texts: Iterable[str]) -> set[str]:
    return {c for text in texts for c in set(text) if c >= FIRST_CJK}


def source_chars(root: Path) -> set[str]:
    """The CJK characters of every text file the site is made from."""
    found: set[str] = set()
    root = Path(root)
    files = [root / "mkdocs.yml"]
    for folder in SOURCES:
        files += sorted(f for f in (root / folder).rglob("*") if f.is_file()
                        and f.suffix in (".md", ".yml", ".yaml", ".py", ".html", ".txt"))
    for file in files:
        try:
            found |= han_chars([file.read_text(encoding="utf-8", errors="replace")])
        except OSError:
            continue
    return found


class PartialDictionary:
    """jieba's default tokenizer, given the words of ``dict.txt`` char set by char set."""

    def __init__(self, jieba):
        self.jieba = jieba
        self.tk = jieba.dt
        self.covered: set[str] = set()
        self.text: str | None = None        # dict.txt, once read
        self.active = False

    def _start(self) -> bool:
        tk = self.tk
        if self.active:
            return True
        if tk.initialized or tk.dictionary is not None:
            return False            # loaded in full already, or another dictionary: as is
        path = Path(self.jieba.__file__).parent / "dict.txt"
        try:
            self.text = path.read_text(encoding="utf-8")
        except OSError:
            return False
        tk.FREQ = {}
        tk.total = sum(map(int, re.findall(r"^\S+ (\d+)", self.text, re.M)))
        tk.initialized = True
        self.active = True
        return True

    def cover(self, chars: Iterable[str]) -> None:
        """Make sure every word of jieba's dictionary made of covered characters is known."""
        new = set(chars) - self.covered
        if not new or not self._start():
            return
        self.covered |= new
        pattern = "[" + "".join(re.escape(c) for c in sorted(self.covered)) + "]+"
        brought = {}                # a word listed twice counts as jieba reads it: the last
        for word, count in re.findall(rf"^({pattern}) (\d+)", self.text, re.M):
            if not new.isdisjoint(word):     # else brought in before
                brought[word] = int(count)
        freq = self.tk.FREQ
        for word, count in brought.items():
            if not freq.get(word):  # a user word keeps the frequency it was given
                freq[word] = count
            for end in range(1, len(word)):
                freq.setdefault(word[:end], 0)


@lru_cache(maxsize=1)
def _default() -> PartialDictionary:
    """The partial dictionary of jieba's default tokenizer in this process."""
    import jieba

    return PartialDictionary(jieba)


def cover(chars: Iterable[str]) -> None:
    """``PartialDictionary.cover`` for jieba's default tokenizer in this process."""
    _default().cover(chars)
