"""The validated catalogue as plain data: ``kb export --json`` and ``kb stats``."""

from __future__ import annotations

from macros.model.catalog import Catalog
from macros.model.kinds import Kind
from macros.model.text import unfold


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _default(schema: dict, name: str):
    prop = schema.get("properties", {}).get(name, {})
    if "default" in prop:
        return prop["default"]
    kind = prop.get("type")
    return [] if kind == "array" else False if kind == "boolean" else None


def _field(cat: Catalog, kind: Kind, record, spec: str):
    name, _, rest = spec.partition("(")
    value = record.get(name, _default(kind.schema, name))
    if not rest:
        return unfold(value) if name in kind.unfold else _plain(value)
    keep = rest.rstrip(")").split(",")
    ref = next((r for r in kind.refs if r.path == name), None)
    if ref:                                  # the records a reference field names
        store = cat.records[cat.kind(ref.target).store]
        return [{k: _plain(store[v].get(k)) for k in keep} for v in value]
    item = kind.schema["properties"][name]["items"]
    return [{k: _plain(v.get(k, _default(item, k))) for k in keep} for v in value]


def export(cat: Catalog) -> dict:
    """Every record kind as a list of plain dicts, in the shape its kind declares."""
    out = {}
    for kind in cat.kinds:
        rows = []
        for record in cat.records[kind.store].values():
            row = {spec.partition("(")[0]: _field(cat, kind, record, spec)
                   for spec in kind.export}
            for name, source in kind.backlinks.items():
                key = cat.kind(source).key
                row[name] = [r[key] for r in cat.referrers(kind.name, record[kind.key], source)]
            if kind.page:
                row["url"] = record.page_rel[:-3] + "/"
            rows.append(row)
        out[kind.store] = rows
    return out


def stats(cat: Catalog) -> dict:
    """Counts per record kind (under the name each kind declares), and of the parts the
    pages are made of."""
    counts = {}
    for kind in cat.kinds:
        counts[kind.count_name] = len(cat.records[kind.store])
        counts.update(_part_counts(cat, kind))
    counts["pages"] = len(cat.pages)
    counts["drafts"] = sum(map(len, cat.drafts.values()))   # never in the counts above
    return counts


def draft_counts(cat: Catalog) -> dict:
    """Drafts (``status: draft``, not published) per kind that has any."""
    return {kind.count_name: len(cat.drafts[kind.store]) for kind in cat.kinds
            if cat.drafts.get(kind.store)}


def _part_counts(cat: Catalog, kind: Kind) -> dict:
    """Counts shown beside a kind's own: a template's sections, the phrase categories used."""
    records = cat.records[kind.store].values()
    if kind.name == "template":
        return {"template_sections": sum(len(t["sections"]) for t in records)}
    if kind.name == "phrase":
        return {"phrase_categories": len({p["category"] for p in records})}
    return {}
