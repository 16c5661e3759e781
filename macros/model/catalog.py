"""Load ``data/`` and the front matter of ``docs/`` into one validated catalogue."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from macros.model import schemas
from macros.model.kinds import KINDS, PRACTICE, Kind, record_type, walk
from macros.model.problems import Problems
from macros.model.settings import FILES as SETTINGS_FILES
from macros.model.settings import Settings, read_settings
from macros.model.yamlsrc import LDict, load_page, load_yaml_file

if TYPE_CHECKING:
    from macros.model import records as typed  # not `records`: a field of the class below

__all__ = ["PRACTICE", "Catalog", "Link", "read"]
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Configuration files beside the record folders.
CONFIG_FILES = ("vocab.yml", *SETTINGS_FILES, "reference-fingerprint.txt", "assessment",
                "checker-genre.json")   # the learned genre weights (checker/train_genre.py)
PRACTICE_LABEL = "common practice seen in unit reports"


@dataclass
class Page:
    """A Markdown page of ``docs/``."""

    rel: str            # path below docs/, e.g. obligations/yigang-shuangze.md
    path: str           # path from the project root, for messages
    meta: LDict | None
    body: str
    body_line: int


@dataclass(frozen=True)
class Link:
    """A reference to a record: which record (of which kind) holds it, and where (``owner``)."""

    kind: str
    record: LDict
    owner: LDict


@dataclass
class Catalog:
    """Every record, by kind and key, plus the cross-reference graph."""

    root: Path
    kinds: tuple[Kind, ...] = KINDS
    problems: Problems = field(default_factory=Problems)
    vocab: dict = field(default_factory=dict)
    # data/layout.yml, lint.yml, checker.yml, rules.yml: loaded and checked once, by read()
    settings: Settings = field(default_factory=Settings)
    records: dict = field(default_factory=dict)     # store name → {key: record}
    pages: dict = field(default_factory=dict)
    # True when these exact sources passed every check (now or in a cached earlier run):
    # readers of the settings files may then skip validating them again
    verified: bool = False
    # the graph, filled by build_graph(): (target kind, key) → links pointing at it
    links: dict = field(default_factory=lambda: defaultdict(list))
    # the same links by the kind they come from: (target kind, source kind) → key → links
    backrefs: dict = field(default_factory=dict)
    # views of the graph that are not references: a template section's examples (by the
    # example's template and section fields) and the sections using a phrase category
    examples_by_section: dict[tuple[str, str], list[typed.Example]] = field(
        default_factory=lambda: defaultdict(list))
    sections_by_category: dict = field(default_factory=lambda: defaultdict(list))
    # Drafts (``status: draft``): read and schema-checked, never published. Store name →
    # {key: record}; draft pages (path below docs/ → path from the root); where each draft
    # is, ``(path, first line, last line)``; what a draft still lacks (``kb validate``).
    drafts: dict = field(default_factory=dict)
    draft_pages: dict = field(default_factory=dict)
    draft_spans: list = field(default_factory=list)
    notes: Problems = field(default_factory=Problems)

    def __post_init__(self):
        for kind in self.kinds:
            self.records.setdefault(kind.store, {})
            self.drafts.setdefault(kind.store, {})

    def __getattr__(self, name: str):
        records = self.__dict__.get("records", {})
        if name in records:                 # cat.obligations, cat.examples …
            return records[name]
        raise AttributeError(name)

    def __getstate__(self):
        # The registry's kinds are named, not copied: records keep pointing at the same ones.
        state = dict(self.__dict__)
        if state["kinds"] is KINDS:
            state["kinds"] = None
        return state

    def __setstate__(self, state):
        state["kinds"] = KINDS if state["kinds"] is None else state["kinds"]
        self.__dict__.update(state)

    if TYPE_CHECKING:                       # the stores as the schemas type their records
        @property
        def documents(self) -> dict[str, typed.Document]: ...
        @property
        def glossary(self) -> dict[str, typed.GlossaryTerm]: ...
        @property
        def slots(self) -> dict[str, typed.Slot]: ...
        @property
        def phrases(self) -> dict[str, typed.Phrase]: ...
        @property
        def examples(self) -> dict[str, typed.Example]: ...
        @property
        def obligations(self) -> dict[str, typed.Obligation]: ...
        @property
        def templates(self) -> dict[str, typed.Template]: ...

    def in_draft(self, path: str, line: int) -> bool:
        """True when ``path:line`` is inside a draft record."""
        return any(p == path and start <= line <= end for p, start, end in self.draft_spans)

    def kind(self, name: str) -> Kind:
        return next(k for k in self.kinds if k.name == name)

    def backlinks(self, target: str, source: str, parts: bool = False) -> dict:
        """Key of each ``target`` record → the ``source`` records naming it (with
        ``parts``, ``(record, part)`` pairs: the template section holding the reference)."""
        found = self.backrefs.get((target, source), {})
        if parts:
            return {key: [(ln.record, ln.owner) for ln in links] for key, links in found.items()}
        return {key: [ln.record for ln in links] for key, links in found.items()}

    # Named views the page panels and the checker read (from the registry's references:
    # each is ``backlinks`` of one pair of kinds; read once the graph is built).
    @cached_property
    def examples_by_obligation(self) -> dict[str, list[typed.Example]]:
        return self.backlinks("obligation", "example")

    @cached_property
    def sections_by_obligation(self) -> dict:
        return self.backlinks("obligation", "template", parts=True)

    @cached_property
    def terms_by_obligation(self) -> dict[str, list[typed.GlossaryTerm]]:
        return self.backlinks("obligation", "glossary_term")

    @cached_property
    def obligations_by_document(self) -> dict[str, list[typed.Obligation]]:
        return {key: self.referrers("document", key, "obligation")
                for key in self.backrefs.get(("document", "obligation"), {})}

    def referrers(self, target: str, key, source: str) -> list:
        """Records of kind ``source`` that refer to record ``key`` of kind ``target``."""
        out = []
        for link in self.links.get((target, key), ()):
            if link.kind == source and all(r is not link.record for r in out):
                out.append(link.record)
        return out

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


def _is_draft(record) -> bool:
    return isinstance(record, dict) and record.get("status") == schemas.DRAFT


def _load_data(cat: Catalog, checked: bool = True, drafts: bool = False) -> None:
    data_dir = cat.root / "data"
    kinds = [k for k in cat.kinds if not k.page]
    folders = [k.folder for k in kinds]
    for entry in sorted(data_dir.iterdir()) if data_dir.exists() else []:
        rel = entry.relative_to(cat.root).as_posix()
        if entry.name in CONFIG_FILES or entry.name.startswith("."):
            continue
        if not entry.is_dir() or entry.name not in folders:
            cat.problems.add(rel, 1, "unknown data file or folder",
                             "records go in data/<kind>/*.yml with kind one of: "
                             + ", ".join(folders))
    for kind in kinds:
        store = cat.records[kind.store]
        folder = data_dir / kind.folder
        for file in sorted(folder.glob("**/*")) if folder.exists() else []:
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
                cat.problems.add(rel, 1, f"a {kind.folder} file must be a list of records",
                                 "start each record with '- ' (see CONTRIBUTING.md)")
                continue
            for i, record in enumerate(data):
                if not isinstance(record, dict):
                    cat.problems.add(rel, data.line_of(i), "record is not a mapping",
                                     "write the record as `key: value` lines")
                    continue
                draft = _is_draft(record)
                if draft:
                    end = data.line_of(i + 1) - 1 if i + 1 < len(data) else 10**9
                    cat.draft_spans.append((rel, data.line_of(i), end))
                if checked and not schemas.check(record, schemas.draftable(kind.schema),
                                                 cat.problems):
                    continue
                if not isinstance(record.get(kind.key), (str, int)):
                    cat.problems.add(rel, record.line, f"record without `{kind.key}:`",
                                     f"add `{kind.key}:` to this record (see CONTRIBUTING.md)")
                    continue
                if checked:
                    record.__class__ = record_type(kind)
                _add_unique(cat, cat.drafts[kind.store] if draft and not drafts else store,
                            record[kind.key], record, kind.name, kind.key)


def _load_pages(cat: Catalog, checked: bool = True, drafts: bool = False) -> None:
    page_kinds = {k.folder: k for k in cat.kinds if k.page}
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
        draft = _is_draft(meta)
        if draft:
            cat.draft_pages[rel] = path
            cat.draft_spans.append((path, 1, 10**9))
        if not draft or drafts:
            cat.pages[rel] = page
        folder = rel.split("/")[0] if "/" in rel else ""
        kind = page_kinds.get(folder)
        if kind and file.name != "index.md":
            if meta is None:
                cat.problems.add(path, 1, f"{kind.name} page has no front matter",
                                 "start the file with a --- block (see CONTRIBUTING.md)")
                continue
            if checked and not schemas.check(meta, schemas.draftable(kind.schema), cat.problems,
                                             path):
                continue
            if checked:
                meta.__class__ = record_type(kind)
            meta.page_rel = rel
            meta.page = page
            store = cat.drafts if draft and not drafts else cat.records
            _add_unique(cat, store[kind.store], meta[kind.key], meta, kind.name, kind.key)
        elif meta is None:
            cat.problems.add(path, 1, "page has no front matter",
                             "start the file with ---, a `title:` line and ---")
        elif checked:
            schemas.check(meta, schemas.draftable(schemas.PAGE), cat.problems, path)


def _check_draft_keys(cat: Catalog) -> None:
    """A draft may not take the key of a published record."""
    for kind in cat.kinds:
        for key, draft in cat.drafts[kind.store].items():
            first = cat.records[kind.store].get(key)
            if first is not None:
                cat.problems.add(draft.path, draft.line_of(kind.key), f"duplicate {kind.name} "
                                 f"{kind.key} '{key}' (first at {first.path}:"
                                 f"{first.line_of(kind.key)})",
                                 "give the draft a different value")


def build_graph(cat: Catalog) -> None:
    """Index every declared reference backwards (by target, and by target and source kind),
    then the views that are not references."""
    for kind in cat.kinds:
        for record in cat.records[kind.store].values():
            for ref in kind.refs:
                for owner, _, _, value in walk(record, ref.path):
                    if isinstance(value, str):
                        cat.links[(ref.target, value)].append(Link(kind.name, record, owner))
    for (target, key), links in cat.links.items():
        for link in links:
            cat.backrefs.setdefault((target, link.kind), {}).setdefault(key, []).append(link)
    for ex in cat.examples.values():
        cat.examples_by_section[(ex["template"], ex["section"])].append(ex)
    for tpl in cat.templates.values():
        for sec in tpl.get("sections", []):
            for category in sec.get("phrase_categories", []):
                cat.sections_by_category[category].append((tpl, sec))


def read(root: Path | str, checked: bool = True, kinds: tuple[Kind, ...] = KINDS,
         drafts: bool = False) -> Catalog:
    """Read every record under ``root`` and build the graph; problems are collected, never raised.

    With ``checked=False`` the records' schemas are skipped: only for sources whose exact
    content already passed every check (the settings files are checked all the same).
    Cross-reference checks and lints are the checks layer's (checks.loader).
    Drafts (``status: draft``) are kept apart in ``cat.drafts``, unpublished; with ``drafts``
    they are read as published records (to check them as they will be).
    """
    cat = Catalog(Path(root).resolve(), kinds)
    cat.settings = read_settings(cat.root)      # checked even when the records are not: cheap
    cat.problems.extend(cat.settings.problems)
    _load_vocab(cat)
    _load_data(cat, checked, drafts)
    _load_pages(cat, checked, drafts)
    _check_draft_keys(cat)
    build_graph(cat)
    return cat
