// node tests/js/draft_files.js < {"data", "files": [{name, base64}]} (JSON)
// Opens each file with docs/assets/checker.js readFile, as the checker page and the review
// desk do, on the given checker data, and prints [lines, ""] or [null, message] per file.
"use strict";
const path = require("path");
const checker = require(path.join(__dirname, "..", "..", "docs", "assets", "checker.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", async () => {
  const job = JSON.parse(input);
  const out = [];
  for (const f of job.files) {
    const file = new File([Buffer.from(f.base64, "base64")], f.name);
    try { out.push([await checker.readFile(job.data, file), ""]); }
    catch (e) { out.push([null, String(e && e.message)]); }
  }
  process.stdout.write(JSON.stringify(out));
});
