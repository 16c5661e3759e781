// kb-draft.js: the draft model with the project's own rules (data/rules.yml). The value
// rules are held to `kb fill` by tests/rules_cases.yml (tests/test_rules.py); these are the
// model's other duties.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { asset, data } = require("./helpers.js");

const D = asset("kb-draft.js");
D.useRules(data("rules"));
const TPL = {
  template: "t", title: "某报告",
  sections: [
    { id: "biaoti", level: 0, heading: "标题", skeleton: ["【单位名称】【报告年度】年报告"] },
    { id: "yi", level: 1, heading: "一、做法", skeleton: ["召开会议【次数】次。"] },
  ],
  slots: [{ name: "单位名称", type: "text" }, { name: "报告年度", type: "year" },
    { name: "次数", type: "count" }],
};

test("fill leaves an unknown or empty slot as it is", () => {
  assert.equal(D.fill("【单位名称】召开会议【次数】次", { 单位名称: "某局党组", 次数: "" }),
    "某局党组召开会议【次数】次");
});

test("reconcile keeps stored sections and starts new ones from the skeleton", () => {
  const got = D.reconcile(TPL, { sections: [{ id: "yi", dropped: true, paragraphs: ["改写。", 3] },
    { id: "gone", paragraphs: ["x"] }] });
  assert.deepEqual(got.sections, [
    { id: "biaoti", dropped: false, paragraphs: ["【单位名称】【报告年度】年报告"] },
    { id: "yi", dropped: true, paragraphs: ["改写。"] }]);
});

test("the title takes the usable values only; the file name drops unfilled slots", () => {
  const values = D.usable(TPL, { 单位名称: "某局党组", 报告年度: "26", 次数: "4" });
  assert.deepEqual(values, { 单位名称: "某局党组", 次数: "4" });
  const title = D.title(TPL, D.reconcile(TPL, null), values);
  assert.equal(title, "某局党组【报告年度】年报告");
  assert.equal(D.fileName(title), "某局党组年报告.docx");
  assert.equal(D.fileName("【单位名称】"), data("rules").file_name.fallback + ".docx");
});

test("an import of another format is refused with its reason", () => {
  assert.throws(() => D.imported(TPL, JSON.stringify({ format: "other" })), /kb-draft\/1/);
  assert.throws(() => D.imported(TPL, "{"), (err) => err instanceof Error && err.message.length > 0);
});

test("an import's refusal is worded by data/rules.yml, its places filled in", () => {
  const spec = data("rules");
  const moved = JSON.parse(JSON.stringify(spec));
  moved.draft.refusals.not_draft = "没有{format}这个标记 — 重新导出";
  moved.draft.refusals.too_many_sections = "章节多于{n}个 — 删减章节";
  moved.draft.max_sections = 1;
  try {
    D.useRules(moved);
    assert.throws(() => D.imported(TPL, JSON.stringify({ format: "x" })),
      { message: "没有" + spec.draft.format + "这个标记 — 重新导出" });
    const two = { format: spec.draft.format, sections: [{ id: "yi" }, { id: "biaoti" }] };
    assert.throws(() => D.imported(TPL, JSON.stringify(two)), { message: "章节多于1个 — 删减章节" });
  } finally { D.useRules(spec); }
});
