"""What may sit in docs/ and data/ and in a page's front matter: an allow-list of files.

Only sources are inputs. Under ``data/`` only YAML; under ``docs/`` Markdown pages and
pictures anywhere, and style sheets, scripts and vendored licences only under
``docs/assets/`` (the project's own code, reviewed as code). Anything else (raw ``.html``,
``.xht``, ``.svg`` that can carry scripts, other Markdown suffixes, text files a page could
load as a script) would be copied to the site past every check, and is refused; so is a
symbolic link (it could publish any file of the build machine) and a file committed under
a path the repository ignores (``.cache``, ``site``: a build product nobody built).
Snippet includes stay inside docs/snippets/; ``template:`` and ``icon:`` name files of the
theme, never a path; the nesting of a page is bounded before Markdown renders it.
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from pathlib import Path

import material

PAGE_SUFFIXES = {".md"}
PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico"}
ASSET_SUFFIXES = {".css", ".js", ".json", ".map", ".txt", ""}     # under docs/assets/ only
DATA_SUFFIXES = {".yml", ".yaml"}
# Data files that are not records, each by its exact path: nothing else under data/ is read
# (the reference samples' hashes, written by `make fingerprint`; the genre weights, written
# by `python -m macros.checker.train_genre`).
DATA_FILES = {"data/reference-fingerprint.txt", "data/checker-genre.json"}
SNIPPET_LINE = re.compile(r"""^\s*;?-{1,}8<-{1,}\s+["']([^"']+)["']""")
SNIPPET_BLOCK = re.compile(r"^\s*-{1,}8<-{1,}\s*$")
ICON = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)+$")
THEME = Path(material.__file__).resolve().parent / "templates"
# What Python-Markdown would recurse into, one level per step: a ceiling far above any page
# and far below Python's recursion limit.
MAX_NESTING = 40
_INDENT = re.compile(r"^[ \t]*")
_QUOTES = re.compile(r"^(?:[ \t]{0,3}>)+")
_HTML_OPEN = re.compile(r"""<[a-zA-Z](?:[^>"']|"[^"]*"?|'[^']*'?)*>?""")   # one pass
_HTML_CLOSE = re.compile(r"</[a-zA-Z][a-zA-Z0-9]*\s*>")
RECORD_FOLDERS = ("obligations/", "templates/")


def _walk(folder: Path):
    """Every entry below ``folder`` (links reported, never followed)."""
    for base, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            yield Path(base) / name


def _allowed(rel: str, suffix: str) -> bool:
    if rel.startswith("data/"):
        return suffix in DATA_SUFFIXES or rel in DATA_FILES
    if suffix in PAGE_SUFFIXES or suffix in PICTURES:
        return True
    return rel.startswith("docs/assets/") and suffix in ASSET_SUFFIXES


def check_docs_files(cat) -> None:
    """Refuse symlinks, and files outside the suffix allow-list, in docs/ and data/; refuse
    committed files under ignored build paths."""
    for folder in (cat.docs_dir, cat.root / "data"):
        for file in _walk(folder) if folder.is_dir() else []:
            rel = file.relative_to(cat.root).as_posix()
            suffix = file.suffix.lower()
            if file.is_symlink():
                cat.problems.add(rel, 1, f"a symbolic link in {rel.split('/')[0]}/",
                                 "copy the file in instead; a link could publish any file "
                                 "of the build machine")
            elif file.is_dir() or file.name.startswith("."):
                continue
            elif not _allowed(rel, suffix):
                where = ("data/ holds only .yml records" if rel.startswith("data/") else
                         "docs/ holds .md pages and pictures (.png, .jpg, .gif, .webp); "
                         "styles and scripts only under docs/assets/")
                cat.problems.add(rel, 1, f"a {suffix or 'suffix-less'} file is not a source "
                                 "the site may publish", f"{where}: write it as a Markdown "
                                 "page (.md), ship a picture as .png, or remove it")
    for rel in committed_build_files(cat.root):
        cat.problems.add(rel, 1, "a file committed under a path the repository ignores "
                         "(a build product or cache nobody built here)",
                         f"remove it from the repository: git rm --cached '{rel}'")


def committed_build_files(root: Path) -> list[str]:
    """Files git tracks although .gitignore ignores them (``.cache/…``, ``site/…``)."""
    if not (Path(root) / ".git").exists():
        return []
    try:
        out = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached",
                              "--ignored", "--exclude-standard"], capture_output=True,
                             timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(p for p in out.decode("utf-8", "replace").split("\0") if p)


def nesting_problem(text: str) -> tuple[int, str] | None:
    """(line offset, what) when ``text`` nests deeper than Markdown can render safely:
    indentation (lists, admonitions), block quotes, or HTML blocks with ``markdown``."""
    depth = 0
    for offset, line in enumerate(text.split("\n")):
        indent = _INDENT.match(line).group(0).expandtabs(4)
        if len(indent) > 4 * MAX_NESTING and line.strip():
            return offset, f"text indented {len(indent)} columns (over {MAX_NESTING} levels)"
        quotes = _QUOTES.match(line)
        if quotes and quotes.group(0).count(">") > MAX_NESTING:
            return offset, f"block quotes nested over {MAX_NESTING} levels"
        if "<" in line:
            depth += sum(1 for tag in _HTML_OPEN.findall(line) if "markdown" in tag)
            if depth > MAX_NESTING:
                return offset, f"HTML blocks with `markdown` nested over {MAX_NESTING} levels"
            depth = max(0, depth - len(_HTML_CLOSE.findall(line)))
    return None


def check_nesting(cat, path: str, first_line: int, text: str) -> None:
    found = nesting_problem(text)
    if found:
        cat.problems.add(path, first_line + found[0], found[1],
                         "flatten the page: a few levels of lists, quotes and blocks read best")


def check_record_page(cat, page) -> None:
    """A record page is data: its panels print record fields, never run as a template."""
    meta = page.meta or {}
    if page.rel.startswith(RECORD_FOLDERS) and not page.rel.endswith("index.md") \
            and meta.get("render_macros"):
        cat.problems.add(page.path, meta.line_of("render_macros"), "`render_macros` on a "
                         "record page (its fields are data and are never run as a template)",
                         "remove `render_macros:`; only index and view pages call macros")


def snippet_names(lines, first_line: int):
    """(line, name) of every snippet the pages include (line and block forms)."""
    in_block = False
    for offset, line in enumerate(lines):
        if SNIPPET_BLOCK.match(line):
            in_block = not in_block
            continue
        m = SNIPPET_LINE.match(line)
        if m:
            yield first_line + offset, m.group(1)
        elif in_block and line.strip() and not line.strip().startswith(";"):
            yield first_line + offset, line.strip()


def check_snippet(cat, page, line: int, name: str) -> None:
    """A snippet is a file of docs/snippets/, named by a plain relative path."""
    norm = posixpath.normpath(name)
    if name.startswith(("/", "\\")) or re.match(r"^[a-z][a-z0-9+.-]*:", name, re.I) \
            or norm.startswith("..") or "\\" in name:
        cat.problems.add(page.path, line, f"snippet '{name}' points outside docs/snippets/",
                         "include only files of docs/snippets/, by their name there")
    elif not (cat.docs_dir / "snippets" / norm).is_file():
        cat.problems.add(page.path, line, f"snippet '{name}' not found",
                         "put the file in docs/snippets/ or fix the name")


def check_theme_keys(cat, page) -> None:
    """``template:`` and ``icon:`` in front matter must name files of the theme."""
    meta = page.meta or {}
    template = meta.get("template")
    if isinstance(template, str) and not any(
            (folder / template).is_file() for folder in (cat.root / "overrides", THEME)):
        cat.problems.add(page.path, meta.line_of("template"), f"unknown page template "
                         f"'{template}'", "remove `template:`, or add the file to overrides/")
    icon = meta.get("icon")
    if isinstance(icon, str) and not (ICON.match(icon) and any(
            (folder / ".icons" / f"{icon}.svg").is_file()
            for folder in (cat.root / "overrides", THEME))):
        cat.problems.add(page.path, meta.line_of("icon"), f"unknown icon '{icon}'",
                         "use a theme icon name such as material/file-document")
