"""Load ``data/`` and the front matter of ``docs/`` into one validated catalogue."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from macros.model import schemas
from macros.model.problems import Problems
from macros.model.yamlsrc import LDict, load_page, load_yaml_file

# data/<kind>/*.yml: each file is a list of records of one kind.
DATA_KINDS = {
    "documents": (schemas.DOCUMENT, "id"),
    "glossary": (schemas.GLOSSARY, "term"),
    "slots": (schemas.SLOT, "name"),
    "phrases": (schemas.PHRASE, "id"),
    "examples": (schemas.EXAMPLE, "id"),
}
# docs/<folder>/<id>.md: pages whose front matter is a record.
PAGE_KINDS = {"obligations": schemas.OBLIGATION, "templates": schemas.TEMPLATE}
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Configuration files beside the record folders.
CONFIG_FILES = ("vocab.yml", "lint.yml", "layout.yml", "checker.yml")
PRACTICE = "common-practice"
PRACTICE_LABEL = "common practice seen in unit reports"


@dataclass
class Page:
    """A Markdown page of ``docs/``."""

    rel: str            # path below docs/, e.g. obligations/yigang-shuangze.md
    path: str           # path from the project root, for messages
    meta: LDict | None
    body: str
    body_line: int


@dataclass
class Catalog:
    """Every record, by kind and id, plus the cross-reference graph."""

    root: Path
    problems: Problems = field(default_factory=Problems)
    vocab: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    glossary: dict = field(default_factory=dict)
    slots: dict = field(default_factory=dict)
    phrases: dict = field(default_factory=dict)
    examples: dict = field(default_factory=dict)
    obligations: dict = field(default_factory=dict)
    templates: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    # the graph, filled by build_graph()
    examples_by_obligation: dict = field(default_factory=lambda: defaultdict(list))
    examples_by_section: dict = field(default_factory=lambda: defaultdict(list))
    sections_by_obligation: dict = field(default_factory=lambda: defaultdict(list))
    terms_by_obligation: dict = field(default_factory=lambda: defaultdict(list))
    obligations_by_document: dict = field(default_factory=lambda: defaultdict(list))
    sections_by_category: dict = field(default_factory=lambda: defaultdict(list))

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    def vocab_names(self, kind: str) -> list[str]:
        return [e["name"] if isinstance(e, dict) else e for e in self.vocab.get(kind, [])]

    def vocab_slug(self, kind: str, name: str) -> str:
        for entry in self.vocab.get(kind, []):
            if entry.get("name") == name:
                return entry["slug"]
        return ""

    def section(self, template_id: str, section_id: str):
        for sec in self.templates.get(template_id, {}).get("sections", []):
            if isinstance(sec, dict) and sec.get("id") == section_id:
                return sec
        return None


def phrase_id(text: str) -> str:
    """Stable id of a phrase derived from its text."""
    return "ph-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _add_unique(cat: Catalog, store: dict, key, record, kind: str, key_name: str) -> None:
    if key in store:
        first = store[key]
        cat.problems.add(record.path, record.line_of(key_name),
                         f"duplicate {kind} {key_name} '{key}' (first at {first.path}:"
                         f"{first.line_of(key_name)})",
                         "give one of them a different value or merge the two records")
        return
    store[key] = record


def _load_vocab(cat: Catalog) -> None:
    rel = "data/vocab.yml"
    file = cat.root / rel
    if not file.exists():
        cat.problems.add(rel, 1, "vocabulary file is missing", "restore data/vocab.yml")
        return
    before = len(cat.problems)
    data = load_yaml_file(file, rel, cat.problems)
    if data is None:
        if len(cat.problems) == before:
            cat.problems.add(rel, 1, "vocabulary file is empty (every reference check "
                             "depends on it)", "restore data/vocab.yml from git")
        return
    if not isinstance(data, dict):
        cat.problems.add(rel, getattr(data, "line", 1), "vocabulary file is not a mapping "
                         "of lists (groups:, roles:, …)", "restore data/vocab.yml from git")
        return
    if not schemas.check(data, schemas.VOCAB, cat.problems, rel):
        return
    cat.vocab = data
    for kind, entries in data.items():
        if not isinstance(entries, list):
            continue
        seen = set()
        for i, entry in enumerate(entries):
            name = entry["name"] if isinstance(entry, dict) else entry
            if name in seen:
                cat.problems.add(rel, entries.line_of(i), f"duplicate {kind} entry '{name}'",
                                 "keep one")
            seen.add(name)


def _load_data(cat: Catalog, checked: bool = True) -> None:
    data_dir = cat.root / "data"
    for entry in sorted(data_dir.iterdir()) if data_dir.exists() else []:
        rel = entry.relative_to(cat.root).as_posix()
        if entry.name in CONFIG_FILES or entry.name.startswith("."):
            continue
        if not entry.is_dir() or entry.name not in DATA_KINDS:
            cat.problems.add(rel, 1, "unknown data file or folder",
                             "records go in data/<kind>/*.yml with kind one of: "
                             + ", ".join(DATA_KINDS))
    for kind, (schema, key) in DATA_KINDS.items():
        store = getattr(cat, kind)
        for file in sorted((data_dir / kind).glob("**/*")) if (data_dir / kind).exists() else []:
            rel = file.relative_to(cat.root).as_posix()
            if file.is_dir():
                continue
            if file.suffix not in (".yml", ".yaml"):
                cat.problems.add(rel, 1, "not a YAML file", "rename it to .yml or move it out")
                continue
            data = load_yaml_file(file, rel, cat.problems)
            if data is None:
                continue
            if not isinstance(data, list):
                cat.problems.add(rel, 1, f"a {kind} file must be a list of records",
                                 "start each record with '- ' (see CONTRIBUTING.md)")
                continue
            for i, record in enumerate(data):
                if not isinstance(record, dict):
                    cat.problems.add(rel, data.line_of(i), "record is not a mapping",
                                     "write the record as `key: value` lines")
                    continue
                if checked and not schemas.check(record, schema, cat.problems):
                    continue
                if kind == "phrases" and "id" not in record and isinstance(
                        record.get("text"), str):
                    record["id"] = phrase_id(record["text"])
                if not isinstance(record.get(key), (str, int)):
                    cat.problems.add(rel, record.line, f"record without `{key}:`",
                                     f"add `{key}:` to this record (see CONTRIBUTING.md)")
                    continue
                _add_unique(cat, store, record[key], record, kind.rstrip("s"), key)


def _load_pages(cat: Catalog, checked: bool = True) -> None:
    for file in sorted(cat.docs_dir.glob("**/*.md")):
        rel = file.relative_to(cat.docs_dir).as_posix()
        if rel.startswith("snippets/"):
            continue
        path = file.relative_to(cat.root).as_posix()
        before = len(cat.problems)
        meta, body, body_line = load_page(file, path, cat.problems)
        if meta is None and len(cat.problems) > before:
            continue                   # unreadable or broken front matter: said once
        page = Page(rel, path, meta, body, body_line)
        cat.pages[rel] = page
        folder = rel.split("/")[0] if "/" in rel else ""
        if folder in PAGE_KINDS and file.name != "index.md":
            if meta is None:
                cat.problems.add(path, 1, f"{folder[:-1]} page has no front matter",
                                 "start the file with a --- block (see CONTRIBUTING.md)")
                continue
            if checked and not schemas.check(meta, PAGE_KINDS[folder], cat.problems, path):
                continue
            meta.page_rel = rel
            meta.page = page
            _add_unique(cat, getattr(cat, folder), meta["id"], meta, folder[:-1], "id")
        elif meta is None:
            cat.problems.add(path, 1, "page has no front matter",
                             "start the file with ---, a `title:` line and ---")
        elif checked:
            schemas.check(meta, schemas.PAGE, cat.problems, path)


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


def read(root: Path | str, checked: bool = True) -> Catalog:
    """Read every record under ``root`` and build the graph; problems are collected, never raised.

    With ``checked=False`` schemas are skipped: only for sources whose exact content already
    passed every check. Cross-reference checks and lints are the checks layer's (checks.loader).
    """
    cat = Catalog(Path(root).resolve())
    _load_vocab(cat)
    _load_data(cat, checked)
    _load_pages(cat, checked)
    build_graph(cat)
    return cat
