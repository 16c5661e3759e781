// Shared by the node unit tests (node --test tests/js/): the site's scripts, the project's
// YAML data as JSON (read by the project's own Python, which has PyYAML), and a page-like
// sandbox to load the scripts as the browser does.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { execFileSync } = require("node:child_process");

const ROOT = path.join(__dirname, "..", "..");
const ASSETS = path.join(ROOT, "docs", "assets");

function asset(name) { return require(path.join(ASSETS, name)); }

/* The project's Python (it has PyYAML): $KB_PYTHON (set by tests/test_js_units.py), else .venv. */
const VENV_PY = path.join(ROOT, ".venv", "bin", "python");
const PY = process.env.KB_PYTHON || (fs.existsSync(VENV_PY) ? VENV_PY : "python3");

/** data/NAME.yml as a plain object. */
function data(name) {
  const code = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))";
  return JSON.parse(execFileSync(PY, ["-c", code, path.join(ROOT, "data", name + ".yml")],
    { encoding: "utf8" }));
}

/** A page-like global object with the given scripts run in it, in order, as classic scripts. */
function page(scripts) {
  const listeners = [];
  const doc = {
    readyState: "complete",
    addEventListener: (type, fn) => listeners.push([type, fn]),
    getElementById: () => null,
    querySelector: () => null,
    querySelectorAll: () => [],
    baseURI: "file:///site/templates/x/",
    currentScript: null,
  };
  const win = { document: doc, location: { href: "file:///site/templates/x/" },
    navigator: {}, setTimeout, clearTimeout, console, Promise, URL, TextEncoder };
  win.window = win;
  win.self = win;
  const context = vm.createContext(win);
  const before = new Set(Object.keys(win));
  for (const name of scripts) {
    const file = path.join(ASSETS, name);
    vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  }
  return { window: win, added: Object.keys(win).filter((k) => !before.has(k)), listeners };
}

module.exports = { ROOT, ASSETS, asset, data, page };
