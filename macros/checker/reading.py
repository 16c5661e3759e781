"""The checker's reading of one paragraph, for composing the workbench's first draft: which
duties a skeleton paragraph or an example evidences (macros/views/first_draft.py composes
with it; the site passes it to the page data)."""

from __future__ import annotations

from functools import cache

from macros.checker.engine import checker_data, read_duties
from macros.checker.normalise import paragraphs
from macros.model.catalog import Catalog
from macros.model.facts import strip_markers
from macros.model.text import SLOT

# Read under a neutral title, so the paragraph is body text, not the report's title.
TITLE = "情况报告"


def duty_reader(cat: Catalog):
    """A function (text, section heading) → the duty ids the checker reads in it, as under
    that heading (a plan is no evidence; slots filled with their
    example values, example facts as confirmed: a slot would void the sentence)."""
    data = checker_data(cat)
    values = {name: str(slot["example"]) for name, slot in cat.slots.items()}

    @cache
    def reads(text: str, heading: str = "") -> list[str]:
        plain = SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), strip_markers(text))
        head = [heading, ""] if heading else []    # the part of the report it stands in
        found = read_duties(data, paragraphs(data, [TITLE, ""] + head + [plain]),
                            keep_slogans=True)
        return sorted(k for k, v in found.items() if any(v.values()))
    return reads
