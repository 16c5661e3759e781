"""What a page with ``render_macros: true`` may contain: calls of the project's page macros.

Content is untrusted: Jinja on a page could reach Python (``{{ self.__init__.__globals__ }}``)
or dump the configuration (``{{ config }}``). The template is parsed, never run, and every
node outside a small grammar is refused with its line:

- ``{{ name() }}`` for a macro in :data:`PAGE_MACROS`, without arguments;
- ``{% set x = name() %}`` and then ``{{ x.field }}`` (a public field of that result).

The build also renders in Jinja's sandbox (macros.site.plugin), as a second wall.
"""

from __future__ import annotations

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from macros.model.kinds import KINDS

# The macros the mkdocs-macros adapter registers (macros/site/macros_adapter.py): the index
# macro each record kind declares, and the views of the whole catalogue.
INDEX_MACROS = frozenset(kind.macro for kind in KINDS if kind.macro)
VIEW_MACROS = frozenset({"named_formulas", "responsibility_matrix", "reporting_calendar",
                         "formula_years", "stats"})
PAGE_MACROS = INDEX_MACROS | VIEW_MACROS
FIX = ("a page may only call the site's macros, e.g. `{{ phrase_bank() }}` "
       "(one of: " + ", ".join(sorted(PAGE_MACROS)) + ")")
_PARSER = ImmutableSandboxedEnvironment()


def _macro_call(node) -> bool:
    return (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name)
            and node.node.name in PAGE_MACROS and not node.args and not node.kwargs
            and node.dyn_args is None and node.dyn_kwargs is None)


def _expr_problem(node, assigned: set) -> str | None:
    if _macro_call(node):
        return None
    if (isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name)
            and node.node.name in assigned and not node.attr.startswith("_")):
        return None
    if isinstance(node, nodes.Name):
        return f"unknown macro or variable '{node.name}'"
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
        if node.node.name not in PAGE_MACROS:
            return f"unknown macro '{node.node.name}()'"
        return f"macro '{node.node.name}()' takes no arguments"
    return f"template expression '{type(node).__name__}' is not allowed on a page"


def template_problems(source: str) -> list[tuple[int, str]]:
    """(line within ``source``, what) for each construct a page may not use."""
    try:
        tree = _PARSER.parse(source)
    except TemplateSyntaxError as err:
        return [(err.lineno or 1, f"template syntax error: {err.message}")]
    found, assigned = [], set()
    for node in tree.body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                what = _expr_problem(child, assigned)
                if what:
                    found.append((child.lineno, what))
        elif (isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name)
              and _macro_call(node.node)):
            assigned.add(node.target.name)
        else:
            found.append((node.lineno, f"template statement '{type(node).__name__}' is not "
                          "allowed on a page"))
    return found


def check_page(page, problems) -> None:
    """Check the body (and title) of a page that mkdocs-macros will render."""
    for line, what in template_problems(page.body):
        problems.add(page.path, page.body_line + line - 1, what, FIX)
    title = page.meta.get("title") if page.meta else None
    if isinstance(title, str) and ("{{" in title or "{%" in title):
        problems.add(page.path, page.meta.line_of("title"), "template syntax in the title",
                     "write the title as plain text")
