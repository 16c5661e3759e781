"""Which of the site's own scripts a page loads: only what it uses.

Every page gets the search box's helper (kb-search.js); a template page (it carries the
workbench's data island) gets the workbench; a page with a filterable list, the
responsibility matrix or tag chips gets the browsing helpers. The checker and the review
desk name their scripts in their own templates (overrides/). Every script registers itself
on one namespace, ``window.kb`` (kb.draft, kb.compose, …), so the order below is the order
of their dependencies. ``main.html`` writes the tags: plain ``<script src>`` of the site's
own files, as the Content-Security-Policy allows.
"""

from __future__ import annotations

from macros.views.workbench import TEMPLATE_DATA_ID

SEARCH = "assets/kb-search.js"          # every page has the search box
CLIPBOARD = "assets/kb-clipboard.js"
WORKBENCH = (CLIPBOARD, "assets/kb-draft.js", "assets/kb-compose.js", "assets/kb-editor.js",
             "assets/kb.js", "assets/kb-word.js")
BROWSE = (CLIPBOARD, "assets/kb-browse.js")
BROWSE_MARKS = ('class="kb-browse"', 'class="kb-matrix"')


def page_scripts(html: str, meta: dict) -> list[str]:
    """The scripts (site-relative paths, in load order) for a page of HTML content HTML and
    front matter META."""
    wanted: list[str] = [SEARCH]
    if f'id="{TEMPLATE_DATA_ID}"' in html:
        wanted += WORKBENCH
    if meta.get("tags") or any(mark in html for mark in BROWSE_MARKS):
        wanted += BROWSE
    return list(dict.fromkeys(wanted))
