// review.js's draft of a report for the Word plan (annotate.py _draft_of alike; the whole
// desk is held to `kb review` by tests/test_review_conformance.py).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { asset, data } = require("./helpers.js");

const R = asset("review.js");
const CHECKER = data("checker");
const REPORT = ["某局党组2026年意识形态工作责任制落实情况的报告", "",
  "一、主要做法", "全年专题研究意识形态工作4次。", "（一）学习教育", "开展集中学习6次。",
  "某局党组", "2026年12月7日"];

test("a report becomes title, numbered sections and signature, with kb.draft's section names", () => {
  const d = R.draftOf(REPORT, "报告", CHECKER);
  assert.deepEqual(d.sections.map((s) => [s.level, s.heading]), [
    [0, "标题"], [0, "正文"], [1, "一、主要做法"], [2, "（一）学习教育"], [0, "落款"]]);
  assert.deepEqual(d.sections[4].paragraphs, ["某局党组", "2026年12月7日"]);
  assert.equal(d.format, undefined, "the desk's draft is never exported: no format tag");
});

test("a top-level heading is what the checker data's level1 says", () => {
  const other = { ...CHECKER, level1: "^第[一二三四五六七八九十]+部分" };
  const d = R.draftOf(["标题", "第一部分 做法", "一、主要做法", "正文。"], "报告", other);
  assert.deepEqual(d.sections.filter((s) => s.level === 1).map((s) => s.heading), ["第一部分做法"]);
});
