"""Content lints: typography, placeholders, scraping junk, personal data, copied text."""

from __future__ import annotations

import re

from macros.checks.jinja_safety import check_page as check_macro_page
from macros.checks.lints_content import lint_content
from macros.checks.security import check_nesting
from macros.model.anchors import SKELETON_MARK
from macros.model.catalog import Catalog, Page
from macros.model.kinds import walk
from macros.model.reference import MIN_RUN, normalise, run_hashes
from macros.model.text import SLOT, prose_lines

HAN = "\u4e00-\u9fff"
CN_PUNCT = "，。：；！？“”‘’（）《》、"
ASCII_PUNCT = re.compile(
    f"(?<=[{HAN}{CN_PUNCT}])[,;:!?]|[,;:!?](?=[{HAN}])|(?<=[{HAN}])\\(|\\((?=[{HAN}])"
    f"|(?<=[{HAN}])\\)|\\)(?=[{HAN}])")
PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:XX|xx|Xx)(?![A-Za-z])|×|Ⅹ|ⅹ"
                         r"|(?<!\*)\*{2,}(?=[\u4e00-\u9fff])"
                         rf"|(?<=[{HAN}])\*{{2,}}|(?<![A-Za-z])[nN](?=[次条篇个人])"
                         r"|20[xX]{2}|20-年")
# Digits may be grouped by spaces or dashes (139 1234 5678, 0571-8888 6666).
PERSONAL = [
    (re.compile(r"(?<![\d-])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![\d-])"),
     "a mobile phone number"),
    (re.compile(r"(?<![\d-])[(（]?0\d{2,3}[)）]?[ -]?\d{3,4}[ -]?\d{4}(?![\d-])"),
     "a landline phone number"),
    (re.compile(r"(?<![\d-])\d{6}[ -]?(?:19|20)\d{2}[01]\d[0-3]\d[ -]?\d{3}[\dXx](?![\d-])"),
     "an ID card number"),
    (re.compile(r"(?i)(?:qq|扣扣)[ \t]{0,3}(?:号码?)?[ \t]{0,3}[:：]?[ \t]{0,3}\d{5,11}"),
     "a QQ number"),
]
# Raw HTML that content may not carry: scripts, frames, inline event handlers, and
# resources loaded from outside the site (users have no internet).
UNSAFE_HTML = [
    (re.compile(r"<\s*script\b", re.I), "raw <script> in content",
     "remove it; behaviour belongs in docs/assets/*.js, loaded by the theme"),
    (re.compile(r"<\s*iframe\b", re.I), "raw <iframe> in content", "remove it; link to the page"),
    (re.compile(r"url\(\s*['\"]?(?:https?:)?//|@import", re.I),
     "external resource in a CSS url() or @import", "ship the file under docs/assets/"),
    (re.compile(r"<\s*(?:meta|base|object|embed|applet|frame|link|style|form)\b", re.I),
     "raw <meta>, <base>, <object>, <embed>, <link>, <style> or <form> in content",
     "remove it; pages are Markdown, styling belongs in docs/assets/kb.css"),
    (re.compile(r"(?:java|vb)script\s*:|data\s*:\s*text/html", re.I), "script URL in content",
     "link to a page or a file of the site"),
]
# An attribute list ({: #id .class }, attr_list): ids, classes and these keys only; never a
# handler, a style or a URL (Markdown would write any attribute it names into the page).
ATTR_LIST = re.compile(r"\{(:?)[ \t]*([^{}\n]*)\}")
ATTR_KEY = re.compile(r"""([^\s=#.'"][^\s=]*)\s*(?:=\s*(?:"[^"]*"|'[^']*'|[^\s]*))?""")
ATTR_ALLOWED = {"title", "lang", "width", "height", "data-search-exclude"}


def attr_list_problem(line: str) -> str | None:
    """The first attribute of an attribute list on ``line`` that is not on the allow-list."""
    for m in ATTR_LIST.finditer(line):
        inner = m.group(2).strip()
        if inner.startswith("%") or not (m.group(1) or inner[:1] in ("#", ".")
                                         or "=" in inner):
            continue                        # Jinja or braces in text, not an attribute list
        for token in re.split(r"""\s+(?=(?:[^"']|"[^"]*"|'[^']*')*$)""", inner):
            if not token or token[0] in "#.":
                continue
            key = ATTR_KEY.match(token)
            name = key.group(1).lower() if key else token
            if name not in ATTR_ALLOWED:
                return name
    return None


# Rules read inside each raw HTML tag. A tag runs to its '>' outside quotes (an unclosed quote
# runs to the end of the line): tags never overlap, so a line is read once, however long.
TAG = re.compile(r"""<[a-zA-Z](?:[^>"']|"[^"]*"?|'[^']*'?)*>?""")
TAG_RULES = [
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler (on…=) in content",
     "remove the attribute; behaviour belongs in docs/assets/*.js"),
    (re.compile(r"""\s(?:src|href|srcset|data|poster)\s*=\s*["']?\s*(?:https?:)?//""", re.I),
     "external resource in raw HTML",
     "ship the file under docs/assets/ and refer to it by a relative path"),
]
# Fields that are plain text (a label, an alias, a meta description): no markup at all.
ANY_TAG = re.compile(r"[<>\"`]|&#?\w+;")

# Text that reaches a page from outside the record kinds (whose fields the registry in
# macros/model/kinds.py declares): the vocabulary and the front matter of plain pages.
# field → "prose" (every lint) or "plain" (no markup, no personal data; e.g. a label).
# "a.b" is field b of each item of the list a; "*" stands for every entry of the vocabulary.
FIELDS = {
    "vocab": {"*.name": "plain", "*.note": "plain", "*.slug": "plain"},
    "pages": {"title": "plain", "description": "plain", "subtitle": "plain", "tags": "plain"},
}
_TITLE = re.compile(r"《[^《》\n]*》")
_BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
# Markdown syntax that is not prose: code, link targets, HTML tags, attribute lists. No part
# may run past the next opener of its kind: a long line of openers is read in linear time.
_NOT_PROSE = re.compile(r"`[^`\n]*`|\]\([^()\]\n]*\)|<[^<>\n]*>|\{[:#.][^{}\n]*\}|\{\{[^{\n]*?\}\}")


def _lists(data: dict) -> dict:
    """The editors' lists of data/lint.yml (the catalogue's, read with it: `mkdocs serve`
    picks up an edit; a broken file is reported by the loader, not ignored)."""
    return {"deny": list(data.get("deny_names", [])), "junk": list(data.get("junk", [])),
            "formulas": sorted(data.get("set_formulas", []), key=len, reverse=True)}


def copied_run(text: str, runs: frozenset, formulas=()) -> str | None:
    """The first run of ``text`` whose hash a reference sample also has (``runs``: the
    hashes of macros.model.reference).

    Document titles in 《》 and set political formulas are facts, not copied prose.
    """
    norm = "／".join(normalise(part) for part in _TITLE.split(str(text)))
    for formula in formulas:
        norm = norm.replace(normalise(formula), "／")
    for part in norm.split("／"):
        for i, key in enumerate(run_hashes(part)):
            if key in runs:
                return part[i:i + MIN_RUN]
    return None


class Linter:
    """Lints text fields and Markdown bodies, adding problems with their lines."""

    def __init__(self, cat: Catalog, runs: frozenset | None):
        self.cat = cat
        self.settings = cat.settings.lists
        lists = _lists(self.settings)
        self.deny = [(w, re.compile(re.escape(w))) for w in lists["deny"]]
        self.junk = lists["junk"]
        self.formulas = lists["formulas"]
        self.runs = runs or frozenset()

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
        """Refuse unsafe or external raw HTML (checked before prose clean-up hides tags), and
        nesting too deep for Markdown to render."""
        check_nesting(self.cat, path, first_line, str(text))
        for offset, raw in enumerate(str(text).split("\n")):
            for pattern, what, fix in UNSAFE_HTML:
                if pattern.search(raw):
                    self.cat.problems.add(path, first_line + offset, what, fix)
            if "<" in raw:
                tags = TAG.findall(raw)
                for pattern, what, fix in TAG_RULES:
                    if any(pattern.search(tag) for tag in tags):
                        self.cat.problems.add(path, first_line + offset, what, fix)
            if "{" in raw:
                name = attr_list_problem(raw)
                if name:
                    self.cat.problems.add(path, first_line + offset, f"attribute '{name}' in "
                                          "an attribute list", "use only #id, .class and "
                                          "title= in { … }; behaviour and style belong in "
                                          "docs/assets/")

    def value(self, path: str, holder, key, value: str, **kw) -> int:
        """Lint one text value of a record (block values keep their lines); its first line."""
        line = holder.value_line(key) if hasattr(holder, "value_line") else holder.line_of(key)
        self.html(path, line, value)
        self.text(path, line, value, **kw)
        return line

    def record(self, record, fields, **kw) -> None:
        """Lint the named text fields of a YAML record (block values keep their lines)."""
        for name in fields:
            value = record.get(name)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                self.html(record.path, record.value_line(name), str(value))
                self.text(record.path, record.value_line(name), str(value), **kw)

    def plain(self, path: str, line: int, value) -> None:
        """A plain-text field: no markup of any kind, no personal data."""
        text = str(value)
        self.html(path, line, text)
        if ANY_TAG.search(text):
            self.cat.problems.add(path, line, "markup in a plain-text field (< > \" ` or an "
                                  "entity)", "write plain text; use full-width quotes “”")
        for pattern, label in PERSONAL:
            if pattern.search(text):
                self.cat.problems.add(path, line, f"personal data: {label}", "remove it")

    def field(self, record, kind: str, name: str, how: str, **kw) -> None:
        """Lint one field of the table (a text or a list of texts)."""
        value = record.get(name)
        if how == "prose":
            self.record(record, [name], **kw)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, (str, int, float)):
                    self.plain(record.path, value.line_of(i), item)
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            self.plain(record.path, record.value_line(name), value)

    def fields(self, record, kind: str, **kw) -> None:
        """Lint every field of ``record`` that the table lists for ``kind``."""
        for name, how in FIELDS[kind].items():
            parent, _, child = name.partition(".")
            if not child:
                self.field(record, kind, name, how, **kw)
                continue
            items = record.get(parent) if parent != "*" else [
                e for v in record.values() if isinstance(v, list) for e in v]
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict):
                    self.field(item, kind, child, how, **kw)

    def body(self, page) -> None:
        """Lint a Markdown body, skipping fenced code."""
        lines = prose_lines(page.body)
        # Every line, fenced or not: what a fence hides from the lints is not always what
        # Markdown treats as code (an indented fence, a fence inside HTML).
        self.html(page.path, page.body_line, page.body)
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


def lint_catalog(cat: Catalog, runs: frozenset | None) -> None:
    """Run every content lint over every text field the record kinds declare, and every page
    (``runs``: the reference samples' run hashes, see macros.model.reference)."""
    lint = Linter(cat, runs)
    texts = []
    for kind in cat.kinds:
        for record in cat.records[kind.store].values():
            quoting = bool(kind.quotes and record.get(kind.quotes[0]))
            for paths, copied in ((kind.prose, True), (kind.names, False), (kind.shown, False)):
                for path in paths:
                    quoted = quoting and path == kind.quotes[1]
                    for _, holder, key, value in walk(record, path):
                        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                            continue
                        value = str(value)
                        if paths is kind.shown:       # a name or label: plain text only
                            line = holder.line_of(key)
                            lint.plain(record.path, line, value)
                        else:
                            line = lint.value(record.path, holder, key, value,
                                              copied=copied and not quoted,
                                              placeholders=not quoting)
                        if not quoted:            # a quoted bad example is wrong on purpose
                            texts.append((record.path, line, value))
    lint_content(cat, lint.settings, texts)
    if isinstance(cat.vocab, dict) and cat.vocab:
        lint.fields(cat.vocab, "vocab")
    for page in cat.pages.values():
        if page.meta:
            lint.fields(page.meta, "pages")
    for snippet in snippet_pages(cat):
        lint.body(snippet)
    for page in cat.pages.values():
        lint.body(page)
        if _rendered(page):
            check_macro_page(page, cat.problems)
        else:
            _unrendered_syntax(cat, page)


def snippet_pages(cat: Catalog) -> list:
    """The files of docs/snippets/, as pages to lint (they are included into pages)."""
    folder = cat.docs_dir / "snippets"
    out = []
    for file in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if not file.is_file() or file.is_symlink():
            continue
        rel = file.relative_to(cat.root).as_posix()
        try:
            body = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            cat.problems.add(rel, 1, "file is not UTF-8 text", "save the file as UTF-8")
            continue
        out.append(Page(rel, rel, None, body, 1))
    return out


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
