"""What the kb plugin refuses or allows before a page renders, and which scripts are its own.

Content that must never reach Markdown or Jinja is refused here with its source line even when
the checks of the sources still run beside the build (background.py); the scripts the build
ships are listed for the output audit (audit.py), which refuses any other script a page loads.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.checker.engine import CHECKER_DATA
from macros.checks.security import RECORD_FOLDERS, nesting_problem
from macros.outputs.layout import LAYOUT_SCRIPT
from macros.review.sources import REVIEW_DATA

log = logging.getLogger("mkdocs.plugins.kb")


def _source_line(page, key: str) -> int:
    """The line of a front matter key in the page's source file (1 when unknown)."""
    try:
        text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    except (OSError, TypeError, UnicodeDecodeError):
        return 1
    m = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def refuse_before_rendering(markdown: str, page, src: str) -> None:
    """What must never reach Markdown or Jinja, refused with its line even when the checks
    of the sources still run beside the build: macros on a record page (its fields are
    data), and nesting deep enough to exhaust Markdown's recursion."""
    rel = page.file.src_uri
    if (rel.startswith(RECORD_FOLDERS) and not rel.endswith("index.md")
            and page.meta.get("render_macros")):
        log.error(f"{src}:{_source_line(page, 'render_macros')}: `render_macros` on a record "
                  "page (its fields are data and are never run as a template) — remove "
                  "`render_macros:`; only index and view pages call macros")
        raise PluginError("a record page asks for macros: refused (listed above)")
    found = nesting_problem(markdown)
    if found:
        offset = 0
        try:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
            offset = source[:len(source) - len(markdown)].count("\n") \
                if source.endswith(markdown) else 0
        except (OSError, TypeError, UnicodeDecodeError):
            pass
        log.error(f"{src}:{found[0] + 1 + offset}: {found[1]} — flatten the page: a few "
                  "levels of lists, quotes and blocks read best")
        raise PluginError("a page nests too deeply to render (listed above)")


def own_scripts(files, config) -> frozenset:
    """Site paths of the scripts the build ships: the theme's (and overrides') own files,
    the project's docs/assets/, and the scripts the kb plugin writes. Any other script a
    page loads (a same-origin file included) fails the audit."""
    theme = {Path(d).resolve() for d in config.theme.dirs}
    own = {CHECKER_DATA, LAYOUT_SCRIPT, REVIEW_DATA}
    for file in files:
        if not file.dest_uri.endswith(".js"):
            continue
        src_dir = Path(file.src_dir).resolve() if getattr(file, "src_dir", None) else None
        if src_dir in theme or file.src_uri.startswith("assets/"):
            own.add(file.dest_uri)
    return frozenset(own)
