// kb-compose.js: the first draft, 换一段 and the example facts 〖…〗 (pure functions).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { asset } = require("./helpers.js");

const C = asset("kb-compose.js");
const SEC = {
  id: "yi", heading: "一、做法", skeleton: ["召开会议【次数】次。"], obligations: ["a", "b"],
  examples: [
    { id: "all", unit_type: "通用", text: "全年研判【研判次数】次。" },
    { id: "ju-old", unit_type: "局党组", text: "局党组2025年〖召开会议3次〗。", obligations: ["a", "b"] },
    { id: "ju", unit_type: "局党组", text: "局党组〖召开会议5次〗。", obligations: ["a"] },
    { id: "zhen", unit_type: "乡镇党委", text: "镇党委〖全年研判4次〗。" },
  ],
};

test("fitting: the unit's own type first, examples naming another year later, then 通用", () => {
  assert.deepEqual(C.fitting(SEC, "局党组", "2026").map((e) => e.id), ["ju", "ju-old", "all"]);
  assert.deepEqual(C.fitting(SEC, "局党组", "2025").map((e) => e.id), ["ju-old", "ju", "all"]);
  assert.deepEqual(C.fitting(SEC, "村党组织", "2026").map((e) => e.id), ["all"]);
});

test("firstDraft puts the best example in place of the framework's prose", () => {
  const d = C.firstDraft({ sections: [SEC, { id: "er", skeleton: ["问题。"] }] }, "乡镇党委", "2026");
  assert.deepEqual(d.sections[0], { id: "yi", dropped: false, example: "zhen",
    paragraphs: ["镇党委〖全年研判4次〗。"] });     // no duty of the framework is left uncovered
  assert.deepEqual(d.sections[1], { id: "er", dropped: false, paragraphs: ["问题。"] });
});

test("nextExample replaces an untouched example and keeps an edited one", () => {
  const state = { example: "ju", paragraphs: ["局党组〖召开会议5次〗。", "召开会议【次数】次。"] };
  const next = C.nextExample(SEC, state, "局党组", "2026");
  assert.equal(next.example.id, "ju-old");
  assert.deepEqual([next.index, next.replace], [0, true]);
  const edited = { example: "ju", paragraphs: ["局党组召开会议6次。"] };
  assert.deepEqual([C.nextExample(SEC, edited, "局党组", "2026").replace], [false]);
  assert.equal(C.nextExample({ examples: [] }, state, "局党组", "2026"), null);
});

test("facts are found, confirmed one at a time, and settled when rewritten", () => {
  const text = "〖全年研判4次〗，〖处置舆情2起〗。";
  assert.deepEqual(C.facts(text).map((f) => f.inner), ["全年研判4次", "处置舆情2起"]);
  assert.equal(C.confirmFact(text, 1), "〖全年研判4次〗，处置舆情2起。");
  assert.equal(C.confirmFact(text, 5), text);
  const known = C.exampleFacts({ sections: [SEC] });
  assert.ok(known["全年研判4次"] && !known["处置舆情2起"]);
  assert.equal(C.settleFacts(text, known), "〖全年研判4次〗，处置舆情2起。");
});
