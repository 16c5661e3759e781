// Every script of the site registers itself on one namespace, window.kb, and adds no other
// global; each loads where its page loads it (macros/site/page_scripts.py, overrides/).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const vm = require("node:vm");
const path = require("node:path");
const { ROOT, ASSETS, page } = require("./helpers.js");

const WORKBENCH = ["kb-clipboard.js", "kb-draft.js", "kb-compose.js", "kb-editor.js", "kb.js",
  "kb-word.js"];

test("the workbench's scripts add window.kb and nothing else", () => {
  const p = page(WORKBENCH);
  assert.deepEqual(p.added, ["kb"]);
  assert.deepEqual(Object.keys(p.window.kb).sort(),
    ["compose", "copyText", "draft", "editor", "word", "workbench"]);
  assert.equal(typeof p.window.kb.draft.fill, "function");
  assert.equal(typeof p.window.kb.word.buildDocx, "function");
  assert.equal(typeof p.window.kb.editor.attach, "function");
});

test("the browsing helpers, the checker and the review desk join the same namespace", () => {
  const p = page(["kb-clipboard.js", "kb-browse.js", "checker.js", "kb-draft.js", "kb-word.js",
    "review.js"]);
  assert.deepEqual(p.added, ["kb"]);
  for (const name of ["browse", "checker", "review", "word", "draft", "copyText"]) {
    assert.ok(p.window.kb[name], `kb.${name} is missing`);
  }
});

test("the search box's helper and the review table's sorter add no global at all", () => {
  const p = page([]);
  p.window.HTMLTableElement = class {};            /* the sorter looks for its table */
  const before = new Set(Object.keys(p.window));
  const context = vm.createContext(p.window);
  vm.runInContext(fs.readFileSync(`${ASSETS}/kb-search.js`, "utf8"), context);
  vm.runInContext(fs.readFileSync(path.join(ROOT, "macros", "review", "assets", "review-sort.js"),
    "utf8"), context);
  assert.deepEqual(Object.keys(p.window).filter((k) => !before.has(k)), []);
  assert.ok(p.listeners.some(([type]) => type === "input"), "kb-search.js listens for input");
});

test("a stub set before the scripts is kept (a page may provide kb.word itself)", () => {
  const p = page([]);
  const stub = { buildDocx: () => "stub" };
  p.window.kb = { word: stub };
  vm.runInContext(fs.readFileSync(`${ASSETS}/kb-draft.js`, "utf8"), vm.createContext(p.window));
  assert.equal(p.window.kb.word, stub);
  assert.equal(typeof p.window.kb.draft.fill, "function");
});

test("the workbench waits for the page instead of running at load", () => {
  const p = page(WORKBENCH);
  assert.ok(p.listeners.some(([type]) => type === "DOMContentLoaded"));
});
