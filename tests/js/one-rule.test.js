// One rule once: the draft's marks (【slot】, 〖fact〗), its title and signature sections and its
// format tag are written in one place for the page's scripts (kb-draft.js, the format in
// data/rules.yml), equal to what kb reads (macros/model/text.py, macros/outputs/wordplan.py,
// data/checker.yml), and no other script of the site keeps a copy. The limits of draft files
// and imports and the words of an import's refusal are data/rules.yml's only: neither the
// page's scripts nor kb's draft readers write a limit's number or a refusal's words again.
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

/* kb's modules that read drafts (the page's side is every script of scripts()). */
const KB_READERS = ["macros/checker", "macros/review", "macros/outputs/draftfile.py",
  "macros/model/rules.py"];
function kbReaders() {
  const out = {};
  const visit = (rel) => {
    const full = path.join(ROOT, rel);
    if (fs.statSync(full).isDirectory()) {
      fs.readdirSync(full).forEach((n) => { if (n.endsWith(".py") || !n.includes(".")) visit(path.join(rel, n)); });
    } else out[rel] = fs.readFileSync(full, "utf8");
  };
  KB_READERS.forEach(visit);
  return out;
}

/* The limits a copy would repeat: the byte and character limits of data/rules.yml (the small
   counts such as 100 sections are too common a number to scan for) and the binary share. */
function limits(rules) {
  const numbers = [rules.draft.max_bytes, rules.draft.max_paragraph_chars];
  for (const value of Object.values(rules.draft_files)) {
    if (typeof value === "number") numbers.push(value);
  }
  return numbers;
}
/* The size unit is not a limit: `MB = 1024 * 1024` (a line of its own) is allowed. */
const UNIT = /^\s*(var\s+)?MB\s*=\s*1024\s*\*\s*1024;?\s*(#.*|\/\/.*)?$/;
/* Products of literals (20 * 1024 * 1024, 65536, 0.01) on a line that equal a limit. */
function limitCopies(text, numbers) {
  const found = [];
  text.split("\n").forEach((line, i) => {
    if (UNIT.test(line)) return;
    for (const m of line.matchAll(/(?<![\w.])\d+(?:\.\d+)?(?:\s*\*\s*\d+(?:\.\d+)?)*(?![\w.])/g)) {
      const value = m[0].split("*").reduce((a, b) => a * Number(b.trim()), 1);
      if (numbers.includes(value)) found.push(`line ${i + 1}: ${m[0].trim()}`);
    }
  });
  return found;
}
/* The words of a refusal or an import's note (the parts of draft.refusals and draft.notes
   between their {places}, 6 characters or more), and a refusal or note written with its own
   text: beside its key, or a note pushed as a literal (the import's notes are the data's). */
function wordings(rules) {
  return [...Object.values(rules.draft.refusals), ...Object.values(rules.draft.notes)]
    .flatMap((t) => t.split(/\{[a-z]+\}| — /)).filter((part) => Array.from(part).length >= 6);
}
function ownRefusals(text, rules) {
  const keys = [...Object.keys(rules.draft.refusals), ...Object.keys(rules.draft.notes)].join("|");
  const page = new RegExp(`(?:refuse|problem)\\(\\s*(?:notes,\\s*)?["'](${keys})["']\\s*,\\s*["'\`]`, "g");
  const kb = new RegExp(`DraftError\\(\\s*f?["'][^\\n]*(?:\\n[^\\n]*){0,3}?["'],\\s*["'](${keys})["']\\s*\\)`, "g");
  const note = /notes\.(?:push|append)\(\s*f?["'`][^"'`]*[\u4e00-\u9fff]|notes\.(?:push|append)\(\s*f?["'][^"'\n]*(?:removed|ignored|unknown|twice)/g;
  return [...text.matchAll(page), ...text.matchAll(kb), ...text.matchAll(note)]
    .map((m) => m[0].slice(0, 60));
}
function copiesOfFileRules(files, rules) {
  const numbers = limits(rules), words = wordings(rules), found = [];
  for (const [file, text] of Object.entries(files)) {
    limitCopies(text, numbers).forEach((hit) => found.push(`${file}: a limit of data/rules.yml (${hit})`));
    words.filter((w) => text.includes(w)).forEach((w) => found.push(`${file}: the words "${w}"`));
    ownRefusals(text, rules).forEach((hit) => found.push(`${file}: a refusal's own text (${hit})`));
  }
  return found;
}

test("the draft files' limits and the import refusals' words are data/rules.yml's only", () => {
  const rules = data("rules");
  assert.deepEqual(copiesOfFileRules({ ...scripts(), ...kbReaders() }, rules), []);
  assert.ok(Object.keys(kbReaders()).includes(path.join("macros", "checker", "drafts.py")));
});

test("the scan finds a planted copy of a limit or of a refusal on either side", () => {
  const rules = data("rules");
  const planted = [
    "var LIMITS = { text: 1024 * 1024, docx: 20 * 1024 * 1024 };",
    "MAX_DOCUMENT_XML = 16 * 1024 * 1024         # word/document.xml",
    "    var n = Math.min(bytes.length, 65536), bad = 0;",
    "    return n > 0 && bad > 0.01 * n;",
    "if (p.length > 20000) refuse(\"paragraph_too_long\", { id: id });",
    `refuse("too_big", "文件超过1024KB，不是本站导出的草稿");`,
    `refuse("not_json", "the file is not JSON — export it again");`,
    `        raise DraftError(f"{name}:1: the draft is larger than {limit // 1024} kB — "\n` +
      `                         f"{EXPORT_HINT}", "too_big")`,
    `x = "${Object.values(rules.draft.refusals)[0].split(" — ")[1]}"`,
    `      notes.push("忽略了模板中没有的章节 " + quoted(s.id));`,
    `            notes.append(f"{where}: removed {removed} control character(s) from section "`,
    `    problem(notes, "bad_value", "槽位的值不对 — 改正");`,
    `y = "${Object.values(rules.draft.notes)[0].split(" — ")[0].split("{")[0]}"`,
  ];
  const found = planted.map((line) => copiesOfFileRules({ "x.js": line }, rules).length > 0);
  assert.deepEqual(found, planted.map(() => true));
  assert.deepEqual(copiesOfFileRules({ "x.js": "var MB = 1024 * 1024;\nrefuse(\"too_big\", { kb: 1 });" }, rules), []);
});
