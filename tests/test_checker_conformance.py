"""Both checker engines — Python (kb check) and JavaScript (the page, run under node) —
give identical JSON on the conformance corpus: tests/checker_cases/, every evaluation
draft, and generated variants of each draft."""

from __future__ import annotations

import pytest
import yaml

from macros.checker.drafts import lines_of
from macros.checker.engine import check_lines

from .conftest import ROOT
from .node import ASSETS, node_json

CASES = ROOT / "tests" / "checker_cases"
DRAFTS = ROOT / "tests" / "eval" / "drafts"
REAL = ROOT / "tests" / "eval" / "real"
NOT_EVIDENCE = ROOT / "tests" / "eval" / "not-evidence.yml"
ASTRAL = "𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊𠀋𠀌𠀍"
WIDTH = 32
HARNESS = r"""
const k = require(process.argv[1]);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => { input += c; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const out = job.cases.map((c) => {
    const lines = k.linesOf(job.data, c.name, c.text);
    return { lines: lines, result: k.check(job.data, lines, c.genre, c.name) };
  });
  process.stdout.write(JSON.stringify(out));
});
"""


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def _astral(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(lines[:2] + [ASTRAL, "𠮷" + lines[2] if len(lines) > 2 else ""] + lines[3:])


def _wrapped(text: str) -> str:
    out = []
    for line in text.split("\n"):
        while len(line) > WIDTH:
            out.append(line[:WIDTH])
            line = line[WIDTH:]
        out.append(line)
    return "\n".join(out)


def _mixed(text: str) -> str:
    table = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})
    return "\n".join(line.translate(table) if i % 2 else line
                     for i, line in enumerate(text.split("\n")))


VARIANTS = {"fullwidth": _fullwidth, "astral": _astral, "wrapped": _wrapped,
            "crlf": lambda t: t.replace("\n", "\r\n"), "mixed": _mixed}


def _text(path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def corpus() -> list[dict]:
    """Every case: name (its suffix decides Markdown stripping), text and genre."""
    cases = [{"name": p.name, "text": _text(p), "genre": None}
             for p in sorted(CASES.iterdir()) if p.suffix in (".txt", ".md")]
    for path in sorted(DRAFTS.iterdir()):
        text = _text(path)
        cases.append({"name": path.name, "text": text, "genre": None})
        for variant, make in VARIANTS.items():
            cases.append({"name": f"{variant}-{path.name}", "text": make(text), "genre": None})
    cases.append({**cases[0], "name": "given-genre.txt", "genre": "jiceng-zhibu"})
    # Every real excerpt, and every non-evidence sentence in a one-paragraph draft: the
    # readings of issue 22 (mood, who did it, rectification, headings, openings) on real text.
    cases += [{"name": p.name, "text": _text(p), "genre": None}
              for p in sorted(REAL.iterdir()) if p.suffix == ".txt"]
    for i, item in enumerate(yaml.safe_load(NOT_EVIDENCE.read_text("utf-8"))):
        cases.append({"name": f"not-evidence-{i}.txt", "genre": None,
                      "text": "某单位意识形态工作情况\n一、主要做法\n" + item["text"]})
    return cases


def run_node(data: dict, cases: list[dict]) -> list[dict]:
    return node_json(HARNESS, {"data": data, "cases": cases}, ASSETS / "checker.js")


def test_both_engines_give_identical_json(data):
    cases = corpus()
    assert len(cases) >= 7 + 6 * 14
    in_node = run_node(data, cases)
    differ = []
    for case, js in zip(cases, in_node, strict=True):
        lines = lines_of(data, case["name"], case["text"])
        py = check_lines(data, lines, case["genre"], case["name"])
        if js != {"lines": lines, "result": py}:
            differ.append(case["name"])
    assert not differ, differ


def _gist(result: dict) -> dict:
    return {"genre": result["genre"], "missing": [m["id"] for m in result["missing"]],
            "covered": {c["id"]: c["status"] for c in result["covered"]}}


@pytest.mark.parametrize("variant", ["fullwidth", "wrapped", "crlf", "mixed"])
def test_variants_of_a_draft_find_what_the_clean_draft_finds(data, variant):
    differ = []
    for path in sorted(DRAFTS.iterdir()):
        text = _text(path)
        clean = check_lines(data, lines_of(data, path.name, text))
        other = check_lines(data, lines_of(data, path.name, VARIANTS[variant](text)))
        if _gist(other) != _gist(clean):
            differ.append((path.name, _gist(clean), _gist(other)))
    assert not differ, differ[:2]
