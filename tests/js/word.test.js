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
