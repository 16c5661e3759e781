"""Example facts lint: every figure, date or named body (县发展改革委党组) of an example is
marked 〖…〗, markers are well formed, and an example for all unit types (unit_type 通用)
uses declared slots only.

The figure rule is macros/model/facts.py's; ``kb facts --mark FILE`` proposes the markers.
"""

from __future__ import annotations

import re

from macros.model.catalog import Catalog
from macros.model.facts import (
    CLOSE,
    FACT,
    OPEN,
    unmarked_bodies,
    unmarked_figures,
)
from macros.model.text import slots_in

ALL_TYPES = "通用"
_STRAY = re.compile(f"[{OPEN}{CLOSE}]")


def _lines(ex):
    first = ex.value_line("text")
    for offset, line in enumerate(str(ex["text"]).split("\n")):
        yield first + offset, line


def check_example_facts(cat: Catalog, ex) -> None:
    """Problems of one example's fact markup, each with its file and line."""
    add = cat.problems.add
    rule = cat.settings.bodies
    for number, line in _lines(ex):
        if _STRAY.search(FACT.sub("", line)):
            add(ex.path, number, "unbalanced or nested fact marker 〖 〗",
                "write each fact as 〖事实〗 on one line, without nesting")
            continue
        for _, _, figure in unmarked_figures(line)[:1]:
            add(ex.path, number, f"unmarked figure '{figure}' in example '{ex['id']}'",
                f"mark the unit's own fact as 〖{figure}〗 (kb facts --mark FILE proposes "
                "markers), or write it as a word if it is not a fact of this unit")
        for _, _, body in unmarked_bodies(line, rule)[:1]:
            add(ex.path, number, f"unmarked named body '{body}' in example '{ex['id']}'",
                f"another unit's name is a fact of the example: mark it as 〖{body}〗 (kb facts "
                "--mark FILE proposes markers), or write the unit generically (局党组, 本单位, "
                "【单位简称】); superior bodies every unit shares are listed in data/lint.yml "
                "named_bodies")
    if ex["unit_type"] != ALL_TYPES:
        for number, name in slots_in(ex["text"], ex.value_line("text")):
            add(ex.path, number, f"slot '【{name}】' inside an example",
                "examples are complete prose for a fictional unit: write the value "
                f"(only an example for all unit types, unit_type {ALL_TYPES}, takes slots)")
        return
    for number, name in slots_in(ex["text"], ex.value_line("text")):
        if name not in cat.slots:
            add(ex.path, number, f"undeclared slot '【{name}】' in example '{ex['id']}'",
                "declare it in data/slots/, or use a profile slot such as 【单位简称】")

