// kb-word.js with the project's layout (data/layout.yml): the title's line breaks. The whole
// Word plan is held to `kb fill --draft` by tests/test_word_parity.py.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { asset, data } = require("./helpers.js");

const W = asset("kb-word.js");
const LAYOUT = data("layout");

test("a title that fits stays one line", () => {
  assert.deepEqual(W.titleLines("某局党组工作报告", LAYOUT), ["某局党组工作报告"]);
});

test("a long title breaks into lines that fit, never inside a slot", () => {
  const limit = W.geometry(LAYOUT).title_chars;
  const title = "【单位名称】关于" + "意识形态工作责任制落实情况".repeat(3) + "的报告";
  const lines = W.titleLines(title, LAYOUT);
  assert.ok(lines.length > 1);
  assert.equal(lines.join(""), title);
  assert.ok(lines.every((l) => Array.from(l).length <= limit), lines.join(" | "));
  assert.ok(lines.some((l) => l.includes("【单位名称】")), "the slot is kept whole");
});

test("the plan marks unfilled slots and example facts, with kb.draft's marks and sections", () => {
  const draft = { title: "【单位名称】报告", values: { 报告年度: "2026" }, sections: [
    { id: "t", level: 0, heading: "标题", paragraphs: ["【单位名称】关于【报告年度】年的报告"] },
    { id: "a", level: 1, heading: "一、做法", paragraphs: ["全年培训〖120人次〗，【未填】。"] },
    { id: "z", level: 0, heading: "落款", paragraphs: ["【单位名称】", "2026年12月7日"] }] };
  const p = W.plan(draft, LAYOUT);
  const runs = p.paragraphs.flatMap((para) => para.runs);
  const marked = runs.filter((r) => r.highlight).map((r) => r.text);
  assert.deepEqual(marked, ["【单位名称】", "〖120人次〗", "【未填】", "【单位名称】"]);
  assert.equal(p.paragraphs[0].align, "center", "标题 is the title, centred");
  assert.ok(runs.some((r) => r.text === "关于2026年的报告"), "a filled slot is plain text");
  assert.equal(p.paragraphs[p.paragraphs.length - 1].align, "right", "落款 is the signature");
});

test("the geometry has no grid pitch or footer distance where the layout sets none", () => {
  const plain = { ...LAYOUT, grid: null, page_number: { ...LAYOUT.page_number, below_text_mm: null } };
  const geo = W.geometry(plain);
  assert.equal(geo.char_space, null);
  assert.equal(geo.footer, null);
  assert.ok(Number.isInteger(W.geometry(LAYOUT).char_space) && Number.isInteger(W.geometry(LAYOUT).footer));
});
