"""Every kind of bad input is reported as ``file:line: what — how to fix``, all at once."""

from __future__ import annotations

import subprocess

import pytest

from macros.checks.loader import load

from .conftest import BIN, mkdocs_build

EX = "data/examples/ex.yml"
OB = "docs/obligations/yigang-shuangze.md"
TPL = "docs/templates/niandu-baogao.md"
EXAMPLE_RECORD = """- id: ex-yigang-shuangze-01
  unit_type: 局党组
  obligations: [yigang-shuangze]
  template: niandu-baogao
  section: zuofa
  text: 某局党组班子成员认真履行一岗双责，每季度到分管科室检查一次意识形态工作，督促整改宣传栏更新不及时等问题三个，推动业务工作与意识形态工作一同部署。
"""

# (case, file, old text, new text, expected "file:line", expected words in the message)
CASES = [
    ("invalid-yaml", "data/phrases/daoyu.yml", "category: 导语", "category: [导语",
     "data/phrases/daoyu.yml:4", "invalid YAML"),
    ("missing-field", OB, "frequency: 持续\n", "", f"{OB}:2", "missing required field 'frequency'"),
    ("wrong-type", OB, "role: [班子成员]", "role: 班子成员", f"{OB}:6",
     "field 'role' should be a list"),
    ("unknown-obligation-id", EX, "[yigang-shuangze]", "[yigang-shuangzer]", f"{EX}:3",
     "unknown obligation id 'yigang-shuangzer'"),
    ("duplicate-id", EX, "", EXAMPLE_RECORD, f"{EX}:8", "duplicate example id 'ex-yigang"),
    ("undeclared-slot", TPL, "      班子成员履行", "      【分管领导】履行", f"{TPL}:24",
     "undeclared slot '【分管领导】'"),
    ("unused-slot", TPL, "slots: [单位名称, 报告年度]", "slots: [单位名称, 报告年度, 研判次数]",
     f"{TPL}:10", "declared slot '研判次数' is not used"),
    ("broken-link", "docs/index.md", "obligations/yigang-shuangze.md", "obligations/missing.md",
     "docs/index.md:7", "broken link 'obligations/missing.md'"),
    ("broken-anchor", "docs/index.md", "yigang-shuangze.md)", "../templates/niandu-baogao.md#nope)",
     "docs/index.md:7", "broken anchor '#nope'"),
    ("external-link", "docs/index.md", "# 首页", "# 首页\n\n见[外网](https://example.com/a)。",
     "docs/index.md:7", "external link 'https://example.com/a'"),
    ("unknown-vocab", OB, "group: 责任主体", "group: 责任主题", f"{OB}:4", "unknown group '责任主题'"),
    ("duplicate-key", OB, "title: 一岗双责\n", "title: 一岗双责\ntitle: 一岗双责制\n", f"{OB}:4",
     "duplicate key 'title'"),
    ("unknown-field", OB, "title: 一岗双责\n", "title: 一岗双责\ncolour: red\n", f"{OB}:4",
     "unknown field 'colour'"),
    ("heading-numbering", TPL, "heading: 一、主要做法和成效", "heading: 主要做法和成效",
     f"{TPL}:21", "lacks its numbering"),
    ("unknown-section", EX, "section: zuofa", "section: zuofa2", f"{EX}:5",
     "unknown section 'zuofa2'"),
    ("unknown-basis", OB, "basis: [common-practice]", "basis: [no-such-doc]", f"{OB}:8",
     "unknown basis 'no-such-doc'"),
    ("id-not-slug", OB, "id: yigang-shuangze", "id: YiGang", f"{OB}:2", "is not a valid id"),
    ("short-example", EX, "局党组班子成员认真履行一岗双责，每人每季度到分管科室检查意识形态工作一次，"
     "全年共听取分管科室专题汇报〖十六次〗，", "", f"{EX}:7", "fewer than 60"),
    ("not-a-list", "data/glossary/terms.yml", "- id: g-8081b758\n  term: 一岗双责\n  meaning: 领导干部既抓分管业务，"
     "又抓分管领域的意识形态工作。\n  obligations: [yigang-shuangze]\n", "term: 一岗双责\n",
     "data/glossary/terms.yml:1",
     "must be a list of records"),
    ("no-front-matter", "docs/extra.md", "", "# 无标题页\n", "docs/extra.md:1",
     "page has no front matter"),
    ("bad-year", "data/documents/register.yml", "year: 2015", "year: 二〇一五",
     "data/documents/register.yml:4", "field 'year' should be a whole number or null"),
    ("broken-lint-list", "data/lint.yml", "deny_names:\n", "deny_names: [\n", "data/lint.yml:6",
     "invalid YAML"),
    ("broken-checker-settings", "data/checker.yml", "negations: [", "negations: [[", "data/checker.yml:10",
     "invalid YAML"),
    ("slot-in-example", EX, "每人每季度", "每人【研判次数】", f"{EX}:7", "inside an example"),
]


def mutate(root, rel, old, new):
    file = root / rel
    text = file.read_text(encoding="utf-8") if file.exists() else ""
    if old:
        assert old in text, f"fixture text {old!r} not in {rel}"
        text = text.replace(old, new, 1)
    else:
        text += new
    file.write_text(text, encoding="utf-8")


def assert_reported(root, rel, old, new, where, words) -> str:
    """Plant a defect and return the message that names its file, line and words."""
    mutate(root, rel, old, new)
    messages = [str(p) for p in load(root).problems]
    hits = [m for m in messages if m.startswith(where + ":") and words in m]
    assert hits, f"expected '{where}: …{words}…' in:\n" + "\n".join(messages)
    assert " — " in hits[0], "every message says how to fix it"
    return hits[0]


@pytest.mark.parametrize("case,rel,old,new,where,words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_with_file_and_line(mini, case, rel, old, new, where, words):
    assert_reported(mini, rel, old, new, where, words)


def test_all_problems_are_reported_at_once(mini):
    for _, rel, old, new, _, _ in (CASES[1], CASES[3], CASES[5]):
        mutate(mini, rel, old, new)
    report = load(mini).problems.report()
    for words in ("missing required field", "unknown obligation id", "undeclared slot"):
        assert words in report


def test_strict_build_stops_on_a_corrupted_data_file(mini, tmp_path):
    mutate(mini, "data/phrases/daoyu.yml", "category: 导语", "category: [导语")
    result = mkdocs_build(mini, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/phrases/daoyu.yml:4: invalid YAML" in output
    assert "Traceback" not in output


def test_kb_validate_exits_1_and_lists_every_problem(mini):
    mutate(mini, *CASES[3][1:4])
    mutate(mini, *CASES[6][1:4])
    result = subprocess.run([str(BIN / "kb"), "--root", str(mini), "validate"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "unknown obligation id" in result.stderr and "is not used" in result.stderr
    assert "2 problems found." in result.stderr
    assert "Traceback" not in result.stderr
