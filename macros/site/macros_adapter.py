"""mkdocs-macros adapter: page macros that call the renderers of the core."""

from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

from macros.model import anchors
from macros.views import render
from macros.outputs.downloads import ICS_PATH, ROUTINE_ICS_PATH, docx_path
from macros.views.matrix import matrix_page
from macros.views.export import stats as catalog_stats
from macros.views.reporting_calendar import calendar_page, calendar_year


def _here(env) -> str:
    return env.page.file.src_uri


def _catalog(env):
    """The catalogue of this build, kept by the kb plugin (listed before macros)."""
    plugin = env.conf["plugins"].get("kb")
    if plugin is None or plugin.catalog is None:
        raise RuntimeError("the kb plugin must run before macros: list `kb` first in plugins")
    return plugin.catalog


def define_env(env) -> None:
    """Register the macros of the index and view pages; each is one call into the core."""
    for name in ("obligations_index", "templates_index", "phrase_bank", "glossary_list",
                 "documents_register", "named_formulas"):
        fn = getattr(render, name)
        env.macro(lambda fn=fn: fn(_catalog(env), _here(env)), name)

    @env.macro
    def responsibility_matrix():
        return matrix_page(_catalog(env), _here(env))

    @env.macro
    def reporting_calendar():
        href = get_relative_url(ICS_PATH, env.page.url)
        routine = get_relative_url(ROUTINE_ICS_PATH, env.page.url)
        return calendar_page(_catalog(env), calendar_year(), _here(env), href, routine)

    @env.macro
    def stats():
        return catalog_stats(_catalog(env))


def on_pre_page_macros(env) -> None:
    """Frame obligation and template pages with their generated panels.

    Record pages are data, not templates: their panels are put in place here, without
    running the page through Jinja (which would cost a parse of every long body)."""
    rel = _here(env)
    if rel.endswith("index.md") or not rel.startswith(("obligations/", "templates/")):
        return
    cat = _catalog(env)
    if rel.startswith("obligations/"):
        ob = cat.obligations[env.page.meta["id"]]
        env.markdown = "\n\n".join([render.obligation_card(cat, ob, rel), env.markdown,
                                     render.obligation_panel(cat, ob, rel)])
        return
    tpl = cat.templates[env.page.meta["id"]]
    heading = f"## 完整示例 {{ #{anchors.WORKED_EXAMPLE} {anchors.NO_SEARCH} }}"
    body = re.sub(r"^## 完整示例\s*$", heading, env.markdown, flags=re.M)
    skeleton = render.template_skeleton(cat, tpl, rel)
    mark = anchors.SKELETON_MARK
    body = body.replace(mark, skeleton) if mark in body else (
        body + "\n\n" + skeleton)
    href = get_relative_url(docx_path(tpl["id"]), env.page.url)
    env.markdown = "\n\n".join([render.template_card(cat, tpl, rel),
                                 render.fill_panel(cat, tpl, href), body])
