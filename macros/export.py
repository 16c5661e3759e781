"""The validated catalogue as plain data: ``kb export --json`` and ``kb stats``."""

from __future__ import annotations

from .catalog import Catalog
from .text import unfold


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def export(cat: Catalog) -> dict:
    """Every record kind as lists of plain dicts; the published, stable shape."""
    return {
        "obligations": [
            {**{k: _plain(ob.get(k)) for k in ("id", "title", "group", "summary", "role",
                                               "frequency", "basis")},
             "variants": _plain(ob.get("variants", [])),
             "aliases": _plain(ob.get("aliases", [])),
             "named_only": bool(ob.get("named_only", False)),
             "evidence_slots": _plain(ob.get("evidence_slots", [])),
             "examples": [ex["id"] for ex in cat.examples_by_obligation.get(ob["id"], [])],
             "url": ob.page_rel[:-3] + "/"}
            for ob in cat.obligations.values()
        ],
        "documents": [
            {k: _plain(doc.get(k)) for k in ("id", "title", "issuer", "year", "status",
                                             "governs", "note", "sources")}
            for doc in cat.documents.values()
        ],
        "glossary": [
            {"term": t["term"], "meaning": t["meaning"],
             "obligations": _plain(t.get("obligations", [])),
             "aliases": _plain(t.get("aliases", [])),
             "named_only": bool(t.get("named_only", False))}
            for t in cat.glossary.values()
        ],
        "templates": [
            {"id": tpl["id"], "title": tpl["title"], "genre": tpl["genre"],
             "aliases": _plain(tpl.get("aliases", [])),
             "slots": [{"name": n, "type": cat.slots[n]["type"], "hint": cat.slots[n]["hint"],
                        "example": cat.slots[n]["example"]} for n in tpl["slots"]],
             "sections": [{"id": s["id"], "level": s["level"], "heading": s["heading"],
                           "skeleton": s["skeleton"],
                           "obligations": _plain(s.get("obligations", [])),
                           "phrase_categories": _plain(s.get("phrase_categories", []))}
                          for s in tpl["sections"]],
             "url": tpl.page_rel[:-3] + "/"}
            for tpl in cat.templates.values()
        ],
        "phrases": [
            {"id": p["id"], "text": p["text"], "category": p["category"],
             "note": p.get("note", ""), "avoid": bool(p.get("avoid", False)),
             "prefer": p.get("prefer"), "from": p.get("from")}
            for p in cat.phrases.values()
        ],
        "examples": [
            {"id": ex["id"], "text": unfold(ex["text"]), "obligations": _plain(ex["obligations"]),
             "template": ex["template"], "section": ex["section"], "unit_type": ex["unit_type"]}
            for ex in cat.examples.values()
        ],
        "slots": [_plain(s) for s in cat.slots.values()],
    }


def stats(cat: Catalog) -> dict:
    """Counts per record kind."""
    return {
        "obligations": len(cat.obligations),
        "templates": len(cat.templates),
        "template_sections": sum(len(t["sections"]) for t in cat.templates.values()),
        "examples": len(cat.examples),
        "phrases": len(cat.phrases),
        "phrase_categories": len({p["category"] for p in cat.phrases.values()}),
        "glossary_terms": len(cat.glossary),
        "documents": len(cat.documents),
        "slots": len(cat.slots),
        "pages": len(cat.pages),
    }
