"""A checked catalogue written as data (JSON) and read back without running any code.

The snapshot holds only what the sources gave: the vocabulary, the pages (front matter and
body) and the YAML records, each mapping and list with the lines it came from. Reading it
back builds the same objects the loader builds (record classes, the graph) from those
values alone: nothing in the file names a class, a function or a module. Unlike a pickle,
a snapshot planted in the work tree can at worst describe a catalogue; the loader reads it
only under a key that a planted file cannot know (model.cache.secret).
"""

from __future__ import annotations

import json

from macros.model.catalog import Catalog, Page, build_graph
from macros.model.kinds import record_type
from macros.model.problems import Problem
from macros.model.yamlsrc import LDict, LList

FORMAT = 3


def _enc(value):
    if isinstance(value, LDict):
        return {"m": [[k, _enc(v)] for k, v in value.items()], "l": value.line,
                "kl": [[k, n] for k, n in getattr(value, "key_lines", {}).items()],
                "vl": [[k, n] for k, n in getattr(value, "value_lines", {}).items()]}
    if isinstance(value, LList):
        return {"s": [_enc(v) for v in value], "l": value.line,
                "il": list(getattr(value, "item_lines", []))}
    if isinstance(value, dict):
        return {"m": [[k, _enc(v)] for k, v in value.items()], "l": 1, "kl": [], "vl": []}
    if isinstance(value, list):
        return {"s": [_enc(v) for v in value], "l": 1, "il": []}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"a {type(value).__name__} is not data")


def _dec(value, path: str):
    if not isinstance(value, dict):
        if isinstance(value, list):
            raise ValueError("a bare list in a snapshot")
        return value
    if "m" in value:
        out = LDict()
        for k, v in value["m"]:
            out[k] = _dec(v, path)
        out.line, out.path = int(value["l"]), path
        out.key_lines = {k: int(n) for k, n in value["kl"]}
        out.value_lines = {k: int(n) for k, n in value["vl"]}
        return out
    out = LList(_dec(v, path) for v in value["s"])
    out.line, out.path, out.item_lines = int(value["l"]), path, [int(n) for n in value["il"]]
    return out


def dumps(cat: Catalog) -> str:
    """The catalogue's sources as JSON (TypeError for anything that is not plain data)."""
    pages = {rel: {"path": p.path, "meta": _enc(p.meta) if p.meta is not None else None,
                   "body": p.body, "line": p.body_line} for rel, p in cat.pages.items()}
    records = {}
    for kind in cat.kinds:
        store = []
        for key, record in cat.records[kind.store].items():
            page_rel = getattr(record, "page_rel", None)
            store.append([key, {"page": page_rel} if page_rel is not None
                          else {"path": record.path, "value": _enc(record)}])
        records[kind.store] = store
    # of the drafts, what the site and `kb validate`/`stats` read: where they are, their
    # keys, and what they still lack (their records are never published)
    drafts = {"pages": cat.draft_pages, "spans": cat.draft_spans,
              "keys": {store: list(keys) for store, keys in cat.drafts.items()},
              "notes": [[p.path, p.line, p.what, p.fix] for p in cat.notes]}
    return json.dumps({"format": FORMAT, "vocab": _enc(cat.vocab), "pages": pages,
                       "records": records, "drafts": drafts},
                      ensure_ascii=False, allow_nan=False)


def loads(text: str, cat: Catalog) -> Catalog:
    """Fill the empty catalogue ``cat`` from ``dumps`` output (ValueError/KeyError/TypeError
    when the text is not one)."""
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError("another snapshot format")
    cat.vocab = _dec(data["vocab"], "data/vocab.yml") if data["vocab"] else {}
    for rel, p in data["pages"].items():
        meta = _dec(p["meta"], p["path"]) if p["meta"] is not None else None
        cat.pages[str(rel)] = Page(str(rel), str(p["path"]), meta, str(p["body"]),
                                   int(p["line"]))
    for kind in cat.kinds:
        store = cat.records[kind.store]
        for key, entry in data["records"].get(kind.store, []):
            if "page" in entry:
                page = cat.pages[entry["page"]]
                record = page.meta
                record.page_rel, record.page = page.rel, page
            else:
                record = _dec(entry["value"], str(entry["path"]))
            if not isinstance(record, LDict):
                raise ValueError("a record that is not a mapping")
            record.__class__ = record_type(kind)
            store[key] = record
    drafts = data["drafts"]
    cat.draft_pages = {str(rel): str(path) for rel, path in drafts["pages"].items()}
    cat.draft_spans = [(str(p), int(a), int(b)) for p, a, b in drafts["spans"]]
    for store, keys in drafts["keys"].items():
        cat.drafts[str(store)] = dict.fromkeys(map(str, keys))
    cat.notes.extend(Problem(str(p), int(n), str(w), str(f), True)
                     for p, n, w, f in drafts["notes"])
    build_graph(cat)
    return cat
