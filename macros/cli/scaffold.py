"""`kb new`: a stub of any record kind of the registry, written as a draft (``status: draft``)
that `kb validate` accepts and the site leaves out until its author removes the status."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from macros.checks.loader import load
from macros.model.catalog import SLUG_RE, Catalog, phrase_id
from macros.model.kinds import KINDS as REGISTRY
from macros.model.kinds import Kind
from macros.model.schemas import DRAFT
from macros.model.stubs import TO_WRITE

EXAMPLE = """
- id: {id}
  status: draft
  unit_type: {unit}
  obligations: [{obligation}]
  template: {template}
  section: {section}
  text: >-
    （待写）这是一段示例段落的草稿，请改写为某一类单位的原创段落：写明怎样落实守土有责，做了什么、怎样做、做了几次、有什么结果，数据要具体可信，本单位的数字、日期等事实用空心方头括号标出，不出现真实的人名地名，也不要照抄网上范文的句子。
"""

KINDS = tuple(kind.name for kind in REGISTRY)


class ScaffoldError(ValueError):
    """The stub cannot be written; the message says why and what to do."""


def quote(value: str) -> str:
    """A YAML scalar for ``value``, written by the YAML dumper (never by hand)."""
    return yaml.safe_dump(str(value), default_style='"', allow_unicode=True,
                          width=10**9).strip()


def _one_line(label: str, value: str) -> str:
    if re.search(r"[\x00-\x1f\x7f\ud800-\udfff【】]", value) or not value.strip():
        raise ScaffoldError(f"the {label} '{value}' must be one line of text without control "
                            "characters or 【】 — retype it")
    return value.strip()


def _append(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(existing.rstrip("\n") + ("\n" if existing else "") + text.lstrip("\n")
                    if existing else text.lstrip("\n"), encoding="utf-8")
    return path


def new(cat: Catalog, kind: str, name: str, title: str | None = None,
        category: str | None = None) -> Path:
    """Write a draft stub of ``kind`` named ``name``; it is validated, and taken back if it
    fails. What only its author can write (the stub's instructions, a slot no template uses
    yet, a template's worked example, the quotas) are the draft's notes: the list of what
    to fill, which `kb validate` prints until the draft is published."""
    return new_with_todo(cat, kind, name, title, category)[0]


def new_with_todo(cat: Catalog, kind: str, name: str, title: str | None = None,
                  category: str | None = None) -> tuple[Path, list[str]]:
    """``new``, and the problems left for the author (``file:line: what — how to fix``)."""
    names = [k.name for k in cat.kinds]
    if kind not in names:
        raise ScaffoldError(f"unknown kind '{kind}' — use one of: {', '.join(names)}")
    if title is not None:
        title = _one_line("title", title)
    declared = cat.kind(kind)
    target = _target(cat, declared, name, category)
    before = target.read_bytes() if target.is_file() else None
    path = _write(cat, declared, name, title, category)
    rel = path.relative_to(cat.root).as_posix()
    checked = load(cat.root, kinds=cat.kinds)
    found = [p for p in checked.problems if p.path == rel]
    if found:
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)
        raise ScaffoldError("the stub would not validate, so it was not written:\n"
                            + "\n".join(map(str, found)))
    return path, [str(p) for p in sorted(set(checked.notes)) if p.path == rel]


def _target(cat: Catalog, kind: Kind, name: str, category: str | None) -> Path:
    """The file the stub goes to (to restore it if the stub fails validation)."""
    if kind.page:
        return cat.root / "docs" / kind.folder / f"{name}.md"
    if kind.name == "phrase":
        names = cat.vocab_names("phrase_categories")
        slug = cat.vocab_slug("phrase_categories", category or (names[0] if names else ""))
        return cat.root / "data" / "phrases" / f"{slug or '_'}.yml"
    return cat.root / "data" / kind.folder / "new.yml"


class _Context(dict):
    """Format fields of a stub: ``vocab_<list>`` and ``first_<kind>`` are looked up."""

    def __init__(self, cat: Catalog, **fields):
        super().__init__(fields)
        self.cat = cat

    def __missing__(self, field: str):
        if field.startswith("vocab_"):
            names = self.cat.vocab_names(field[6:])
            if names:
                return names[0]
            raise ScaffoldError(f"data/vocab.yml has no {field[6:]} — add one first")
        if field.startswith("first_"):
            kind = self.cat.kind(field[6:])
            records = self.cat.records[kind.store]
            if records:
                return next(iter(records))
            raise ScaffoldError(f"add a {kind.name.replace('_', ' ')} first: the stub names one")
        raise KeyError(field)


def _id_field(kind: Kind) -> str:
    """The field the NAME argument fills: ``id`` when the kind has one, else its key."""
    return "id" if "id" in kind.schema.get("required", ()) else kind.key


def _write(cat: Catalog, kind: Kind, name: str, title: str | None,
           category: str | None) -> Path:
    if kind.name == "phrase":
        return _write_phrase(cat, name, category)
    slug_checked = _id_field(kind) == "id" or kind.page
    if slug_checked and not SLUG_RE.match(name):
        raise ScaffoldError(f"'{name}' is not a valid id — use a lowercase pinyin slug such as "
                            "yigang-shuangze")
    store = {**cat.records[kind.store], **cat.drafts[kind.store]}
    if name in store or any(r.get("id") == name for r in store.values()):
        where = f": docs/{kind.folder}/{name}.md" if kind.page else ""
        raise ScaffoldError(f"{kind.name.replace('_', ' ')} '{name}' exists{where}")
    if kind.page:
        path = cat.root / "docs" / kind.folder / f"{name}.md"
        if kind.stub:
            text = kind.stub.format_map(_Context(
                cat, id=name, qtitle=quote(title or f"新{kind.label or kind.name}"),
                title=title or f"新{kind.label or kind.name}"))
        else:                            # a page kind without a stub text: its schema's
            meta = _schema_stub(cat, kind, name, title)
            meta.setdefault("title", title or f"新{kind.label or kind.name}")
            text = ("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False,
                                             width=10**9)
                    + f"---\n\n{TO_WRITE}请在这里写明正文。\n")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path
    if kind.name == "example":
        return _write_example(cat, name)
    record = _schema_stub(cat, kind, name, title)
    body = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=10**9)
    return _append(_target(cat, kind, name, None), "\n" + body)


def _schema_stub(cat: Catalog, kind: Kind, name: str, title: str | None) -> dict:
    """A record of a data kind made from its schema and declaration: NAME as its id (or key),
    each reference to the first record of its kind, each vocabulary field to the first name
    of its list, each other required field a sentence saying what to write there."""
    props = kind.schema.get("properties", {})
    refs = {ref.path: ref for ref in kind.refs}
    vocab = {v.path: v for v in kind.vocab}
    record: dict = {}
    for field in kind.schema.get("required", ()):
        prop = props.get(field, {})
        types = prop.get("type") if isinstance(prop.get("type"), list) else [prop.get("type")]
        if field == _id_field(kind):
            record[field] = name
        elif field in (kind.key, kind.title_field):
            record[field] = title or f"新{kind.label or kind.name}"
        elif field in refs:
            first = _Context(cat)[f"first_{refs[field].target}"]
            record[field] = [first] if "array" in types else first
        elif field in vocab:
            record[field] = _Context(cat)[f"vocab_{vocab[field].vocab}"]
        elif "enum" in prop:
            record[field] = prop["enum"][0]
        elif "array" in types:
            record[field] = []
        elif "integer" in types or "number" in types:
            record[field] = prop.get("minimum", 1) if "null" not in types else None
        elif "boolean" in types:
            record[field] = False
        else:
            record[field] = f"{TO_WRITE}请按本条{kind.label or '记录'}的实际情况填写此项。"
    items = [(k, v) for k, v in record.items() if k != "status"]
    return dict([*items[:1], ("status", DRAFT), *items[1:]])  # the status under the id


def _write_example(cat: Catalog, name: str) -> Path:
    if not cat.templates or not cat.obligations:
        raise ScaffoldError("add a template and an obligation first")
    tpl = next(iter(cat.templates.values()))
    section = next((s for s in tpl["sections"] if s.get("obligations")), tpl["sections"][0])
    return _append(cat.root / "data" / "examples" / "new.yml", EXAMPLE.format(
        id=name, unit=cat.vocab_names("unit_types")[0],
        obligation=(section.get("obligations") or [next(iter(cat.obligations))])[0],
        template=tpl["id"], section=section["id"]))


def _write_phrase(cat: Catalog, name: str, category: str | None) -> Path:
    categories = cat.vocab_names("phrase_categories")
    category = category or categories[0]
    if category not in categories:
        raise ScaffoldError(f"unknown category '{category}' — use one of: "
                            + "、".join(categories))
    name = _one_line("phrase", name)
    if any(p["text"] == name for p in (*cat.phrases.values(), *cat.drafts["phrases"].values())):
        raise ScaffoldError(f"the phrase '{name}' exists already")
    slug = cat.vocab_slug("phrase_categories", category)
    return _append(cat.root / "data" / "phrases" / f"{slug}.yml",
                   f"\n- id: {phrase_id(name)}\n  status: {DRAFT}\n  text: {quote(name)}\n"
                   f"  category: {quote(category)}\n"
                   f"  note: {TO_WRITE}写明这句表述适合用在哪类报告、哪一部分。\n")
