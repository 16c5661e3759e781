// node tests/js/build_docx.js LAYOUT.json DRAFT.json OUT.docx [DRAFT.json OUT.docx ...]
// Builds each draft with docs/assets/kb-word.js (as the page does) and prints the file names.
const fs = require("fs");
const path = require("path");
const kbWord = require(path.join(__dirname, "..", "..", "docs", "assets", "kb-word.js"));

async function main(args) {
  const layout = JSON.parse(fs.readFileSync(args[0], "utf8"));
  for (let i = 1; i + 1 < args.length; i += 2) {
    const draft = JSON.parse(fs.readFileSync(args[i], "utf8"));
    const blob = await kbWord.buildDocx(draft, layout);
    fs.writeFileSync(args[i + 1], Buffer.from(await blob.arrayBuffer()));
    console.log(kbWord.fileName(draft));
  }
}

main(process.argv.slice(2)).catch((err) => { console.error(err); process.exit(1); });
