// One rule once: the draft's marks (【slot】, 〖fact〗), its title and signature sections and its
// format tag are written in one place for the page's scripts (kb-draft.js, the format in
// data/rules.yml), equal to what kb reads (macros/model/text.py, macros/outputs/wordplan.py,
// data/checker.yml), and no other script of the site keeps a copy.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { ROOT, ASSETS, asset, data } = require("./helpers.js");

const VENV_PY = path.join(ROOT, ".venv", "bin", "python");
const PY = process.env.KB_PYTHON || (fs.existsSync(VENV_PY) ? VENV_PY : "python3");

/** What kb itself reads: the Python constants of the same rules. */
function python() {
  const code = [
    "import json",
    "from macros.model.text import SLOT",
    "from macros.outputs import wordplan as w",
    "print(json.dumps({'slot': SLOT.pattern, 'fact': w.FACT.pattern,",
    "                  'title': list(w.TITLE_HEADINGS), 'signature': list(w.SIGNATURE_HEADINGS)}))",
  ].join("\n");
  return JSON.parse(execFileSync(PY, ["-c", code], { cwd: ROOT, encoding: "utf8" }));
}

/* A copy of a rule as a script would write it, and how many lines kb-draft.js may have. */
const COPIES = [
  ["the slot pattern", /【\(?\[\^【】/, 1],
  ["the fact pattern", /〖\(?\[\^〖〗/, 1],
  ["the draft format", /["'`]kb-draft\/\d/, 0],
  ["a section name of the Word plan", /heading\W{0,4}["'](标题|落款)["']|\[\s*["'](标题|落款)["']\s*\]/i, 2],
];
const MODEL = path.join("docs", "assets", "kb-draft.js");

/** The site's own scripts (not the vendored libraries), path → text. */
function scripts() {
  const out = {};
  for (const dir of [ASSETS, path.join(ROOT, "macros", "review", "assets")]) {
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".js"))) {
      out[path.relative(ROOT, path.join(dir, name))] = fs.readFileSync(path.join(dir, name), "utf8");
    }
  }
  return out;
}

test("the page's draft model holds the rules kb reads", () => {
  const D = asset("kb-draft.js"), py = python();
  assert.equal(D.SLOT.source, py.slot);
  assert.equal(D.FACT.source, py.fact);
  assert.deepEqual([D.TITLE_HEADING], py.title);
  assert.deepEqual([D.SIGNATURE_HEADING], py.signature);
  /* the format tag has no constant on either side: both read data/rules.yml draft.format */
  assert.equal(typeof data("rules").draft.format, "string");
  /* the checkers' unconfirmed-fact pattern (data/checker.yml) is the same pattern */
  assert.equal(new RegExp(data("checker").placeholders.fact, "u").source, D.FACT.source);
  /* the checker's slot (data/checker.yml) is the same pattern without its group */
  assert.equal(new RegExp(data("checker").slot, "u").source, D.SLOT.source.replace(/[()]/g, ""));
});

test("no other script of the site writes the draft's rules again", () => {
  const found = [];
  for (const [file, text] of Object.entries(scripts())) {
    for (const [what, pattern, inModel] of COPIES) {
      const hits = text.split("\n").filter((line) => pattern.test(line)).length;
      const allowed = file === MODEL ? inModel : 0;
      if (hits > allowed) found.push(`${file}: ${what} (${hits}×) — take it from kb.draft`);
    }
  }
  assert.deepEqual(found, []);
});

test("the scan finds a copy where one is written", () => {
  const copies = ['var SLOT = /【([^【】\\n]{1,30})】/g;', 'var MARKED = /〖([^〖〗\\n]{1,200})〗/g;',
    'return { format: "kb-draft/1" };', 'sections.push({ heading: "落款" });',
    'var TITLE_HEADINGS = ["标题"];'];
  assert.deepEqual(copies.map((line) => COPIES.some(([, p]) => p.test(line))), copies.map(() => true));
});
