"""The registry of record kinds: each kind is declared once, here.

A kind declares its schema, key field, source folder, reference fields, vocabulary fields,
the text fields that reach a page, its exported fields, and how the site and ``kb`` show it:
its label and index page, the back-link panel each reference draws on the page of the record
it names, its ``kb stats`` count, its facet tags and its ``kb new`` stub. Loading, reference
checks, back-links, page panels, the page-macro list, the lint field list, ``kb stats``,
``kb new`` and ``kb export`` are all derived from these declarations: adding a kind means
adding one ``Kind`` to ``KINDS``, its schema and its data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from macros.model import schemas, stubs
from macros.model.anchors import EXAMPLES, TERMS, USED_IN
from macros.model.yamlsrc import LDict

PRACTICE = "common-practice"


@dataclass(frozen=True)
class Panel:
    """A back-link panel: on the page of a record, the records that refer to it."""

    heading: str
    anchor: str = ""                 # the panel's id on the page (default: the kind's store)
    empty: str = ""                  # shown when nothing refers to it ("" hides the panel)
    rank: int = 50                   # panels are drawn by rank, then in registry order
    count: bool = False              # the heading shows how many
    inline: bool = False             # one line of links joined by 、 instead of a list


@dataclass(frozen=True)
class Ref:
    """A field holding ids of records of another kind (``path``: ``sections.*.obligations``)."""

    path: str
    target: str                      # name of the kind referred to
    allow: tuple[str, ...] = ()      # values accepted without a record (e.g. common-practice)
    what: str = ""                   # how a message names a bad value ("unknown basis")
    fix: str = ""                    # how a message says to mend it
    # the back-link panel this reference draws on the page of the record it names:
    # 相关术语 on an obligation page lists the terms naming the obligation
    panel: Panel | None = None


@dataclass(frozen=True)
class VocabRef:
    """A field holding names from a list of data/vocab.yml."""

    path: str
    vocab: str                       # key in data/vocab.yml
    label: str                       # how a message names the value


@dataclass(frozen=True)
class Facet:
    """A tag of a record's page for the tags plugin: ``label/value`` for each value at
    ``path``; with ``via``, the values at ``path`` of the records of kind ``via`` that
    refer to this one (a template is tagged with the unit types of its examples)."""

    label: str
    path: str
    via: str = ""


@dataclass(frozen=True)
class Kind:
    """One record kind, declared once."""

    name: str                        # singular: obligation, example …
    store: str                       # catalogue attribute and export key: obligations …
    schema: dict
    key: str                         # the field that identifies a record
    folder: str                      # data/<folder>/*.yml, or docs/<folder>/<id>.md for pages
    page: bool = False               # records are front matter of Markdown pages
    refs: tuple[Ref, ...] = ()
    vocab: tuple[VocabRef, ...] = ()
    prose: tuple[str, ...] = ()      # text read as prose: every content lint
    names: tuple[str, ...] = ()      # titles and names: every lint but the copied-text check
    shown: tuple[str, ...] = ()      # other text that reaches a page: HTML, typography, junk
    # (flag, field): when the flag field is true the record quotes what not to write in
    # ``field``: no placeholder check anywhere in it, no copied-text check in ``field``
    quotes: tuple[str, str] | tuple[()] = ()
    # fields of ``kb export``, in order; ``name(a,b)`` keeps fields a and b of each item
    # of a list of mappings, or of each record a reference field names
    export: tuple[str, ...] = ()
    unfold: tuple[str, ...] = ()     # exported with wrapped lines joined
    backlinks: dict = field(default_factory=dict)   # export name → kind whose refs point here
    # How the site and `kb` show the kind.
    label: str = ""                  # plural label on pages and panels: 责任事项 …
    title: str = ""                  # field naming a record in lists and links (default: key)
    index: str = ""                  # the docs page listing the records, if any (made by
    #                                  the site when docs/ has no such page)
    macro: str = ""                  # the page macro drawing that index (views.render)
    anchor: str = "{key}"            # a data record's anchor on the index page
    stats: str = ""                  # its `kb stats` count (default: store)
    facets: tuple[Facet, ...] = ()   # tags of its pages (page kinds)
    stub: str = ""                   # `kb new` text of a page kind (see model.stubs)

    @property
    def source(self) -> str:
        return f"docs/{self.folder}/" if self.page else f"data/{self.folder}/"

    @property
    def count_name(self) -> str:
        return self.stats or self.store

    @property
    def title_field(self) -> str:
        return self.title or self.key

    @property
    def index_page(self) -> str:
        return self.index or f"{self.folder}/index.md"

    def anchor_of(self, record) -> str:
        """The anchor of a data record on the kind's index page ("" for none)."""
        return self.anchor.format_map({**record, "key": record[self.key]})

    def hint(self) -> str:
        """How a message tells the writer where valid ids come from."""
        where = (f"a page in docs/{self.folder}/" if self.page
                 else f"a record in data/{self.folder}/")
        return f"use the {self.key} of {where}"


class Record(LDict):
    """A validated record: a line-aware mapping that knows its kind."""

    kind: Kind

    @property
    def key(self):
        return self[self.kind.key]

    def __reduce__(self):
        # The classes are made at import time, so pickle finds them through the registry.
        return _restore_record, (self.kind.name, dict(self), dict(self.__dict__))


def _restore_record(kind_name: str, items: dict, state: dict) -> Record:
    record = RECORD_TYPES[kind_name](items)
    record.__dict__.update(state)
    return record


def _record_class(kind: Kind) -> type[Record]:
    name = "".join(part.title() for part in kind.name.split("_"))
    return type(name, (Record,), {"__doc__": f"A validated {kind.name} record.", "kind": kind})


_BASIS = ("unknown basis", f"use a document id from data/documents/ or '{PRACTICE}'")
_SLOT = ("undeclared slot", "declare it in data/slots/*.yml (name, type, example, hint)")

KINDS: tuple[Kind, ...] = (
    Kind("document", "documents", schemas.DOCUMENT, "id", "documents",
         names=("title",), prose=("issuer", "governs", "note"),
         export=("id", "title", "issuer", "year", "status", "governs", "note", "sources"),
         label="政策文件", title="title", index="documents/index.md",
         macro="documents_register", anchor="doc-{key}"),
    Kind("glossary_term", "glossary", schemas.GLOSSARY, "term", "glossary",
         refs=(Ref("obligations", "obligation",
                   panel=Panel("相关术语", TERMS, rank=30, inline=True)),),
         vocab=(VocabRef("category", "glossary_categories", "glossary category"),),
         prose=("term", "meaning", "note"), shown=("aliases",),
         export=("id", "term", "category", "meaning", "obligations", "aliases", "named_only"),
         label="术语", index="glossary/index.md", macro="glossary_list", anchor="{id}",
         stats="glossary_terms"),
    Kind("slot", "slots", schemas.SLOT, "name", "slots",
         prose=("hint", "example"), shown=("name",),
         export=("name", "type", "example", "hint", "required"),
         label="槽位", anchor=""),
    Kind("phrase", "phrases", schemas.PHRASE, "id", "phrases",
         vocab=(VocabRef("category", "phrase_categories", "phrase category"),),
         prose=("text", "note", "prefer"), quotes=("avoid", "text"),
         export=("id", "text", "category", "note", "avoid", "prefer", "from"),
         label="规范表述", title="text", index="phrases/index.md", macro="phrase_bank",
         anchor=""),
    Kind("example", "examples", schemas.EXAMPLE, "id", "examples",
         refs=(Ref("obligations", "obligation",
                   panel=Panel("示例段落", EXAMPLES, "暂无示例段落。", rank=20, count=True)),
               Ref("template", "template")),
         vocab=(VocabRef("unit_type", "unit_types", "unit type"),),
         prose=("text",),
         export=("id", "text", "obligations", "template", "section", "unit_type"),
         unfold=("text",), label="示例段落", anchor="{id}"),
    Kind("obligation", "obligations", schemas.OBLIGATION, "id", "obligations", page=True,
         refs=(Ref("basis", "document", (PRACTICE,), *_BASIS,
                   panel=Panel("作为依据的责任", inline=True)),
               Ref("variants.*.basis", "document", (PRACTICE,), *_BASIS),
               Ref("evidence_slots", "slot", (), *_SLOT)),
         vocab=(VocabRef("group", "groups", "group"), VocabRef("role", "roles", "role"),
                VocabRef("frequency", "frequencies", "frequency")),
         prose=("title", "summary", "variants.*.value", "variants.*.note"),
         shown=("description", "aliases", "variants.*.aspect"),
         export=("id", "title", "group", "summary", "role", "frequency", "basis", "variants",
                 "aliases", "named_only", "evidence_slots"),
         backlinks={"examples": "example"},
         label="责任事项", title="title", index="obligations/index.md",
         macro="obligations_index",
         facets=(Facet("类别", "group"), Facet("角色", "role"), Facet("频次", "frequency")),
         stub=stubs.OBLIGATION),
    Kind("template", "templates", schemas.TEMPLATE, "id", "templates", page=True,
         refs=(Ref("slots", "slot", (), *_SLOT),
               Ref("sections.*.obligations", "obligation",
                   panel=Panel("哪些报告要体现", USED_IN, "暂无模板章节引用此项。", rank=10))),
         vocab=(VocabRef("sections.*.phrase_categories", "phrase_categories",
                         "phrase category"),),
         prose=("title", "purpose", "writer", "when", "audience", "length",
                "sections.*.heading", "sections.*.guidance", "sections.*.skeleton"),
         shown=("description", "genre", "aliases"),
         export=("id", "title", "genre", "aliases", "slots(name,type,hint,example)",
                 "sections(id,level,heading,skeleton,obligations,phrase_categories)"),
         label="报告模板", title="title", index="templates/index.md", macro="templates_index",
         facets=(Facet("报告类型", "genre"), Facet("单位类型", "unit_type", via="example")),
         stub=stubs.TEMPLATE),
)


def panels_to(kinds: tuple[Kind, ...], target: str) -> list[tuple[Kind, Ref]]:
    """The back-link panels drawn on the page of a ``target`` record, in drawing order."""
    found = [(kind, ref) for kind in kinds for ref in kind.refs
             if ref.target == target and ref.panel is not None]
    return sorted(found, key=lambda pair: pair[1].panel.rank)


RECORD_TYPES = {kind.name: _record_class(kind) for kind in KINDS}


def record_type(kind: Kind) -> type[Record]:
    """The record class of ``kind`` (made on first use for kinds declared elsewhere)."""
    if kind.name not in RECORD_TYPES or RECORD_TYPES[kind.name].kind is not kind:
        return _record_class(kind)
    return RECORD_TYPES[kind.name]


def walk(node, path: str):
    """Yield ``(owner, holder, key, value)`` for each value at a dotted ``path``.

    ``*`` steps into each item of a list; a list at the end of the path yields its items.
    ``owner`` is the mapping that holds the field (a record, a section, a variant);
    ``holder.line_of(key)`` is the value's line.
    """
    step, _, rest = path.partition(".")
    if step == "*":
        for child in node if isinstance(node, list) else ():
            yield from walk(child, rest)
        return
    if not isinstance(node, dict) or step not in node:
        return
    value = node[step]
    if rest:
        yield from walk(value, rest)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield node, value, i, item
    else:
        yield node, node, step, value
