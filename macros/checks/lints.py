"""Content lints: typography, placeholders, scraping junk, personal data, copied text."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from macros.checks.jinja_safety import check_page as check_macro_page
from macros.model.anchors import SKELETON_MARK
from macros.model.catalog import Catalog
from macros.model.text import SLOT, prose_lines
from macros.model.yamlsrc import load_yaml_file

HAN = "\u4e00-\u9fff"
CN_PUNCT = "，。：；！？“”‘’（）《》、"
ASCII_PUNCT = re.compile(
    f"(?<=[{HAN}{CN_PUNCT}])[,;:!?]|[,;:!?](?=[{HAN}])|(?<=[{HAN}])\\(|\\((?=[{HAN}])"
    f"|(?<=[{HAN}])\\)|\\)(?=[{HAN}])")
PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:XX|xx|Xx)(?![A-Za-z])|×|Ⅹ|ⅹ|\*{2,}(?=[\u4e00-\u9fff])"
                         rf"|(?<=[{HAN}])\*{{2,}}|(?<![A-Za-z])[nN](?=[次条篇个人])"
                         r"|20[xX]{2}|20-年")
PERSONAL = [
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "a mobile phone number"),
    (re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"), "a landline phone number"),
    (re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"), "an ID card number"),
    (re.compile(r"(?i)qq\s*[:：号]?\s*\d{5,11}"), "a QQ number"),
]
# Raw HTML that content may not carry: scripts, frames, inline event handlers, and
# resources loaded from outside the site (users have no internet).
UNSAFE_HTML = [
    (re.compile(r"<\s*script\b", re.I), "raw <script> in content",
     "remove it; behaviour belongs in docs/assets/*.js, loaded by the theme"),
    (re.compile(r"<\s*iframe\b", re.I), "raw <iframe> in content", "remove it; link to the page"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "inline event handler (on…=) in content",
     "remove the attribute; behaviour belongs in docs/assets/*.js"),
    (re.compile(r"""<[a-z][^>]*\s(?:src|href|srcset|data|poster)\s*=\s*["']?(?:https?:)?//""",
                re.I), "external resource in raw HTML",
     "ship the file under docs/assets/ and refer to it by a relative path"),
    (re.compile(r"url\(\s*['\"]?(?:https?:)?//", re.I), "external resource in a CSS url()",
     "ship the file under docs/assets/"),
]
MIN_RUN = 24
_TITLE = re.compile(r"《[^》\n]*》")
_BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
_KEEP = re.compile(rf"[{HAN}A-Za-z0-9]")
# Markdown syntax that is not prose: code, link targets, HTML tags, attribute lists.
_NOT_PROSE = re.compile(r"`[^`\n]*`|\]\([^)\n]*\)|<[^>\n]*>|\{[:#.][^}\n]*\}|\{\{.*?\}\}")


def _lists(cat: Catalog) -> dict:
    """The editors' lists, read afresh each time (`mkdocs serve` picks up an edit);
    a broken file is reported, not ignored."""
    file = cat.root / "data" / "lint.yml"
    data = load_yaml_file(file, "data/lint.yml", cat.problems) if file.is_file() else None
    data = data if isinstance(data, dict) else {}
    return {"deny": list(data.get("deny_names", [])), "junk": list(data.get("junk", [])),
            "formulas": sorted(data.get("set_formulas", []), key=len, reverse=True)}


def normalise(text: str) -> str:
    """Only letters, digits and Han characters: what survives re-punctuation."""
    return "".join(_KEEP.findall(text))


@lru_cache(maxsize=2)
def reference_runs(folder: str) -> frozenset:
    """Every ``MIN_RUN``-character run of the reference samples, normalised."""
    runs = set()
    for file in sorted(Path(folder).glob("*.txt")):
        text = normalise(file.read_text(encoding="utf-8", errors="replace"))
        runs.update(text[i:i + MIN_RUN] for i in range(len(text) - MIN_RUN + 1))
    return frozenset(runs)


def copied_run(text: str, runs: frozenset, formulas=()) -> str | None:
    """The first run of ``text`` that a reference sample also contains.

    Document titles in 《》 and set political formulas are facts, not copied prose.
    """
    norm = "／".join(normalise(part) for part in _TITLE.split(str(text)))
    for formula in formulas:
        norm = norm.replace(normalise(formula), "／")
    for part in norm.split("／"):
        for i in range(len(part) - MIN_RUN + 1):
            if part[i:i + MIN_RUN] in runs:
                return part[i:i + MIN_RUN]
    return None


class Linter:
    """Lints text fields and Markdown bodies, adding problems with their lines."""

    def __init__(self, cat: Catalog, reference_dir: Path | None):
        self.cat = cat
        lists = _lists(cat)
        self.deny = [(w, re.compile(re.escape(w))) for w in lists["deny"]]
        self.junk = lists["junk"]
        self.formulas = lists["formulas"]
        self.runs = reference_runs(str(reference_dir)) if reference_dir else frozenset()

    def text(self, path: str, line: int, text: str, *, placeholders: bool = True,
             copied: bool = True, markdown: bool = False) -> None:
        """Lint one piece of prose starting at ``line``."""
        for offset, raw in enumerate(str(text).split("\n")):
            self._line(path, line + offset, _NOT_PROSE.sub(" ", raw), placeholders, markdown)
        if copied and self.runs:
            run = copied_run(str(text), self.runs, self.formulas)
            if run:
                self.cat.problems.add(path, line, f"text shares the run '{run}' with a "
                                      "reference sample", "write the sentence anew in your "
                                      "own words; never copy sample reports")

    def _line(self, path, line, text, placeholders, markdown=False):
        add = self.cat.problems.add
        if markdown:
            text = _BOLD.sub(r"\1", text)
        m = ASCII_PUNCT.search(text)
        if m:
            ctx = text[max(0, m.start() - 6):m.end() + 6]
            add(path, line, f"ASCII punctuation '{m.group(0)}' in Chinese text: '{ctx}'",
                "use full-width punctuation (，。：；！？（）)")
        if placeholders:
            bare = SLOT.sub("", text)
            m = PLACEHOLDER.search(bare)
            if m:
                add(path, line, f"leftover placeholder '{m.group(0)}'",
                    "write the real value, or declare a slot and write 【槽位名】")
        for word in self.junk:
            if word in text:
                add(path, line, f"scraping junk '{word}'", "delete the site furniture")
        for word, pattern in self.deny:
            if pattern.search(text):
                add(path, line, f"real name '{word}' (data/lint.yml deny list)",
                    "de-identify: use a generic unit (某局党组) or a slot")
        for pattern, label in PERSONAL:
            if pattern.search(text):
                add(path, line, f"personal data: {label}", "remove it")

    def html(self, path: str, first_line: int, text: str) -> None:
        """Refuse unsafe or external raw HTML (checked before prose clean-up hides tags)."""
        for offset, raw in enumerate(str(text).split("\n")):
            for pattern, what, fix in UNSAFE_HTML:
                if pattern.search(raw):
                    self.cat.problems.add(path, first_line + offset, what, fix)

    def record(self, record, fields, **kw) -> None:
        """Lint the named text fields of a YAML record (block values keep their lines)."""
        for name in fields:
            value = record.get(name)
            if isinstance(value, str):
                self.html(record.path, record.value_line(name), value)
                self.text(record.path, record.value_line(name), value, **kw)

    def body(self, page) -> None:
        """Lint a Markdown body, skipping fenced code."""
        lines = prose_lines(page.body)
        self.html(page.path, page.body_line, "\n".join(lines))
        self.text(page.path, page.body_line, "\n".join(lines), copied=False, markdown=True)
        for para_line, para in _paragraphs(lines, page.body_line):
            run = copied_run(para, self.runs, self.formulas) if self.runs else None
            if run:
                self.cat.problems.add(page.path, para_line, f"text shares the run '{run}' "
                                      "with a reference sample", "write it anew")


def _paragraphs(lines, first_line):
    start, buf = first_line, []
    for i, line in enumerate(lines + [""]):
        if line.strip():
            if not buf:
                start = first_line + i
            buf.append(line)
        elif buf:
            yield start, "".join(buf)
            buf = []


def reference_dir(root: Path) -> Path | None:
    """The reference samples: $KB_REFERENCE_DIR, else ../shared/reference beside the project."""
    import os

    folder = Path(os.environ.get("KB_REFERENCE_DIR") or root.parent / "shared" / "reference")
    return folder if folder.is_dir() else None


def lint_catalog(cat: Catalog, reference_dir: Path | None) -> None:
    """Run every content lint over every record and page."""
    lint = Linter(cat, reference_dir)
    for ex in cat.examples.values():
        lint.record(ex, ["text"])
    for ph in cat.phrases.values():
        avoid = bool(ph.get("avoid"))
        lint.record(ph, ["text"], placeholders=not avoid, copied=not avoid)
        lint.record(ph, ["note", "prefer"], placeholders=not avoid)
    for term in cat.glossary.values():
        lint.record(term, ["term", "meaning", "note"])
    for doc in cat.documents.values():
        lint.record(doc, ["title"], copied=False)
        lint.record(doc, ["issuer", "governs", "note"])
    for slot in cat.slots.values():
        lint.record(slot, ["hint", "example"])
    for ob in cat.obligations.values():
        lint.record(ob, ["title", "summary"])
        for variant in ob.get("variants", []):
            lint.record(variant, ["value", "note"])
    for tpl in cat.templates.values():
        lint.record(tpl, ["title", "purpose", "writer", "when", "audience", "length"])
        for sec in tpl["sections"]:
            lint.record(sec, ["heading", "guidance", "skeleton"])
    for page in cat.pages.values():
        lint.body(page)
        if _rendered(page):
            check_macro_page(page, cat.problems)
        else:
            _unrendered_syntax(cat, page)


def _rendered(page) -> bool:
    """Whether mkdocs-macros renders this page as a template (opt-in per page)."""
    return bool(page.meta and page.meta.get("render_macros"))


def _unrendered_syntax(cat: Catalog, page) -> None:
    for offset, line in enumerate(prose_lines(page.body)):
        if line.strip() == SKELETON_MARK and page.rel.startswith("templates/"):
            continue                       # the one marker a template page may carry
        if re.search(r"\{\{|\{%", re.sub(r"`[^`]*`", "", line)):
            cat.problems.add(page.path, page.body_line + offset,
                             "template syntax in a page that macros do not render",
                             "add `render_macros: true` to the front matter, or put literal "
                             "braces in a code span")
