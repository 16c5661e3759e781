"""The responsibility matrix: roles × obligations, derived from the records."""

from __future__ import annotations

from macros.model.catalog import Catalog
from macros.views.render import link


def matrix(cat: Catalog) -> tuple[list[str], list[tuple[dict, set]]]:
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
    """The matrix as a table, then one list per role."""

    roles, rows = matrix(cat)
    # Cells are centred by the kb-matrix class (an aligned column would carry a style
    # attribute, which the site's Content-Security-Policy refuses).
    out = ['<div class="kb-matrix" markdown>', "",
           "| 责任 | " + " | ".join(roles) + " |",
           "| --- | " + " | ".join("---" for _ in roles) + " |"]
    group = None
    for ob, have in rows:
        if ob["group"] != group:
            group = ob["group"]
            out.append(f"| **{group}** | " + " | ".join("" for _ in roles) + " |")
        cells = " | ".join("●" if r in have else "" for r in roles)
        out.append(f"| [{ob['title']}]({link(here, ob.page_rel)}) | {cells} |")
    out += ["", "</div>", "", "## 按角色查看 {#by-role}", ""]
    for role in roles:
        mine = [ob for ob, have in rows if role in have]
        slug = cat.vocab_slug("roles", role)
        out += [f"### {role}（{len(mine)}项） {{#{slug}}}", ""]
        out += [f"- [{ob['title']}]({link(here, ob.page_rel)})：{ob['summary']}"
                f"（{ob['frequency']}）" for ob in mine]
        out.append("")
    return "\n".join(out)
