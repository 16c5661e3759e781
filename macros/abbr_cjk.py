"""The abbr extension with boundaries that work inside Chinese running text.

Python-Markdown's abbr wraps terms in ``\\b`` word boundaries. Between two Han
characters there is no boundary, so a term such as 一岗双责 in 认真履行一岗双责要求
never matches. Here a term only must not touch ASCII letters or digits.
"""

from __future__ import annotations

import re

from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class AbbrCjkTreeprocessor(AbbrTreeprocessor):
    """Wrap glossary terms in ``<abbr>`` wherever they stand, longest term first.

    Headings are left alone: a tooltip there would also leak into the table of contents.
    """

    def iter_element(self, el, parent=None):
        if el.tag in HEADINGS:
            return
        super().iter_element(el, parent)

    def run(self, root):
        if not self.abbrs:
            return
        terms = sorted(self.abbrs, key=len, reverse=True)
        alternatives = "|".join(re.escape(t) for t in terms)
        self.RE = re.compile(f"(?<![A-Za-z0-9_])(?:{alternatives})(?![A-Za-z0-9_])")
        self.iter_element(root)


class AbbrCjkExtension(AbbrExtension):
    """Drop-in replacement for ``abbr`` (same ``*[term]: title`` syntax and glossary)."""

    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.treeprocessors.register(AbbrCjkTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's required name
    return AbbrCjkExtension(**kwargs)
