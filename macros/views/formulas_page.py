"""The page of current and outdated formulas by report year, generated from the records:
avoid entries that carry ``from: YEAR`` and documents issued in recent years."""

from __future__ import annotations

from macros.model.catalog import Catalog

RECENT_YEARS = 3


def _cell(text) -> str:
    return str(text or "").replace("|", "｜").replace("\n", " ")


def formula_years(cat: Catalog, here: str = "") -> str:
    """Tables: formulas outdated from a given report year (with what to write now), and
    documents issued in the last few years."""
    dated = sorted((p for p in cat.phrases.values() if p.get("avoid") and p.get("from")),
                   key=lambda p: (-int(p["from"]), p["text"]))
    out = ["## 按报告年度：已过时的提法和现行写法", "",
           "报告年度在“自哪一年起”之后的，草稿检查会把左列提法标为过时，并给出现行写法。", "",
           "| 自哪一年起 | 已过时的提法 | 现行写法 | 说明 |", "| --- | --- | --- | --- |"]
    for p in dated:
        out.append(f"| {p['from']}年 | {_cell(p['text'])} | {_cell(p.get('prefer'))} | "
                   f"{_cell(p.get('note'))} |")
    latest = max((int(p["from"]) for p in dated), default=0)
    since = latest - RECENT_YEARS
    docs = sorted((d for d in cat.documents.values()
                   if (year := d.get("year")) and year >= since),
                  key=lambda d: -(d["year"] or 0))
    out += ["", "## 近年印发、报告中应当体现的文件", ""]
    if docs:
        out += ["| 年份 | 文件 | 发布机关 | 规范内容 |", "| --- | --- | --- | --- |"]
        out += [f"| {d['year']} | 《{_cell(d['title'])}》 | {_cell(d['issuer'])} | "
                f"{_cell(d['governs'])} |" for d in docs]
    else:
        out.append("近年没有登记新文件。")
    return "\n".join(out) + "\n"
