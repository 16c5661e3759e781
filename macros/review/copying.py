"""Copy detection for the review desk: which passages of a report also stand in another text.

The specification, shared with the page (docs/assets/review.js follows it step by step;
tests/test_review_conformance.py runs both on the same cases):

1. A text is a list of lines. In each line, the characters kept are those the content lint
   keeps (:func:`macros.checks.lints.normalise`: Han characters, ASCII letters and digits),
   letters lower-cased and every digit read as ``0`` — a report that only changed its year or
   its figures still counts as copied.
2. Masked — neither copied nor counted, and no shingle crosses them — are: the set
   phrases (data/lint.yml ``set_formulas`` and the templates' section headings, normalised
   the same way), document titles in 《》, slots in 【】, the heading of a numbered line
   (``HEADING``: 一、 （一） 1. （1） up to the line's first 。！？；： or its end) and a short
   title line (at most ``TITLE_MAX`` kept characters and none of 。！？；: titles, the
   addressee, the signature, the date).
3. A shingle is every run of ``SHINGLE`` consecutive kept, unmasked characters (lines are
   read one after another: a shingle may cross a line end).
   A report's character is copied from a source when one of the report's shingles covering
   it is also a shingle of that source.
4. Passages: runs of copied characters within one line (masked characters inside a run
   do not break it), quoted with the brackets or quote marks just before it and the
   punctuation just after it (``OPENING``, ``CLOSING``). A run is copying only when it
   holds at least ``MIN_RUN`` unmasked Han characters — a date, a figure or a stock
   phrase is not a copied passage on its own.
   Each passage is named after the source of most of the matched shingles overlapping it
   (a tie: the name sorted first).
5. Share = Han characters of the passages / Han characters (unmasked), as a whole percent
   rounded half up.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from macros.checks.lints import normalise

SHINGLE = 12
MIN_RUN = 20
TITLE_MAX = 40
MASKS = (r"《[^》\n]*》", r"【[^【】\n]*】")
HEADING = (r"^[ \t\u3000]*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]"
           r"|[0-9]{1,2}[.．、]|[（(][0-9]{1,2}[）)])")
HEAD_END = "。！？；："
TITLE_STOP = "。！？；"
OPENING = "（(“‘《【〖"
CLOSING = "。！？；，、：”’）)》】〗"
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _key_char(ch: str) -> str:
    return "0" if ch.isascii() and ch.isdigit() else ch.lower()


def _norm(text: str) -> str:
    return "".join(_key_char(c) for c in normalise(text))


def line_mask(line: str) -> int:
    """How many characters at the start of ``line`` are a heading or title (masked)."""
    if re.match(HEADING, line):
        return next((j + 1 for j, c in enumerate(line) if c in HEAD_END), len(line))
    if len(normalise(line)) <= TITLE_MAX and not any(c in TITLE_STOP for c in line):
        return len(line)
    return 0


def heading_phrase(heading: str) -> str:
    """A template's section heading without its number (a set phrase of the genre)."""
    return re.sub(HEADING, "", str(heading)).strip()


class Prepared:
    """A text ready for matching: its kept characters in reading order (lines joined), for
    each its line and position in the line, and whether it is masked."""

    def __init__(self, lines: list[str], formulas: list[str]):
        self.lines = lines
        masks = re.compile("|".join(MASKS))
        wanted = sorted({_norm(f) for f in formulas if _norm(f)}, key=len, reverse=True)
        self.where: list[tuple[int, int]] = []
        keys, masked = [], []
        for n, line in enumerate(lines):
            masked_orig = set(range(line_mask(line)))
            for m in masks.finditer(line):
                masked_orig.update(range(m.start(), m.end()))
            for j, c in enumerate(line):
                if normalise(c):
                    self.where.append((n, j))
                    keys.append(_key_char(c))
                    masked.append(j in masked_orig)
        self.keys = "".join(keys)
        for formula in wanted:
            start = self.keys.find(formula)
            while start >= 0:
                for i in range(start, start + len(formula)):
                    masked[i] = True
                start = self.keys.find(formula, start + len(formula))
        self.masked = masked

    def shingles(self):
        """(first kept index, shingle) of every shingle (shingles cross line ends, never a
        masked character)."""
        keys, masked, run = self.keys, self.masked, 0
        for i in range(len(keys)):
            run = 0 if masked[i] else run + 1
            if run >= SHINGLE:
                yield i - SHINGLE + 1, keys[i - SHINGLE + 1:i + 1]

    def han_total(self) -> int:
        return sum(1 for i, k in enumerate(self.keys)
                   if not self.masked[i] and _HAN.fullmatch(k))


class Index:
    """Shingles of many texts, each remembering up to two distinct source names."""

    def __init__(self):
        self.seen: dict[str, tuple] = {}

    def add(self, name: str, text: Prepared) -> None:
        for _, shingle in text.shingles():
            got = self.seen.get(shingle)
            if got is None:
                self.seen[shingle] = (name,)
            elif len(got) == 1 and got[0] != name:
                self.seen[shingle] = (got[0], name)

    def source(self, shingle: str, skip: str | None = None) -> str | None:
        """A source holding ``shingle`` other than ``skip``."""
        got = self.seen.get(shingle)
        if not got:
            return None
        return next((g for g in got if g != skip), None)


def percent(part: int, whole: int) -> int:
    """A whole percent, rounded half up (as the page's Math.round)."""
    return math.floor(100 * part / whole + 0.5) if whole else 0


def compare(text: Prepared, index: Index, skip: str | None = None) -> dict:
    """Share and passages of ``text`` found in ``index`` (ignoring the source ``skip``)."""
    matched = []                                   # (first kept index, source)
    for first, shingle in text.shingles():
        src = index.source(shingle, skip)
        if src is not None:
            matched.append((first, src))
    size = len(text.keys)
    depth = [0] * (size + 1)
    for first, _ in matched:
        depth[first] += 1
        depth[first + SHINGLE] -= 1
    covered, level = [False] * size, 0
    for i in range(size):
        level += depth[i]
        covered[i] = level > 0
    runs, start = [], None                         # [start, last] kept indices, one line each
    for i in range(size + 1):
        line = text.where[i][0] if i < size else -1
        if start is not None and (i == size or line != text.where[start][0]
                                  or not (covered[i] or text.masked[i])):
            last = max(j for j in range(start, i) if covered[j])
            runs.append((start, last))
            start = None
        if i < size and covered[i] and start is None:
            start = i
    passages, k, copied = [], 0, 0
    for a, b in runs:
        han = sum(1 for i in range(a, b + 1) if not text.masked[i] and _HAN.fullmatch(text.keys[i]))
        if han < MIN_RUN:
            continue
        copied += han
        while k < len(matched) and matched[k][0] + SHINGLE - 1 < a:
            k += 1
        votes: Counter = Counter()
        j = k
        while j < len(matched) and matched[j][0] <= b:
            votes[matched[j][1]] += 1
            j += 1
        n, pos = text.where[a]
        line, end = text.lines[n], text.where[b][1] + 1
        while pos > 0 and line[pos - 1] in OPENING:
            pos -= 1
        while end < len(line) and line[end] in CLOSING:
            end += 1
        passages.append({"line": n + 1, "text": line[pos:end], "source": _top(votes)})
    return {"share": percent(copied, text.han_total()), "passages": passages}


def _top(votes: Counter) -> str:
    """The source with most votes; a tie goes to the name sorted first."""
    best = max(votes.values())
    return min(name for name, v in votes.items() if v == best)
