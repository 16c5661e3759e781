"""What may sit in docs/ and in a page's front matter: no raw HTML files, no path tricks.

Raw ``.html`` (and ``.svg``, which can carry scripts) would be copied to the site as they
are, past every lint, the audit and the Content-Security-Policy; other Markdown suffixes
would be built as pages the core never reads. Both are refused. Snippet includes stay
inside docs/snippets/; ``template:`` and ``icon:`` name files of the theme, never a path.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import material

RAW_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".svg", ".xml"}
OTHER_MARKDOWN = {".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext"}
SNIPPET_LINE = re.compile(r"""^\s*;?-{1,}8<-{1,}\s+["']([^"']+)["']""")
SNIPPET_BLOCK = re.compile(r"^\s*-{1,}8<-{1,}\s*$")
ICON = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)+$")
THEME = Path(material.__file__).resolve().parent / "templates"


def check_docs_files(cat) -> None:
    """Refuse raw HTML, SVG and other-suffix Markdown files and symlinks under docs/."""
    for file in sorted(cat.docs_dir.rglob("*")) if cat.docs_dir.is_dir() else []:
        rel = file.relative_to(cat.root).as_posix()
        suffix = file.suffix.lower()
        if file.is_symlink():
            cat.problems.add(rel, 1, "a symbolic link in docs/", "copy the file in instead; "
                             "a link could publish any file of the build machine")
        elif suffix in RAW_SUFFIXES:
            cat.problems.add(rel, 1, f"a raw {suffix} file in docs/ (published unchecked)",
                             "write it as a Markdown page (.md), or ship a picture as .png")
        elif suffix in OTHER_MARKDOWN:
            cat.problems.add(rel, 1, f"a page with the suffix {suffix}",
                             "rename it to .md so that it is checked like every page")


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
