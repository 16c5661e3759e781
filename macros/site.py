"""mkdocs-macros adapter: page macros that call the renderers of the core."""

from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

from . import render, state
from .matrix import matrix_page
from .reporting_calendar import ICS_PATH, calendar_page, calendar_year
from .word import docx_path

PANEL_MACROS = ("obligation_card", "obligation_panel", "template_card", "template_skeleton")


def _here(env) -> str:
    return env.page.file.src_uri


def _record(env, kind: str):
    cat = state.current()
    meta_id = env.page.meta.get("id")
    store = getattr(cat, kind)
    if meta_id not in store:
        raise KeyError(f"{_here(env)}: this macro only works on a {kind[:-1]} page")
    return cat, store[meta_id]


def define_env(env) -> None:
    """Register the macros; each is one call into render.py."""

    @env.macro
    def obligation_card():
        cat, ob = _record(env, "obligations")
        return render.obligation_card(cat, ob, _here(env))

    @env.macro
    def obligation_panel():
        cat, ob = _record(env, "obligations")
        return render.obligation_panel(cat, ob, _here(env))

    @env.macro
    def template_card():
        cat, tpl = _record(env, "templates")
        href = get_relative_url(docx_path(tpl["id"]), env.page.url)
        return render.template_card(cat, tpl, _here(env)) + "\n" + render.fill_panel(cat, tpl,
                                                                                     href)

    @env.macro
    def template_skeleton():
        cat, tpl = _record(env, "templates")
        return render.template_skeleton(cat, tpl, _here(env))

    for name in ("obligations_index", "templates_index", "phrase_bank", "glossary_list",
                 "documents_register", "named_formulas"):
        fn = getattr(render, name)
        env.macro(lambda fn=fn: fn(state.current(), _here(env)), name)

    @env.macro
    def responsibility_matrix():
        return matrix_page(state.current(), _here(env))

    @env.macro
    def reporting_calendar():
        href = get_relative_url(ICS_PATH, env.page.url)
        return calendar_page(state.current(), calendar_year(), _here(env), href)

    @env.macro
    def stats():
        from .export import stats as _stats

        return _stats(state.current())


def on_pre_page_macros(env) -> None:
    """Frame obligation and template pages with their generated panels."""
    rel = _here(env)
    if rel.endswith("index.md"):
        return
    if rel.startswith("obligations/"):
        env.markdown = ("{{ obligation_card() }}\n\n" + env.markdown
                        + "\n\n{{ obligation_panel() }}\n")
    elif rel.startswith("templates/"):
        body = re.sub(r"^## 完整示例\s*$", f"## 完整示例 {{ #wanzheng-shili {render.NO_SEARCH} }}",
                      env.markdown, flags=re.M)
        if "template_skeleton()" not in body:
            body += "\n\n{{ template_skeleton() }}\n"
        env.markdown = "{{ template_card() }}\n\n" + body
