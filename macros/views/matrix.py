"""The responsibility matrix: roles × obligations, derived from the records."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from macros.model.catalog import Catalog
from macros.views.render import link

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import Obligation


def matrix(cat: Catalog) -> tuple[list[str], list[tuple[Obligation, set]]]:
    """Roles that carry any duty (vocabulary order) and each obligation with its roles."""
    used = {r for ob in cat.obligations.values() for r in ob["role"]}
    roles = [r for r in cat.vocab_names("roles") if r in used]
    rows = []
    for group in cat.vocab_names("groups"):
        for ob in sorted((o for o in cat.obligations.values() if o["group"] == group),
                         key=lambda o: o["id"]):
            rows.append((ob, set(ob["role"])))
    return roles, rows


def matrix_page(cat: Catalog, here: str) -> str:
    """The matrix as an HTML table (classes only: the site's CSP refuses inline styles;
    the header row and the duty column stay in view), then one list per role."""
    roles, rows = matrix(cat)
    esc = html.escape
    out = ['<div class="kb-matrix-wrap" tabindex="0" markdown="1">',
           '<table class="kb-matrix" markdown="1">',
           '<thead><tr><th class="kb-matrix-duty" scope="col">责任</th>'
           + "".join(f'<th scope="col" data-role="{esc(r)}"><span>{esc(r)}</span></th>'
                     for r in roles) + "</tr></thead>", '<tbody markdown="1">']
    group = None
    for ob, have in rows:
        if ob["group"] != group:
            group = ob["group"]
            out.append(f'<tr class="kb-matrix-group"><th scope="rowgroup" '
                       f'colspan="{len(roles) + 1}">{esc(group)}</th></tr>')
        cells = "".join(f'<td data-role="{esc(r)}">{"●" if r in have else ""}</td>'
                        for r in roles)
        out.append(f'<tr markdown="1" data-roles="{esc("|".join(r for r in roles if r in have))}">'
                   f'<th scope="row" markdown="span">[{ob["title"]}]({link(here, ob.page_rel)})'
                   f'</th>{cells}</tr>')
    out += ["</tbody></table>", "</div>", "", "## 按角色查看 {#by-role}", ""]
    for role in roles:
        mine = [ob for ob, have in rows if role in have]
        slug = cat.vocab_slug("roles", role)
        out += [f"### {role}（{len(mine)}项） {{#{slug}}}", ""]
        out += [f"- [{ob['title']}]({link(here, ob.page_rel)})：{ob['summary']}"
                f"（{ob['frequency']}）" for ob in mine]
        out.append("")
    return "\n".join(out)
