"""The abbr extension with boundaries that work inside Chinese running text.

Python-Markdown's abbr wraps terms in ``\\b`` word boundaries. Between two Han
characters there is no boundary, so a term such as 一岗双责 in 认真履行一岗双责要求
never matches. Here a term only must not touch ASCII letters or digits.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor
from markdown.util import AtomicString

# No tooltips in headings (they would leak into the table of contents), nor inside links
# and code, where the term is a name or literal text rather than running prose.
SKIP = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre"}


class AbbrCjkTreeprocessor(AbbrTreeprocessor):
    """Wrap glossary terms in ``<abbr>`` wherever they stand, longest term first.

    Headings, links and code are left alone (see SKIP); their tails are still searched.
    The walk is Python-Markdown's (children last to first, then the text, each tail at
    its element's place), with each child's place known instead of looked up: on a long
    table or list that lookup made the pass quadratic.
    """

    def walk(self, el) -> None:
        children = list(el)
        for index in range(len(children) - 1, -1, -1):
            child = children[index]
            if child.tag not in SKIP:
                self.walk(child)
            tail = child.tail
            if tail and not isinstance(tail, AtomicString):
                child.tail = self.wrap(tail, lambda abbr, el=el, at=index + 1: el.insert(at, abbr))
        text = el.text
        if text and not isinstance(text, AtomicString):
            el.text = self.wrap(text, lambda abbr, el=el: el.insert(0, abbr))

    def wrap(self, text: str, insert) -> str:
        """``text`` up to its first term; each term (last first) put in place as an abbr."""
        for m in reversed(_matches(self.RE, text)):
            term = m.group(0)
            if self.abbrs[term]:
                insert(self.create_element(self.abbrs[term], term, text[m.end():]))
                text = text[:m.start()]
        return text

    def run(self, root):
        if not self.abbrs:
            return
        self.RE = _pattern(tuple(sorted(self.abbrs)))
        if root.tag not in SKIP:
            self.walk(root)


_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")


def _matches(pattern: re.Pattern, text: str) -> list[re.Match]:
    """The terms in ``text`` that touch no ASCII letter or digit, as the regex
    ``(?<![A-Za-z0-9_])term(?![A-Za-z0-9_])`` would find them. The check before the term is
    made here: a pattern that opens with a lookbehind loses the regex engine's quick scan
    for a term's first character, and is tried at every position of every text."""
    found = []
    pos = 0
    while m := pattern.search(text, pos):
        start = m.start()
        if start and _WORD_CHAR.match(text, start - 1):
            pos = start + 1                        # no term here: try from the next place
            continue
        found.append(m)
        pos = m.end()
    return found


@lru_cache(maxsize=8)
def _pattern(terms: tuple[str, ...]) -> re.Pattern:
    """One regex for all terms, built as a trie so that each position is tried once
    (a flat alternation of a hundred terms is slow on every text node of every page);
    a term must not be followed by an ASCII letter or digit (nor, see _matches, follow one)."""
    return re.compile(f"(?:{_trie(terms)})(?![A-Za-z0-9_])")


def _trie(words) -> str:
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _alternation(tree)


def _alternation(node: dict) -> str:
    """Longest match first: branches before the end-of-word mark."""
    branches = [re.escape(ch) + _alternation(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class AbbrCjkExtension(AbbrExtension):
    """Drop-in replacement for ``abbr`` (same ``*[term]: title`` syntax and glossary)."""

    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.treeprocessors.register(AbbrCjkTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's required name
    return AbbrCjkExtension(**kwargs)
