"""mkdocs-macros adapter: page macros that call the renderers of the core."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

from macros.checks.jinja_safety import PAGE_MACROS
from macros.model import anchors
from macros.model.kinds import KINDS
from macros.model.problems import internal_error
from macros.outputs.downloads import ICS_PATH, ROUTINE_ICS_PATH, docx_path
from macros.views import render, workbench
from macros.views.export import stats as catalog_stats
from macros.views.formulas_page import formula_years as formula_years_page
from macros.views.matrix import matrix_page
from macros.views.reporting_calendar import calendar_page, calendar_year


def _here(env) -> str:
    return env.page.file.src_uri


def _plugin(env):
    return env.conf["plugins"].get("kb")


def _catalog(env):
    """The catalogue of this build, kept by the kb plugin (listed before macros)."""
    plugin = _plugin(env)
    if plugin is None or plugin.catalog is None:
        raise RuntimeError("the kb plugin must run before macros: list `kb` first in plugins")
    return plugin.catalog


def _guarded(env, name: str, fn):
    """A macro whose failure is a build problem at the line of its call, not a traceback
    (mkdocs-macros would print one and exit)."""
    def macro():
        try:
            return fn()
        except Exception as err:
            plugin = env.conf["plugins"].get("kb")
            path = f"{Path(env.conf['docs_dir']).name}/{_here(env)}"
            line = _call_line(env.page.file.abs_src_path, name)
            if plugin is None:
                raise
            plugin.output_problems.add(path, line, internal_error(f"the macro {name}()", err),
                                       "`mkdocs build --verbose` shows the traceback")
            plugin.log_debug_traceback()
            return ""
    return macro


def _call_line(src: str | None, name: str) -> int:
    try:
        text = Path(src).read_text(encoding="utf-8") if src else ""
    except OSError:
        return 1
    index = text.find(name + "(")
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def _renderer(env, fn):
    return lambda: fn(_catalog(env), _here(env))


def _index_renderer(env, kind):
    """The index macro a kind declares: the view of that name, or the plain record list."""
    fn = getattr(render, kind.macro, None)
    if fn is None:
        return lambda: render.record_list(_catalog(env), kind, _here(env))
    return _renderer(env, fn)


def define_env(env) -> None:
    """Register the macros of the index and view pages; each is one call into the core.

    Only the names in checks.jinja_safety.PAGE_MACROS: pages are checked against that list.
    Each record kind's index macro comes from its declaration (macros.model.kinds)."""
    macros = {kind.macro: _index_renderer(env, kind) for kind in KINDS if kind.macro}
    macros["named_formulas"] = _renderer(env, render.named_formulas)

    def responsibility_matrix():
        return matrix_page(_catalog(env), _here(env))

    def reporting_calendar():
        href = get_relative_url(ICS_PATH, env.page.url)
        routine = get_relative_url(ROUTINE_ICS_PATH, env.page.url)
        return calendar_page(_catalog(env), calendar_year(), _here(env), href, routine)

    def formula_years():
        return formula_years_page(_catalog(env), _here(env))

    def stats():
        return catalog_stats(_catalog(env))

    macros.update(responsibility_matrix=responsibility_matrix,
                  reporting_calendar=reporting_calendar, formula_years=formula_years, stats=stats)
    if set(macros) != PAGE_MACROS:
        raise RuntimeError("keep checks.jinja_safety.PAGE_MACROS in step with define_env")
    for name, fn in macros.items():
        env.macro(_guarded(env, name, fn), name)


def on_pre_page_macros(env) -> None:
    """Frame the pages of page kinds (obligations, templates) with their generated panels.

    Record pages are data, not templates: their panels are put in place here, without
    running the page through Jinja (which would cost a parse of every long body). Of
    checked sources, a page framed by an earlier build is read back (the kb plugin's
    ``framed`` memo, keyed by the sources, the page, its address and its Markdown)."""
    rel = _here(env)
    folder = rel.split("/")[0]
    kind = next((k for k in KINDS if k.page and k.folder == folder), None)
    if rel.endswith("index.md") or kind is None:
        return
    memo = getattr(_plugin(env), "framed", None)
    key = hashlib.sha1("\0".join((rel, env.page.url, env.markdown)).encode()).hexdigest()
    kept = memo.get(key) if memo is not None else None
    if kept is not None:
        env.markdown = kept
        return
    _frame(env, rel, kind)
    if memo is not None:
        memo.put(key, env.markdown)


def _frame(env, rel: str, kind) -> None:
    """Put the generated panels of ``rel``'s record around its Markdown."""
    cat = _catalog(env)
    record = cat.records[kind.store][env.page.meta[kind.key]]
    if kind.name == "obligation":
        env.markdown = "\n\n".join([render.obligation_card(cat, record, rel), env.markdown,
                                     render.obligation_panel(cat, record, rel)])
        return
    if kind.name != "template":          # any other page kind: its back-link panels
        env.markdown = "\n\n".join([env.markdown,
                                     render.backlink_panels(cat, kind.name, record, rel)])
        return
    tpl = cat.templates[env.page.meta["id"]]
    heading = f"## 完整示例 {{ #{anchors.WORKED_EXAMPLE} {anchors.NO_SEARCH} }}"
    body = re.sub(r"^## 完整示例\s*$", heading, env.markdown, flags=re.M)
    body = render.marked_facts(body)        # the worked example's 〖facts〗, as on panels
    skeleton = render.template_skeleton(cat, tpl, rel)
    mark = anchors.SKELETON_MARK
    body = body.replace(mark, skeleton) if mark in body else (
        body + "\n\n" + skeleton)
    href = get_relative_url(docx_path(tpl["id"]), env.page.url)
    env.markdown = "\n\n".join([render.template_card(cat, tpl, rel),
                                 workbench.panel(cat, tpl, href, _plugin(env).layout,
                                                 _plugin(env).rules.spec,
                                                 _plugin(env).duty_reads()),
                                 body])
