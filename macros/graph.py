"""The cross-reference graph: who points at whom, derived from the records."""

from __future__ import annotations

from .catalog import Catalog


def build_graph(cat: Catalog) -> None:
    """Fill the reverse indexes of ``cat`` from the forward references of each record."""
    for ex in cat.examples.values():
        for ob in ex.get("obligations", []):
            cat.examples_by_obligation[ob].append(ex)
        cat.examples_by_section[(ex["template"], ex["section"])].append(ex)
    for tpl in cat.templates.values():
        for sec in tpl.get("sections", []):
            for ob in sec.get("obligations", []):
                cat.sections_by_obligation[ob].append((tpl, sec))
            for category in sec.get("phrase_categories", []):
                cat.sections_by_category[category].append((tpl, sec))
    for term in cat.glossary.values():
        for ob in term.get("obligations", []):
            cat.terms_by_obligation[ob].append(term)
    for ob in cat.obligations.values():
        for basis in ob.get("basis", []):
            cat.obligations_by_document[basis].append(ob)
        for variant in ob.get("variants", []):
            for basis in variant.get("basis", []):
                if ob not in cat.obligations_by_document[basis]:
                    cat.obligations_by_document[basis].append(ob)
