"""The batch's results as files a 宣传部 opens: summary.csv (UTF-8 with BOM, for WPS and
Excel) and index.html (the same table, sortable by a small script beside it, each report's
details below it). Every text from a report is escaped."""

from __future__ import annotations

import csv
import html
import shutil
from pathlib import Path

COLUMNS = ["file", "genre", "year", "evidenced", "missing", "findings", "copy_previous",
           "copy_units", "copy_examples", "score", "error", "missing_duties", "finding_kinds",
           "annotated"]
HEADERS = {"file": "文件", "genre": "报告类型", "year": "年度", "evidenced": "已体现",
           "missing": "未见", "findings": "需修改", "copy_previous": "同上年%",
           "copy_units": "同他单位%", "copy_examples": "同知识库%", "score": "建议得分",
           "error": "错误", "missing_duties": "未见的责任", "finding_kinds": "需修改的种类",
           "annotated": "批注版"}
ASSETS = Path(__file__).resolve().parent / "assets"
# Only the two files beside the page: no inline script or style, nothing from elsewhere.
CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'"


def _share(row: dict, kind: str):
    res = (row.get("copy") or {}).get(kind)
    return "" if not res or res.get("share") is None else res["share"]


def summary_row(row: dict) -> dict:
    """The CSV columns of one reviewed report."""
    if row.get("error"):
        return {**dict.fromkeys(COLUMNS, ""), "file": row["file"], "error": row["error"]}
    kinds: dict[str, int] = {}
    for f in row["findings"]:
        kinds[f["label"]] = kinds.get(f["label"], 0) + 1
    score = row.get("score")
    return {"file": row["file"], "genre": row.get("genre_title") or "未能确定",
            "year": row.get("year") or "", "evidenced": row["summary"]["evidenced"],
            "missing": len(row["missing"]), "findings": len(row["findings"]),
            "copy_previous": _share(row, "previous"), "copy_units": _share(row, "units"),
            "copy_examples": _share(row, "examples"),
            "score": "" if not score else f"{score['total']:g}", "error": "",
            "missing_duties": "；".join(m["title"] for m in row["missing"]),
            "finding_kinds": "；".join(f"{k}{v}处" for k, v in kinds.items()),
            "annotated": row.get("annotated", "")}


def write_csv(rows: list[dict], out: Path) -> None:
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(summary_row(row))


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _quote(covered: dict) -> str:
    """'：the sentence' that evidences a duty (its first evidence when the shortest was
    already quoted for another duty), or nothing."""
    quote = covered.get("quote") or next(iter(covered.get("evidence") or []), "")
    return f"：{_e(quote)}" if quote else ""


def _details(n: int, row: dict) -> str:
    parts = [f'<section id="r{n}"><h2>{_e(row["file"])}</h2>']
    if row.get("error"):
        return parts[0] + f'<p class="error">无法读取：{_e(row["error"])}</p></section>'
    parts.append(f"<p>报告类型：{_e(row.get('genre_title') or '未能确定')}（"
                 f"{_e(row.get('genre_reason', ''))}）；年度：{_e(row.get('year') or '未写明')}"
                 + (f"（据{_e(row['year_from'])}）" if row.get("year_from") else "") + "</p>")
    if row.get("annotated"):
        parts.append(f'<p><a href="{_e(row["annotated"])}">批注版 Word</a></p>')
    if row["missing"]:
        parts.append("<h3>未见的责任</h3><ul>" + "".join(
            f'<li data-duty="{_e(m["id"])}">{_e(m["title"])}</li>' for m in row["missing"])
            + "</ul>")
    if row["findings"]:
        parts.append("<h3>需修改</h3><ul>" + "".join(
            f"<li>第{f['line']}行 {_e(f['label'])}：{_e(f['text'])}</li>"
            for f in row["findings"]) + "</ul>")
    if row["covered"]:
        parts.append("<h3>已体现</h3><ul>" + "".join(
            f'<li data-duty="{_e(c["id"])}">{"✓" if c["status"] == "evidenced" else "△"} '
            f"{_e(c['title'])}{_quote(c)}</li>" for c in row["covered"]) + "</ul>")
    for kind, what in (("previous", "与上年报告相同"), ("units", "与其他单位相同"),
                       ("examples", "与知识库相同")):
        res = (row.get("copy") or {}).get(kind)
        if not res:
            continue
        if not res.get("passages"):
            parts.append(f"<p>{what}：{_e(res.get('share'))}%</p>")
            continue
        parts.append(f"<h3>{what}：{_e(res.get('share'))}%</h3><ul>" + "".join(
            f"<li>第{p['line']}行（{_e(p['source'])}）：{_e(p['text'])}</li>"
            for p in res.get("passages", [])) + "</ul>")
    score = row.get("score")
    if score:
        parts.append(f"<h3>建议得分：{score['total']:g}/{score['out_of']:g}"
                     f"（{_e(score['title'])}{'，示例细则' if score['sample'] else ''}）</h3>"
                     "<table><thead><tr><th>项目</th><th>分值</th><th>建议</th><th>依据</th>"
                     "</tr></thead><tbody>")
        for item in score["items"]:
            why = "；".join(f"{e['what']}（{e['points']:g}分）：{e['quote']}"
                           for e in item["earned"])
            why += "".join(f"；扣{d['points']:g}分：{d['why']}（{d['detail']}）"
                           for d in item["deducted"])
            parts.append(f"<tr><td>{_e(item['title'])}</td><td>{item['points']:g}</td>"
                         f"<td>{item['suggested']:g}</td><td>{_e(why)}</td></tr>")
        parts.append("</tbody></table><p>建议得分仅供参考，由考核组认定。</p>")
    return "".join(parts) + "</section>"


def write_html(rows: list[dict], out: Path, title: str = "审阅结果") -> None:
    """index.html with review.css and review-sort.js beside it (no inline script or style)."""
    head = "".join(f'<th data-col="{i}" aria-sort="none"><button type="button">'
                   f"{_e(HEADERS[c])}</button></th>" for i, c in enumerate(COLUMNS[:10]))
    body = []
    for n, row in enumerate(rows, start=1):
        cells = summary_row(row)
        tds = [f'<td><a href="#r{n}">{_e(cells["file"])}</a></td>']
        for c in COLUMNS[1:10]:
            value = cells[c]
            shown = value if value != "" else ("读取失败" if c == "genre" and row.get("error")
                                               else "")
            tds.append(f'<td data-value="{_e(value)}">{_e(shown)}</td>')
        mark = ' class="error"' if row.get("error") else ""
        body.append(f"<tr{mark}>{''.join(tds)}</tr>")
    page = ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f"<title>{_e(title)}</title><link rel=\"stylesheet\" href=\"review.css\">"
            "<script src=\"review-sort.js\" defer></script></head><body>"
            f"<h1>{_e(title)}</h1><p>共{len(rows)}份报告；点击表头排序。各项为检查提示，"
            "由审阅人核实认定。</p>"
            f'<div class="scroll"><table id="summary"><thead><tr>{head}</tr></thead><tbody>'
            f'{"".join(body)}</tbody></table></div>'
            + "".join(_details(n, r) for n, r in enumerate(rows, 1))
            + "</body></html>\n")
    Path(out).write_text(page, encoding="utf-8")
    for asset in ("review.css", "review-sort.js"):
        shutil.copyfile(ASSETS / asset, Path(out).parent / asset)
