"""The abbr extension with boundaries that work inside Chinese running text.

Python-Markdown's abbr wraps terms in ``\\b`` word boundaries. Between two Han
characters there is no boundary, so a term such as 一岗双责 in 认真履行一岗双责要求
never matches. Here a term only must not touch ASCII letters or digits.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache

from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor

# No tooltips in headings (they would leak into the table of contents), nor inside links
# and code, where the term is a name or literal text rather than running prose.
SKIP = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre"}


class AbbrCjkTreeprocessor(AbbrTreeprocessor):
    """Wrap glossary terms in ``<abbr>`` wherever they stand, longest term first.

    Headings, links and code are left alone (see SKIP); their tails are still searched.
    """

    def iter_element(self, el, parent=None):
        if el.tag in SKIP:
            tail, el.tail = el.tail, None
            shadow = etree.Element("span")
            shadow.tail = tail
            if parent is not None and tail:
                index = list(parent).index(el)
                parent.insert(index + 1, shadow)
                super().iter_element(shadow, parent)
                el.tail = shadow.tail
                parent.remove(shadow)
            else:
                el.tail = tail
            return
        super().iter_element(el, parent)

    def run(self, root):
        if not self.abbrs:
            return
        self.RE = _pattern(tuple(sorted(self.abbrs)))
        self.iter_element(root)


@lru_cache(maxsize=8)
def _pattern(terms: tuple[str, ...]) -> re.Pattern:
    """One regex for all terms, built as a trie so that each position is tried once
    (a flat alternation of a hundred terms is slow on every text node of every page)."""
    return re.compile(f"(?<![A-Za-z0-9_])(?:{_trie(terms)})(?![A-Za-z0-9_])")


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
