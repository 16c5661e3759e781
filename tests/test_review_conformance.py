"""The review desk's two engines — Python (kb review) and JavaScript (the 审阅台 page, run
under node) — give identical JSON: the copy specification on hand-made cases, and a whole
batch (checker result, year, copy shares and passages, suggested score, CSV row)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from macros.checker.drafts import read_draft
from macros.checker.engine import checker_data
from macros.checks.loader import load_cached
from macros.review.annotate import _draft_of, flags
from macros.review.batch import review_folder
from macros.review.copying import Index, Prepared, compare
from macros.review.scoring import score_report
from macros.review.sources import review_data
from macros.review.tables import summary_row

from .conftest import ROOT
from .node import ASSETS, node_json

CASES = ROOT / "tests" / "review_cases"
REAL = ROOT / "tests" / "eval" / "real"

HARNESS = r"""
const checker = require(process.argv[1]);
const review = require(process.argv[2]);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => { input += c; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const r = job.review;
  const pairs = job.pairs.map((p) => {
    const index = new review.Index(r.shingle);
    index.add("b", review.prepare(p.b, p.formulas, r.masks, r));
    return review.compare(review.prepare(p.a, p.formulas, r.masks, r), index);
  });
  const ctx = review.context(checker, job.data, r);
  const rows = review.reviewAll(ctx, job.reports, job.previous);
  rows.forEach((row) => { if (!row.error) row.score = review.score(r.rules[0], row, job.data); });
  const csv = rows.map(review.summaryRow);
  const flags = rows.map((row) => row.error ? null : review.flags(r.notes, row));
  const drafts = rows.map((row) => row.error ? null : review.draftOf(row.lines, row.file.replace(/\.[^.]*$/, ""), job.data));
  process.stdout.write(JSON.stringify({ pairs: pairs, rows: rows, csv: csv, flags: flags, drafts: drafts }));
});
"""

PAIRS = [
    (["全年召开党组会议专题研究意识形态工作4次，开展形势分析研判2次。"],
     ["全年召开党组会议专题研究意识形态工作6次，开展形势分析研判3次。"], []),
    (["抓意识形态工作是本职、不抓是失职、抓不好是渎职。局党组结合窗口服务实际逐条抓好落实。"],
     ["抓意识形态工作是本职、不抓是失职、抓不好是渎职。街道党工委把社区阵地巡查列入年度计划。"],
     ["抓意识形态工作是本职、不抓是失职、抓不好是渎职"]),
    (["一、主要做法", "认真学习《党委（党组）意识形态工作责任制实施办法》，𠮷逐条对照检查落实【单位名称】的责任清单。"],
     ["二、主要做法", "组织学习《党委（党组）意识形态工作责任制实施办法》，逐条对照检查落实本单位的责任清单。"], []),
    (["ABC公司党支部全年开展主题党日12次，支部书记讲党课2次。", "短行", "镇政府公众号发布信息前执行三级审核。"],
     ["abc公司党支部全年开展主题党日10次，支部书记讲党课1次。镇政府公众号发布信息前执行三级审核。"], []),
    (["某县卫生健康局党组2026年意识形态工作情况报告", "县委宣传部：",
      "根据县委部署，现将有关情况报告如下。局党组全年召开党组会议专题研究意识形态工作4次。",
      "（一）压实主体责任。局党组全年召开党组会议专题研究意识形态工作4次。",
      "某县卫生健康局党组", "2026年12月5日"],
     ["某县卫生健康局党组2025年意识形态工作情况报告", "县委宣传部：",
      "按照通知要求，现将有关情况报告如下。局党组全年召开党组会议专题研究意识形态工作6次，",
      "（一）压实主体责任。局党组全年召开党组会议研究意识形态工作4次。",
      "某县卫生健康局党组", "2025年12月5日"], ["现将有关情况报告如下"]),
]


def _rows_for_compare(rows):
    keep = ("file", "error", "genre", "genre_title", "year", "year_from", "covered", "missing",
            "findings", "summary", "copy", "score")
    return [{k: r.get(k) for k in keep if k in r or k in ("file", "error")} for r in rows]


def test_python_and_javascript_review_agree(tmp_path):
    cat = load_cached(ROOT)
    data = checker_data(cat)
    rdata = json.loads(json.dumps(review_data(cat), ensure_ascii=False))
    reports, previous = tmp_path / "in", tmp_path / "prev"
    reports.mkdir()
    previous.mkdir()
    for name in ("zhen.txt", "unit-a.txt", "unit-b.txt", "hostile.txt", "hand-shichang.txt"):
        shutil.copy(CASES / name, reports / name)
    for name in ("r26.txt", "r27.txt", "r45.txt", "r46.txt", "r49.txt"):
        shutil.copy(REAL / name, reports / name)
    shutil.copy(CASES / "previous-zhen.txt", previous / "zhen.txt")
    (reports / "binary.txt").write_bytes(bytes(range(256)) * 8)

    rows = review_folder(cat, reports, previous)
    for row in rows:
        if not row["error"]:
            row["score"] = score_report(rdata["rules"][0], row, data)
    job_reports = []
    for path in sorted(reports.iterdir()):
        row = next(r for r in rows if r["file"] == path.name)
        job_reports.append({"name": path.name, "error": row["error"]} if row["error"]
                           else {"name": path.name, "lines": read_draft(path, data)})
    job = {"data": data, "review": rdata, "reports": job_reports,
           "previous": {"zhen.txt": {"name": "zhen.txt",
                                     "lines": read_draft(previous / "zhen.txt", data)}},
           "pairs": [{"a": a, "b": b, "formulas": f} for a, b, f in PAIRS]}
    js = node_json(HARNESS, job, ASSETS / "checker.js", ASSETS / "review.js")

    def py_pair(a, b, f):
        index = Index()
        index.add("b", Prepared(b, f))
        return compare(Prepared(a, f), index)

    expected = [py_pair(a, b, f) for a, b, f in PAIRS]
    assert js["pairs"] == json.loads(json.dumps(expected, ensure_ascii=False))
    assert [p["share"] for p in expected][:2] == [100, 0]
    py_rows = json.loads(json.dumps(_rows_for_compare(rows), ensure_ascii=False))
    js_rows = _rows_for_compare(js["rows"])
    for py, got in zip(py_rows, js_rows, strict=True):
        assert got == py, py["file"]
    py_csv = [{k: ("" if v == "" else v) for k, v in summary_row(r).items() if k != "annotated"}
              for r in rows]
    assert js["csv"] == json.loads(json.dumps(py_csv, ensure_ascii=False))
    notes = rdata["notes"]
    py_flags = [None if r["error"] else flags(notes, r) for r in rows]
    assert js["flags"] == json.loads(json.dumps(py_flags, ensure_ascii=False))
    py_drafts = [None if r["error"] else _draft_of(r["lines"], Path(r["file"]).stem, notes["level1"])
                 for r in rows]
    assert js["drafts"] == json.loads(json.dumps(py_drafts, ensure_ascii=False))
    assert sum(len(f or []) for f in py_flags) > 20
    assert any((r.get("copy") or {}).get("previous") and r["copy"]["previous"]["share"] >= 95
               for r in rows)


def test_review_data_ships_sources_and_rules():
    cat = load_cached(ROOT)
    data = review_data(cat)
    assert data["shingle"] == 12 and data["formulas"]
    assert any(name.startswith("知识库示例：") for name, _ in data["sources"])
    assert any(name.startswith("知识库完整示例：") for name, _ in data["sources"])
    assert not [n for n, _ in data["sources"] if "ex-" in n]       # named for readers, no ids
    assert data["rules"][0]["sample"] is True
    assert Path(ROOT / "docs" / "assets" / "review.js").is_file()
