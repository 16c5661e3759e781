"""Copy detection for the review desk: which passages of a report also stand in another text.

The specification, shared with the page (docs/assets/review.js follows it step by step;
tests/test_review_conformance.py runs both on the same cases):

1. A text is a list of lines. In each line, the characters kept are those the content lint
   keeps (:func:`macros.checks.lints.normalise`: Han characters, ASCII letters and digits),
   letters lower-cased and every digit read as ``0`` — a report that only changed its year or
   its figures still counts as copied.
2. Set political formulas (data/lint.yml ``set_formulas``, normalised the same way),
   document titles in 《》 and slots in 【】 are masked: they are neither copied nor counted,
   and no shingle crosses them.
3. A shingle is every run of ``SHINGLE`` consecutive kept, unmasked characters of one line.
   A report's character is copied from a source when one of the report's shingles covering
   it is also a shingle of that source.
4. Share = copied Han characters / Han characters (unmasked), as a whole percent rounded
   half up. Passages: runs of copied characters in a line (masked characters inside a run
   do not break it), each named after the source most of its shingles came from.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from macros.checks.lints import normalise

SHINGLE = 12
MASKS = (r"《[^》\n]*》", r"【[^【】\n]*】")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _key_char(ch: str) -> str:
    return "0" if ch.isascii() and ch.isdigit() else ch.lower()


def _norm(text: str) -> str:
    return "".join(_key_char(c) for c in normalise(text))


class Prepared:
    """A text ready for matching: per line the kept characters, their positions in the
    line, and which of them are masked."""

    def __init__(self, lines: list[str], formulas: list[str]):
        self.lines = lines
        self.rows = []
        masks = re.compile("|".join(MASKS))
        wanted = sorted({_norm(f) for f in formulas if _norm(f)}, key=len, reverse=True)
        for line in lines:
            masked_orig = set()
            for m in masks.finditer(line):
                masked_orig.update(range(m.start(), m.end()))
            pos = [j for j, c in enumerate(line) if normalise(c)]
            keys = "".join(_key_char(line[j]) for j in pos)
            masked = [pos[i] in masked_orig for i in range(len(pos))]
            for formula in wanted:
                start = keys.find(formula)
                while start >= 0:
                    for i in range(start, start + len(formula)):
                        masked[i] = True
                    start = keys.find(formula, start + len(formula))
            self.rows.append((pos, keys, masked))

    def shingles(self):
        """(line index, first kept index, shingle) of every shingle."""
        for n, (_, keys, masked) in enumerate(self.rows):
            run = 0
            for i in range(len(keys)):
                run = 0 if masked[i] else run + 1
                if run >= SHINGLE:
                    yield n, i - SHINGLE + 1, keys[i - SHINGLE + 1:i + 1]

    def han_total(self) -> int:
        return sum(1 for n, (pos, keys, masked) in enumerate(self.rows)
                   for i in range(len(keys)) if not masked[i] and _HAN.fullmatch(keys[i]))


class Index:
    """Shingles of many texts, each remembering up to two distinct source names."""

    def __init__(self):
        self.seen: dict[str, tuple] = {}

    def add(self, name: str, text: Prepared) -> None:
        for _, _, shingle in text.shingles():
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
    hits: list[dict] = [{} for _ in text.rows]
    for n, first, shingle in text.shingles():
        src = index.source(shingle, skip)
        if src is None:
            continue
        for i in range(first, first + SHINGLE):
            hits[n].setdefault(i, Counter())[src] += 1
    copied, passages = 0, []
    for n, (pos, keys, masked) in enumerate(text.rows):
        covered = hits[n]
        if not covered:
            continue
        copied += sum(1 for i in covered if _HAN.fullmatch(keys[i]))
        start = last = None
        votes: Counter = Counter()
        for i in range(len(keys) + 1):
            if i < len(keys) and i in covered:
                if start is None:
                    start, votes = i, Counter()
                last = i
                votes.update(covered[i])
            elif i < len(keys) and masked[i] and start is not None:
                continue
            elif start is not None:
                line = text.lines[n]
                passages.append({"line": n + 1, "text": line[pos[start]:pos[last] + 1],
                                 "source": _top(votes)})
                start = None
    return {"share": percent(copied, text.han_total()), "passages": passages}


def _top(votes: Counter) -> str:
    """The source with most votes; a tie goes to the name sorted first."""
    best = max(votes.values())
    return min(name for name, v in votes.items() if v == best)
