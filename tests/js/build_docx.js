// node tests/js/build_docx.js LAYOUT.json DRAFT.json OUT.docx [DRAFT.json OUT.docx ...]
// Builds each draft with docs/assets/kb-word.js (as the page does) and prints the file names
// (by the rules of $KB_RULES_JSON, data/rules.yml as JSON; empty lines without it).
const fs = require("fs");
const path = require("path");
const assets = path.join(__dirname, "..", "..", "docs", "assets");
const kbWord = require(path.join(assets, "kb-word.js"));
const rulesFile = process.env.KB_RULES_JSON;
if (rulesFile) require(path.join(assets, "kb-draft.js")).useRules(JSON.parse(fs.readFileSync(rulesFile, "utf8")));

async function main(args) {
  const layout = JSON.parse(fs.readFileSync(args[0], "utf8"));
  for (let i = 1; i + 1 < args.length; i += 2) {
    const draft = JSON.parse(fs.readFileSync(args[i], "utf8"));
    const blob = await kbWord.buildDocx(draft, layout);
    fs.writeFileSync(args[i + 1], Buffer.from(await blob.arrayBuffer()));
    console.log(rulesFile ? kbWord.fileName(draft) : "");
  }
}

main(process.argv.slice(2)).catch((err) => { console.error(err); process.exit(1); });
