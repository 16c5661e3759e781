"""Example coverage: for every template section that takes examples, which unit types in
data/vocab.yml have a fitting example — one written for that type, or one written for all
types (unit_type 通用, the unit's own name and facts as slots or 〖facts〗)."""

from __future__ import annotations

from typing import TypedDict

from macros.model.catalog import Catalog

ALL_TYPES = "通用"


class CoverageRow(TypedDict):
    """A template section that takes examples: how many fit each unit type."""

    template: str
    section: str
    heading: str
    general: int
    fits: dict[str, int]
    missing: list[str]


def unit_types(cat: Catalog) -> list[str]:
    """The unit types a writer chooses (通用 is not one: it fits them all)."""
    return [t for t in cat.vocab_names("unit_types") if t != ALL_TYPES]


def coverage(cat: Catalog) -> dict:
    """Rows of (template, section) with the fitting example count per unit type; totals."""
    types = unit_types(cat)
    rows: list[CoverageRow] = []
    for tpl in cat.templates.values():
        for sec in tpl["sections"]:
            examples = cat.examples_by_section.get((tpl["id"], sec["id"]), [])
            if not examples:
                continue
            general = sum(ex["unit_type"] == ALL_TYPES for ex in examples)
            fits = {t: general + sum(ex["unit_type"] == t for ex in examples) for t in types}
            rows.append({"template": tpl["id"], "section": sec["id"], "heading": sec["heading"],
                         "general": general, "fits": fits,
                         "missing": [t for t in types if not fits[t]]})
    cells = len(rows) * len(types)
    covered = sum(len(types) - len(r["missing"]) for r in rows)
    return {"unit_types": types, "sections": rows, "cells": cells, "covered": covered,
            "share": round(covered / cells, 3) if cells else 1.0}


def coverage_table(cov: dict) -> str:
    """The coverage as text: one line per section with the unit types it lacks."""
    lines = [f"example coverage (section × unit type): {cov['covered']} of {cov['cells']} "
             f"cells ({cov['share']:.0%}); {len(cov['sections'])} sections take examples"]
    short = [r for r in cov["sections"] if r["missing"]]
    lines.append(f"sections lacking a fitting example for some unit type: {len(short)}")
    for r in short:
        lines.append(f"  {r['template']} · {r['section']} ({r['heading']}): lacks "
                     + "、".join(r["missing"]))
    return "\n".join(lines)
