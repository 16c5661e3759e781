"""Render records as Markdown panels: cards, cross-reference lists, registers."""

from __future__ import annotations

import html
import posixpath
from typing import TYPE_CHECKING

from macros.model.anchors import NO_SEARCH, SKELETON, SLOTS
from macros.model.catalog import PRACTICE, Catalog
from macros.model.facts import FACT
from macros.model.kinds import KINDS, Kind, panels_to
from macros.model.kinds import walk as walk_refs
from macros.model.text import SLOT, unfold

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import (
        Example,
        GlossaryTerm,
        Obligation,
        Template,
        TemplateSectionsItem,
    )

STATUS = {"in_force": "现行有效", "superseded": "已被替代", "named_only": "仅见名称"}
PRACTICE_ZH = "单位报告中的通行做法"
SLOT_TYPE_ZH = {"text": "文字", "count": "数量", "year": "年份", "date": "日期",
                "percent": "百分比"}
# The index page of each kind that has one (store → page), from the registry.
PAGES = {kind.store: kind.index for kind in KINDS if kind.index}


def link(from_rel: str, to_rel: str, anchor: str = "") -> str:
    """Relative Markdown link target from one docs page to another."""
    target = posixpath.relpath(to_rel, posixpath.dirname(from_rel) or ".")
    return target + (f"#{anchor}" if anchor else "")


def term_anchor(term: GlossaryTerm) -> str:
    """Anchor of a glossary term on the glossary page: its explicit, stable id."""
    return term["id"]


def doc_anchor(doc_id: str) -> str:
    return f"doc-{doc_id}"


def term_link(here: str, term: GlossaryTerm) -> str:
    return f"[{term['term']}]({link(here, PAGES['glossary'], term_anchor(term))})"


def record_link(cat: Catalog, kind: Kind, record, here: str, owner=None) -> str:
    """A link to a record: its page, or its anchor on its kind's index page; ``owner`` (a
    part of the record holding the reference, e.g. a template section) is linked to itself."""
    title = _cell(record.get(kind.title_field, record[kind.key]))
    if kind.page:
        if owner is not None and owner is not record and "id" in owner:
            label = owner.get("heading", owner["id"])
            return f"[{title} · {_cell(label)}]({link(here, record.page_rel, owner['id'])})"
        return f"[{title}]({link(here, record.page_rel)})"
    if not kind.index:
        return title
    return f"[{title}]({link(here, kind.index, kind.anchor_of(record))})"


def _panel_items(cat: Catalog, kind: Kind, target: str, key, here: str) -> list:
    """The records of ``kind`` referring to ``key``, each once (or each part with an id
    holding the reference once: each template section)."""
    seen, out = set(), []
    for link_ in cat.links.get((target, key), ()):
        if link_.kind != kind.name:
            continue
        part = link_.owner is not link_.record and "id" in link_.owner
        ident = (id(link_.record), id(link_.owner) if part else None)
        if ident not in seen:
            seen.add(ident)
            out.append(link_)
    return out


def backlink_panels(cat: Catalog, target: str, record, here: str,
                    heading_level: int = 2) -> str:
    """Every back-link panel the registry declares for a record of kind ``target``: the
    records referring to it (an obligation page lists the template sections, examples and
    terms that name it). ``heading_level`` 0 writes each panel as one labelled line."""
    out = []
    for kind, ref in panels_to(cat.kinds, target):
        panel = ref.panel
        if panel is None:
            continue
        links = _panel_items(cat, kind, target, record[cat.kind(target).key], here)
        if not links and not panel.empty:
            continue
        if kind.name == "example":              # example paragraphs are shown in full
            items = [_example_block(cat, ln.record, here, True) for ln in links]
        else:
            items = [record_link(cat, kind, ln.record, here, ln.owner) for ln in links]
        if heading_level == 0:
            if items:
                out += [f"{panel.heading}：" + "、".join(items), ""]
            continue
        count = f"（{len(items)}）" if panel.count else ""
        anchor = panel.anchor or kind.store
        out += ["", f"{'#' * heading_level} {panel.heading}{count} {{#{anchor} {NO_SEARCH}}}",
                ""]
        if not items:
            out.append(panel.empty)
        elif panel.inline:
            out.append("、".join(items))
        elif kind.name == "example":
            out += items
        else:
            out += [f"- {item}" for item in items]
    return "\n".join(out) + ("\n" if heading_level else "")


def facet_tags(cat: Catalog, kind: Kind, record) -> list[str]:
    """The facet tags the kind declares for a record's page (类别/…, 角色/…, 单位类型/…)."""
    tags = []
    for facet in kind.facets:
        if facet.via:
            sources = cat.referrers(kind.name, record[kind.key], facet.via)
            values = sorted({v for r in sources for *_, v in walk_refs(r, facet.path)})
        else:
            values = [v for *_, v in walk_refs(record, facet.path)]
        tags += [f"{facet.label}/{v}" for v in values]
    return tags


def index_page(cat: Catalog, kind: Kind) -> str:
    """The Markdown of a kind's index page when docs/ has none: its records, listed."""
    title = kind.label or kind.store
    return (f"---\ntitle: {title}\n---\n\n# {title}\n\n"
            + record_list(cat, kind, kind.index))


def record_list(cat: Catalog, kind: Kind, here: str) -> str:
    """The index page of a kind without a page macro of its own: each record under its
    heading (anchored as the kind declares), with its back-link panels as lines."""
    out = []
    for record in cat.records[kind.store].values():
        title = _plain(record.get(kind.title_field, record[kind.key]))
        anchor = kind.anchor_of(record)
        out += [f"## {title}" + (f" {{#{anchor}}}" if anchor else ""), ""]
        for name in kind.export[1:]:
            value = record.get(name.partition("(")[0])
            if isinstance(value, str) and name != kind.title_field:
                out += [_plain(unfold(value)), ""]
        for ref in kind.refs:
            target = cat.kind(ref.target)
            store = cat.records[target.store]
            named = [record_link(cat, target, store[v], here)
                     for _, _, _, v in walk_refs(record, ref.path) if v in store]
            if named:
                out += [f"{target.label or target.name}：" + "、".join(named),
                        f"{{: .kb-meta {NO_SEARCH} }}", ""]
        panels = backlink_panels(cat, kind.name, record, here, heading_level=0)
        out += [panels] if panels else []
    return "\n".join(out) + "\n"


def _plain(text) -> str:
    """Record text as plain text in generated Markdown: no HTML, no attribute list."""
    escaped = html.escape(str(text).replace("\n", " "), quote=False)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def _cell(text) -> str:
    return str(text).replace("|", "｜").replace("\n", " ")


def card_table(rows, searched=()) -> str:
    """A record's key facts as a label/value table. Search indexes only the values of the
    ``searched`` rows: labels (项目, 责任角色 …) run together would make every snippet."""
    out = ['<div class="kb-card" markdown="1">', '<table markdown="1">', '<tbody markdown="1">']
    for label, value in rows:
        skip = "" if label in searched else f" {NO_SEARCH}"
        out.append(f'<tr markdown="1"{skip}><th scope="row" {NO_SEARCH}>{html.escape(label)}</th>'
                   f'<td markdown="span">{_cell(value)}</td></tr>')
    return "\n".join(out + ["</tbody>", "</table>", "</div>", ""])


def _basis(cat: Catalog, values, here: str, seen: int | None = None) -> str:
    out = []
    for value in values:
        if value == PRACTICE:
            out.append(PRACTICE_ZH if seen is None else
                       f"{PRACTICE_ZH}（在{seen}份真实报告中见到）" if seen else
                       f"{PRACTICE_ZH}（真实报告摘录中尚未见到）")
        else:
            doc = cat.documents[value]
            out.append(f"[《{doc['title']}》]({link(here, PAGES['documents'], doc_anchor(value))})"
                       f"（{STATUS[doc['status']]}）")
    return "；".join(out)


def _ob_link(cat: Catalog, ob_id: str, here: str) -> str:
    ob = cat.obligations[ob_id]
    return f"[{ob['title']}]({link(here, ob.page_rel)})"


def _section_link(tpl: Template, sec: TemplateSectionsItem, here: str) -> str:
    return f"[{tpl['title']} · {sec['heading']}]({link(here, tpl.page_rel, sec['id'])})"


def marked_facts(text: str) -> str:
    """Example text with each 〖fact〗 shown as a highlighted 示例事实 (no brackets)."""
    return FACT.sub(lambda m: f'<mark class="kb-fact" title="示例事实">{html.escape(m.group(1))}'
                    "</mark>", text)


def _example_block(cat: Catalog, ex: Example, here: str, show_section: bool) -> str:
    """An example paragraph and its source line, as plain Markdown paragraphs."""
    tpl = cat.templates[ex["template"]]
    sec = cat.section(ex["template"], ex["section"])
    where = _section_link(tpl, sec, here) if show_section else "、".join(
        _ob_link(cat, o, here) for o in ex["obligations"])
    label = "适用章节" if show_section else "体现的责任"
    return (f'{marked_facts(unfold(ex["text"]))}\n{{: #{ex["id"]} .kb-example }}\n\n'
            f'{ex["unit_type"]} · {label}：{where}\n{{: .kb-meta }}\n')


def obligation_card(cat: Catalog, ob: Obligation, here: str) -> str:
    """Requirement card at the top of an obligation page."""
    rows = [
        ("要求", ob["summary"]),
        ("责任角色", "、".join(ob["role"])),
        ("频次", ob["frequency"]),
        ("依据", _basis(cat, ob["basis"], here, ob.get("practice_seen"))),
        ("类别", ob["group"]),
    ]
    if ob.get("aliases"):
        rows.append(("又称", "、".join(ob["aliases"])))
    if ob.get("evidence_slots"):
        rows.append(("报告中引用的数据", "、".join(f"【{s}】" for s in ob["evidence_slots"])))
    md = card_table(rows, searched=("要求", "又称"))
    if ob.get("named_only"):
        md += (f'\n<div {NO_SEARCH} markdown="1">\n\n!!! warning "仅见名称，未展开"\n'
               "    来源只提到这一提法的名称，没有列出具体内容。"
               "本库不补写其条目或数字；写报告时照名称引用，具体内容以本地文件为准。\n\n</div>\n")
    if ob.get("variants"):
        # Not searched: its table labels would run into the page's search snippet.
        md += f'\n<div class="kb-variants" {NO_SEARCH} markdown="1">\n\n!!! note "各地做法不一"\n\n'
        md += "    | 方面 | 做法 | 依据 | 说明 |\n    | --- | --- | --- | --- |\n"
        for v in ob["variants"]:
            md += (f"    | {_cell(v['aspect'])} | {_cell(v['value'])} | "
                   f"{_cell(_basis(cat, v['basis'], here))} | {_cell(v.get('note', ''))} |\n")
        md += "\n</div>\n"
    return md


def obligation_panel(cat: Catalog, ob: Obligation, here: str) -> str:
    """Cross references below an obligation page: the back-link panels of the registry
    (template sections, examples, terms, and any kind declaring a panel here)."""
    return backlink_panels(cat, "obligation", ob, here)


def skeleton_html(text: str) -> str:
    """Fill-in text as HTML paragraphs with every 【slot】 marked for the fill-in panel."""
    paras = [p.strip() for p in str(text).strip().split("\n\n") if p.strip()]
    out = []
    for para in paras:
        escaped = html.escape(unfold(para), quote=False)
        marked = SLOT.sub(lambda m: f'<span class="kb-slot" data-slot="{m.group(1)}">'
                                    f"【{m.group(1)}】</span>", escaped)
        out.append(f"<p>{marked}</p>")
    return "\n".join(out)


def template_card(cat: Catalog, tpl: Template, here: str) -> str:
    """Purpose, writer, timing and the declared slots of a report template."""
    rows = [("用途", tpl["purpose"]), ("谁来写", tpl["writer"]), ("何时写", tpl["when"]),
            ("报送对象", tpl["audience"]), ("篇幅", tpl["length"])]
    if tpl.get("aliases"):
        rows.append(("又称", "、".join(tpl["aliases"])))
    return card_table(rows, searched=("用途", "又称")) + "\n"


def slot_table(cat: Catalog, tpl: Template) -> str:
    """The declared slots of a template with type, hint and example (not searched)."""
    out = [f"## 本模板的槽位（{len(tpl['slots'])}个） {{#{SLOTS} {NO_SEARCH}}}", "",
           "| 槽位 | 类型 | 填写提示 | 示例 |", "| --- | --- | --- | --- |"]
    for name in tpl["slots"]:
        slot = cat.slots[name]
        out.append(f"| 【{name}】 | {SLOT_TYPE_ZH.get(slot['type'], slot['type'])} | "
                   f"{_cell(slot['hint'])} | "
                   f"{_cell(slot['example'])} |")
    return "\n".join(out) + "\n"


def template_skeleton(cat: Catalog, tpl: Template, here: str) -> str:
    """Every section: heading, guidance, fill-in text, obligations, phrases, examples."""
    # The skeleton is for reading and copying; searched, its sections would outrank the
    # page itself for every common word (报告、工作), so only the page and card are indexed.
    out = [slot_table(cat, tpl), f"## 报告框架 {{#{SKELETON} {NO_SEARCH}}}", ""]
    for sec in tpl["sections"]:
        depth = {0: 3, 1: 3, 2: 4, 3: 5, 4: 5}[sec["level"]]
        heading = SLOT.sub(lambda m: f"【{m.group(1)}】", sec["heading"])
        out += [f"{'#' * depth} {heading} {{#{sec['id']} {NO_SEARCH}}}", ""]
        out += ['!!! tip "写作提示"', "    " + sec["guidance"].strip().replace("\n", " "), ""]
        out += [f'<div class="kb-skeleton" data-section="{sec["id"]}" '
                f'data-level="{sec["level"]}" data-heading="{html.escape(sec["heading"])}">',
                skeleton_html(sec["skeleton"]), "</div>", ""]
        obs = sec.get("obligations", [])
        if obs:
            out += ["**应体现的责任**：" + "、".join(_ob_link(cat, o, here) for o in obs), ""]
        cats = sec.get("phrase_categories", [])
        if cats:
            out += ["**可用表述**：" + "、".join(
                f"[{c}]({link(here, PAGES['phrases'], cat.vocab_slug('phrase_categories', c))})"
                for c in cats), ""]
        examples = cat.examples_by_section.get((tpl["id"], sec["id"]), [])
        if examples:
            out += [f'??? example "示例段落（{len(examples)}）"', ""]
            for ex in examples:
                block = _example_block(cat, ex, here, False)
                out += ["    " + line if line else "" for line in block.split("\n")]
            out.append("")
    return "\n".join(out) + "\n"


def obligations_index(cat: Catalog, here: str) -> str:
    """All obligations, grouped, with role and frequency."""
    out = []
    for group in cat.vocab.get("groups", []):
        obs = [o for o in cat.obligations.values() if o["group"] == group["name"]]
        if not obs:
            continue
        out += [f"## {group['name']} {{#{group['slug']}}}", "", group.get("note", ""), "",
                "| 责任 | 要求 | 责任角色 | 频次 | 示例 |", "| --- | --- | --- | --- | --- |"]
        for ob in sorted(obs, key=lambda o: o["id"]):
            n = len(cat.examples_by_obligation.get(ob["id"], []))
            out.append(f"| {_ob_link(cat, ob['id'], here)} | {_cell(ob['summary'])} | "
                       f"{'、'.join(ob['role'])} | {ob['frequency']} | {n} |")
        out.append("")
    return "\n".join(out)


def templates_index(cat: Catalog, here: str) -> str:
    out = ["| 模板 | 类型 | 何时写 | 报送对象 |", "| --- | --- | --- | --- |"]
    for tpl in cat.templates.values():
        out.append(f"| [{tpl['title']}]({link(here, tpl.page_rel)}) | {_cell(tpl['genre'])} | "
                   f"{_cell(tpl['when'])} | {_cell(tpl['audience'])} |")
    return "\n".join(out) + "\n"


def phrase_bank(cat: Catalog, here: str) -> str:
    """Phrases by category, then the avoid → prefer list, inside the page filter's block."""
    out = ['<div class="kb-browse" data-kind="phrase" markdown>', ""]
    for category in cat.vocab.get("phrase_categories", []):
        items = [p for p in cat.phrases.values()
                 if p["category"] == category["name"] and not p.get("avoid")]
        if not items:
            continue
        out += [f"## {category['name']}（{len(items)}） {{#{category['slug']}}}", "",
                category.get("note", ""), "",
                _html_table(["表述", "用法"], [[p["text"], p.get("note", "")] for p in items],
                            f' class="kb-phrases" data-category="{html.escape(category["name"])}"')]
    avoid = [p for p in cat.phrases.values() if p.get("avoid")]
    if avoid:
        out += [f"## 避免使用（{len(avoid)}） {{#avoid}}", "",
                "| 避免 | 改用 | 类别 | 说明 |", "| --- | --- | --- | --- |"]
        out += [f"| {_cell(p['text'])} | {_cell(p.get('prefer', ''))} | {p['category']} | "
                f"{_cell(p.get('note', ''))} |" for p in avoid]
    out += ["", "</div>"]
    return "\n".join(out) + "\n"


def _html_table(head: list[str], rows: list[list[str]], attrs: str = "") -> str:
    """A table whose first column is searched and whose other columns are not: usage
    notes would otherwise make every phrase match every query about its topic."""
    esc = html.escape
    heads = "".join(f"<th>{esc(h)}</th>" for h in head)
    out = [f"<table{attrs}><thead><tr>{heads}</tr></thead>", "<tbody>"]
    for first, *rest in rows:
        out.append(f"<tr><td>{esc(first)}</td>"
                   + "".join(f"<td {NO_SEARCH}>{esc(str(c))}</td>" for c in rest) + "</tr>")
    return "\n".join(out + ["</tbody></table>", ""])


def glossary_list(cat: Catalog, here: str) -> str:
    """Terms by category, each under its own heading (its anchor is the term's id, and
    search gives it its own entry), inside a block the page's filter works on."""
    names = cat.vocab_names("glossary_categories")
    groups: dict[str, list[GlossaryTerm]] = {}
    for term in sorted(cat.glossary.values(), key=lambda t: t["term"]):
        cat_name = term.get("category") or ""
        cat_name = cat_name if cat_name in names else "其他"
        groups.setdefault(cat_name, []).append(term)
    out = ['<div class="kb-browse" data-kind="term" markdown>', ""]
    for name in [*names, "其他"]:
        terms = groups.get(name)
        if not terms:
            continue
        slug = cat.vocab_slug("glossary_categories", name) or "qita"
        out += [f"## {name}（{len(terms)}） {{#{slug}}}", ""]
        for term in terms:
            parts = [term["meaning"]]
            if term.get("named_only"):
                parts.append("（仅见名称：来源没有列出具体内容，本库不补写。）")
            if term.get("aliases"):
                parts.append("又称：" + "、".join(term["aliases"]) + "。")
            if term.get("note"):
                parts.append(f"说明：{term['note']}")
            out += [f'<div class="kb-entry" data-category="{html.escape(name)}" '
                    f'data-copy="{html.escape(term["term"])}" markdown>', "",
                    f"### {term['term']} {{#{term_anchor(term)} .kb-term}}", "",
                    " ".join(parts), ""]
            if term.get("obligations"):
                out += ["相关责任：" + "、".join(_ob_link(cat, o, here)
                                              for o in term["obligations"]) + "。",
                        f"{{: .kb-meta {NO_SEARCH} }}", ""]
            out += ["</div>", ""]
    out += ["</div>", ""]
    return "\n".join(out)


def documents_register(cat: Catalog, here: str) -> str:
    out = []
    for doc in cat.documents.values():
        out += [f"### 《{doc['title']}》 {{#{doc_anchor(doc['id'])}}}", "",
                "| 发布机关 | 年份 | 状态 |", "| --- | --- | --- |",
                f"| {_cell(doc['issuer'])} | {doc['year'] or '不详'} | {STATUS[doc['status']]} |",
                "", f"规范内容：{doc['governs']}", ""]
        if doc.get("note"):
            out += [f"说明：{doc['note']}", ""]
        panels = backlink_panels(cat, "document", doc, here, heading_level=0)
        out += [panels] if panels else []
    return "\n".join(out)


def named_formulas(cat: Catalog, here: str) -> str:
    """Formulas that sources name but do not spell out: recorded as such, never expanded."""
    out = ["| 提法 | 说明 | 相关责任 |", "| --- | --- | --- |"]
    for term in sorted(cat.glossary.values(), key=lambda t: t["term"]):
        if term.get("named_only"):
            obs = "、".join(_ob_link(cat, o, here) for o in term.get("obligations", []))
            note = term.get("note") or term["meaning"]
            out.append(f"| {term_link(here, term)} | {_cell(note)} | {obs} |")
    for ob in cat.obligations.values():
        if ob.get("named_only") and not any(t["term"] == ob["title"] for t in cat.glossary.values()
                                            if t.get("named_only")):
            out.append(f"| {_ob_link(cat, ob['id'], here)} | {_cell(ob['summary'])} | |")
    return "\n".join(out) + "\n"
