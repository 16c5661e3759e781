// node tests/js/rules.js < {"spec", "data", "values", "file_names", "imports"} (JSON)
// Runs the conformance cases of tests/rules_cases.yml through docs/assets/kb-draft.js, as the
// page does, and prints what it gave: [value, key], names, and [key, notes, message] per import.
const path = require("path");
const D = require(path.join(__dirname, "..", "..", "docs", "assets", "kb-draft.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  D.useRules(job.spec);
  const out = {
    values: job.values.map(([type, raw]) => { const r = D.validate(type, raw); return [r.value, r.key]; }),
    file_names: job.file_names.map(([title, suffix]) => D.fileName(title, suffix)),
    imports: job.imports.map((text) => {
      try { return ["", D.imported(job.data, text).notes, ""]; } catch (e) { return [e.key || e.message, [], e.message]; }
    }),
  };
  process.stdout.write(JSON.stringify(out));
});
