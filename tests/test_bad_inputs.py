"""Every kind of bad input is refused as ``file:line: what — how to fix``: one table, one helper.

Each row of ``BAD_INPUTS`` plants one defect in a fresh copy of the fixture knowledge base
and runs `kb validate` as a user would (in-process, as a clone without ../shared: the copy
check reads the committed fingerprint). It must exit non-zero with a line starting with the
expected ``path:line`` that holds the expected words and says how to fix it, with no
traceback, within the time limit. Each row of ``BAD_OUTPUT`` is a built page the output audit
must refuse (with a fix) and the Content-Security-Policy must not hash. The rows were once
ten near-identical tables in seven files; the `kb check` and `kb fill` tables stay with
their front end (test_hostile.py).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from macros import cli
from macros.checks.loader import load
from macros.model.catalog import phrase_id
from macros.model.reference import FINGERPRINT
from macros.site.audit import audit_page
from macros.site.csp import known_scripts, policy

from .conftest import BIN, ROOT, mkdocs_build

EX = "data/examples/ex.yml"
OB = "docs/obligations/yigang-shuangze.md"
TPL = "docs/templates/niandu-baogao.md"
IDX = "docs/index.md"
TERMS = "data/glossary/terms.yml"
VOCAB = "data/vocab.yml"
PHRASES = "data/phrases/daoyu.yml"
MATRIX = "docs/matrix.md"
MACRO_LINE = "{{ responsibility_matrix() }}"
SCRIPT = "<script>alert(1)</script>"
LIMIT = 5.0           # seconds for one kb validate of the fixture to refuse a defect
EXAMPLE_RECORD = """- id: ex-yigang-shuangze-01
  unit_type: 局党组
  obligations: [yigang-shuangze]
  template: niandu-baogao
  section: zuofa
  text: 某局党组班子成员认真履行一岗双责，每季度到分管科室检查一次意识形态工作，督促整改宣传栏更新不及时等问题三个，推动业务工作与意识形态工作一同部署。
"""
AVOID = f"- id: {phrase_id('过时提法')}\n  text: 过时提法\n  category: 导语\n  avoid: true\n"
# A clause of reference sample 003, planted to prove the copied-text check bites.
COPIED = "市人大机关党组认真落实市委关于进一步加强当前意识形态工作的安排部署"
RULES = "data/rules.yml"


def line_of(rel: str, text: str) -> str:
    """``rel:N`` of the first line of the project's ``rel`` that holds ``text`` (the fixture
    shares the settings files, so their lines are the project's)."""
    lines = (ROOT / rel).read_text("utf-8").split("\n")
    return f"{rel}:{next(i for i, line in enumerate(lines, 1) if text in line)}"


# The line of the weekly calendar rule in data/vocab.yml.
WEEKLY = line_of("data/vocab.yml", 'rrule: "FREQ=WEEKLY"')


def _bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "- term: 炸弹\n  meaning: 别名展开。\n  zzz:\n" + "".join(f"    {x}\n" for x in lines)


def nested_divs(n: int) -> str:
    return "\n".join(['<div markdown="1">'] * n + ["深"] + ["</div>"] * n)


def _deep_list(n: int) -> str:
    return "\n".join("    " * i + "- 层" for i in range(n))


# (case, file, old text ("" appends, None writes the whole file), new text,
#  expected "file:line" (or "file"), words in the message)
BAD_INPUTS = [
    # ---- the loader: YAML, schemas, references, links
    ("invalid-yaml", "data/phrases/daoyu.yml", "category: 导语", "category: [导语",
     "data/phrases/daoyu.yml:4", "invalid YAML"),
    ("missing-field", OB, "frequency: 持续\n", "",
     f"{OB}:2", "missing required field 'frequency'"),
    ("wrong-type", OB, "role: [班子成员]", "role: 班子成员",
     f"{OB}:6", "field 'role' should be a list"),
    ("unknown-obligation-id", EX, "[yigang-shuangze]", "[yigang-shuangzer]",
     f"{EX}:3", "unknown obligation id 'yigang-shuangzer'"),
    ("duplicate-id", EX, "", EXAMPLE_RECORD,
     f"{EX}:8", "duplicate example id 'ex-yigang"),
    ("undeclared-slot", TPL, "      班子成员履行", "      【分管领导】履行",
     f"{TPL}:24", "undeclared slot '【分管领导】'"),
    ("unused-slot", TPL, "slots: [单位名称, 报告年度]", "slots: [单位名称, 报告年度, 研判次数]",
     f"{TPL}:10", "declared slot '研判次数' is not used"),
    ("broken-link", "docs/index.md", "obligations/yigang-shuangze.md", "obligations/missing.md",
     "docs/index.md:7", "broken link 'obligations/missing.md'"),
    ("broken-anchor", "docs/index.md", "yigang-shuangze.md)", "../templates/niandu-baogao.md#nope)",
     "docs/index.md:7", "broken anchor '#nope'"),
    ("external-link", "docs/index.md", "# 首页", "# 首页\n\n见[外网](https://example.com/a)。",
     "docs/index.md:7", "external link 'https://example.com/a'"),
    ("unknown-vocab", OB, "group: 责任主体", "group: 责任主题",
     f"{OB}:4", "unknown group '责任主题'"),
    ("duplicate-key", OB, "title: 一岗双责\n", "title: 一岗双责\ntitle: 一岗双责制\n",
     f"{OB}:4", "duplicate key 'title'"),
    ("unknown-field", OB, "title: 一岗双责\n", "title: 一岗双责\ncolour: red\n",
     f"{OB}:4", "unknown field 'colour'"),
    ("heading-numbering", TPL, "heading: 一、主要做法和成效", "heading: 主要做法和成效",
     f"{TPL}:21", "lacks its numbering"),
    ("unknown-section", EX, "section: zuofa", "section: zuofa2",
     f"{EX}:5", "unknown section 'zuofa2'"),
    ("unknown-basis", OB, "basis: [common-practice]", "basis: [no-such-doc]",
     f"{OB}:8", "unknown basis 'no-such-doc'"),
    ("id-not-slug", OB, "id: yigang-shuangze", "id: YiGang",
     f"{OB}:2", "is not a valid id"),
    ("short-example", EX, "局党组班子成员认真履行一岗双责，每人每季度到分管科室检查意识形态工作一次，"
     "全年共听取分管科室专题汇报〖十六次〗，", "",
     f"{EX}:7", "fewer than 60"),
    ("not-a-list", "data/glossary/terms.yml", "- id: g-8081b758\n  term: 一岗双责\n  meaning: 领导干部既抓分管业务，"
     "又抓分管领域的意识形态工作。\n  obligations: [yigang-shuangze]\n", "term: 一岗双责\n",
     "data/glossary/terms.yml:1", "must be a list of records"),
    ("no-front-matter", "docs/extra.md", "", "# 无标题页\n",
     "docs/extra.md:1", "page has no front matter"),
    ("bad-year", "data/documents/register.yml", "year: 2015", "year: 二〇一五",
     "data/documents/register.yml:4", "field 'year' should be a whole number or null"),
    ("broken-lint-list", "data/lint.yml", "deny_names:\n", "deny_names: [\n",
     "data/lint.yml:6", "invalid YAML"),
    ("broken-checker-settings", "data/checker.yml", "negations: [", "negations: [[",
     "data/checker.yml:10", "invalid YAML"),
    ("slot-in-example", EX, "每人每季度", "每人【研判次数】",
     f"{EX}:7", "inside an example"),
    # ---- unsafe or external HTML, personal data, junk (was test_hardening.py)
    ("raw-script", IDX, "# 首页", "# 首页\n\n<script>alert(1)</script>",
     f"{IDX}:7", "raw <script> in content"),
    ("iframe", IDX, "# 首页", "# 首页\n\n<iframe src=\"a.html\"></iframe>",
     f"{IDX}:7", "raw <iframe> in content"),
    ("event-handler", IDX, "# 首页", "# 首页\n\n<p onclick=\"go()\">点这里</p>",
     f"{IDX}:7", "inline event handler"),
    ("external-raw-image", IDX, "# 首页", "# 首页\n\n<img src=\"https://cdn.example.com/a.png\">",
     f"{IDX}:7", "external resource in raw HTML"),
    ("external-css", IDX, "# 首页", "# 首页\n\n<span style=\"background:url(//cdn.example.com/x.png)\">样式</span>",
     f"{IDX}:7", "external resource in a CSS url()"),
    ("cdn-link", IDX, "# 首页", "# 首页\n\n见[脚本](https://cdn.example.com/lib.js)。",
     f"{IDX}:7", "external link 'https://cdn.example.com/lib.js'"),
    ("external-image", IDX, "# 首页", "# 首页\n\n![图](http://img.example.com/a.png)",
     f"{IDX}:7", "external image"),
    ("unrendered-syntax", IDX, "# 首页", "# 首页\n\n本页有{{ 未渲染 }}的内容。",
     f"{IDX}:7", "template syntax in a page that macros do not render"),
    ("scraping-junk", EX, "局党组班子成员", "##paidbegin##局党组班子成员",
     f"{EX}:7", "scraping junk '##paidbegin##'"),
    ("phone", OB, "这是领导干部", "电话13912345678，这是领导干部",
     f"{OB}:14", "a mobile phone number"),
    ("id-card", OB, "这是领导干部", "身份证号11010519491231002X，这是领导干部",
     f"{OB}:14", "an ID card number"),
    ("qq", OB, "这是领导干部", "QQ：12345678，这是领导干部",
     f"{OB}:14", "a QQ number"),
    ("deny-list-name", EX, "局党组班子成员", "临海市局党组班子成员",
     f"{EX}:7", "real name '临海'"),
    ("ascii-punctuation", EX, "认真履行一岗双责，", "认真履行一岗双责;",
     f"{EX}:7", "ASCII punctuation ';'"),
    ("broken-internal-link", IDX, "obligations/yigang-shuangze.md", "obligations/nope.md",
     f"{IDX}:7", "broken link 'obligations/nope.md'"),
    ("broken-anchor-hardening", IDX, "yigang-shuangze.md)", "yigang-shuangze.md#buzai)",
     f"{IDX}:7", "broken anchor '#buzai'"),
    ("missing-snippet", IDX, "# 首页", "# 首页\n\n--8<-- \"nope.md\"",
     f"{IDX}:7", "snippet 'nope.md' not found"),
    ("script-in-yaml-record", EX, "局党组班子成员", "<script src=\"x.js\"></script>局党组班子成员",
     f"{EX}:7", "raw <script> in content"),
    # ---- editorial lints of data/lint.yml (was test_content_lints.py)
    ("wrong-formula", EX, "做到业务工作", "坚决拥护“两个确立”，做到业务工作",
     f"{EX}:7", "wrong form of a set formula '坚决拥护“两个确立”'"),
    ("wrong-formula-plain-quotes", OB, "这是领导干部", '坚定做到"两个维护"，这是领导干部',
     f"{OB}:14", "坚决做到“两个维护”"),
    ("ascii-word", EX, "做到业务工作", "做到业务工作（common practice）",
     f"{EX}:7", "ASCII word 'common' in Chinese text"),
    ("ascii-in-body", OB, "写明分管领导", "写明分管领导的 count 数据",
     f"{OB}:18", "ASCII word 'count'"),
    ("editor-note", OB, "这是领导干部", "本库不补写，这是领导干部",
     f"{OB}:14", "editor's note '本库不'"),
    ("sourcing-note", EX, "做到业务工作", "见于一份开发区党工委的报告，做到业务工作",
     f"{EX}:7", "editor's note '见于一份'"),
    ("self-reference", EX, "局党组班子成员认真", "某县水利局党组班子成员认真",
     f"{EX}:7", "the unit names itself '某县水利局党组'"),
    ("phrase-matches-avoid", PHRASES, "", "\n- id: ph-tongling-xuanchuan\n  text: 以科学发展观统领宣传工作\n  category: 导语\n"
     "- id: ph-tongling-yishi\n  text: 以科学发展观统领意识形态工作\n  category: 导语\n  avoid: true\n"
     "  match: \"以科学发展观统领\"\n  prefer: 以习近平新时代中国特色社会主义思想为指导\n",
     f"{PHRASES}:7", "matches the avoid entry '以科学发展观统领意识形态工作'"),
    # ---- typography, placeholders, junk, copied text (was test_lints.py)
    ("copied-sentence", EX, "做到业务工作", COPIED + "，做到业务工作",
     f"{EX}:7", "shares the run"),
    ("ascii-comma", EX, "认真履行一岗双责，", "认真履行一岗双责,",
     f"{EX}:7", "ASCII punctuation ','"),
    ("ascii-paren", OB, "这是领导干部", "(这是领导干部)",
     f"{OB}:14", "ASCII punctuation '('"),
    ("ascii-colon-in-body", OB, "写明分管领导", "写明:分管领导",
     f"{OB}:18", "ASCII punctuation ':'"),
    ("placeholder-xx", EX, "局党组班子成员", "XX局党组班子成员",
     f"{EX}:7", "leftover placeholder 'XX'"),
    ("placeholder-times", EX, "十六次", "×次",
     f"{EX}:7", "leftover placeholder '×'"),
    ("placeholder-n", "data/glossary/terms.yml", "意识形态工作。", "意识形态工作n次。",
     "data/glossary/terms.yml:3", "leftover placeholder 'n'"),
    ("junk", OB, "## 要求", "## 要求\n\n下面是小编为大家整理的。",
     f"{OB}:14", "scraping junk '小编'"),
    ("real-name", "data/glossary/terms.yml", "领导干部既抓", "周能同志既抓",
     "data/glossary/terms.yml:3", "real name '周能'"),
    ("phone-lints", "data/documents/register.yml", "总体要求。", "总体要求。电话13812345678。",
     "data/documents/register.yml:6", "a mobile phone number"),
    ("qq-lints", "data/documents/register.yml", "总体要求。", "总体要求。客服QQ：403000000。",
     "data/documents/register.yml:6", "a QQ number"),
    ("id-card-lints", EX, "十六次", "十六次，身份证110101199001011234",
     f"{EX}:7", "an ID card number"),
    # ---- settings files and calendar rules (was test_architecture.py)
    ("layout-misspelt-key", "data/layout.yml", "  margin_top_mm: 37", "  margin_topp_mm: 37",
     "data/layout.yml:8", "unknown field 'margin_topp_mm'"),
    ("layout-wrong-type", "data/layout.yml", "line_spacing_pt: 28.95", "line_spacing_pt: 宽",
     "data/layout.yml:12", "field 'line_spacing_pt' should be"),
    ("layout-heading-level", "data/layout.yml", "  4: {fonts:", "  7: {fonts:",
     "data/layout.yml:27", "heading level '7' is not 1–4"),
    ("lint-list-not-a-list", "data/lint.yml", "deny_names:\n", "deny_names: 周某\nold_names:\n",
     "data/lint.yml:5", "field 'deny_names' should be a list"),
    ("calendar-secondly", "data/vocab.yml", 'rrule: "FREQ=WEEKLY"', 'rrule: "FREQ=SECONDLY"',
     WEEKLY, "not a recurrence rule this calendar reads"),
    ("calendar-bad-part", "data/vocab.yml", 'rrule: "FREQ=WEEKLY"', 'rrule: "FREQ=WEEKLY;BYDAY=XX"',
     WEEKLY, "cannot be read"),
    # draft_files and draft.refusals/on_problem of data/rules.yml (test_rules.py also runs
    # these rows and asserts that rules read with such a problem are not used)
    ("rules-misspelt-limit", RULES, "  max_text_bytes: 1048576", "  max_text_byte: 1048576",
     line_of(RULES, "draft_files:"), "max_text_byte"),
    ("rules-share-out-of-range", RULES, "  binary_share: 0.01", "  binary_share: 2",
     line_of(RULES, "  binary_share:"), "binary_share"),
    ("rules-refusal-without-fix", RULES, "请换用该模板导入", "", line_of(RULES, "    other_template:"),
     "other_template' '这是另一个模板（{template}）的草稿 —' is not one line"),
    ("rules-suffix-without-dot", RULES, "  text_suffixes: [.txt,", "  text_suffixes: [txt,",
     line_of(RULES, "  text_suffixes:"), "'txt' is not a file name suffix"),
    ("rules-refuse-without-wording", RULES, "    bad_value: note ", "    bad_value: refuse ",
     line_of(RULES, "    bad_value: note"),
     "draft.on_problem.bad_value is 'refuse' but draft.refusals has no wording"),
    ("rules-unknown-verdict", RULES, "    unknown_slot: note ", "    unknown_slot: ignore ",
     line_of(RULES, "    unknown_slot: note"), "unknown_slot"),
    ("rules-problem-without-verdict", RULES, "  on_problem:\n    section_without_id: refuse",
     "  on_problem:\n", line_of(RULES, "  on_problem:"), "section_without_id"),
    # ---- hostile content, issue 12 (was test_hostile.py)
    # 1. script through every rendered field
    ("glossary-alias-script", TERMS, "  obligations: [yigang-shuangze]\n", f"  obligations: [yigang-shuangze]\n  aliases: ['{SCRIPT}']\n",
     f"{TERMS}:5", "raw <script>"),
    ("obligation-alias-script", OB, "evidence_slots: [研判次数]\n", f"evidence_slots: [研判次数]\naliases: ['{SCRIPT}']\n",
     f"{OB}:10", "raw <script>"),
    ("template-genre-script", TPL, "genre: 情况报告", f"genre: '{SCRIPT}'",
     f"{TPL}:4", "raw <script>"),
    ("variant-aspect-script", OB, "evidence_slots: [研判次数]\n", "evidence_slots: [研判次数]\nvariants:\n  - aspect: "
                               f"'{SCRIPT}'\n    value: 各地做法不一。\n    basis: [common-practice]\n",
     f"{OB}:11", "raw <script>"),
    ("vocab-note-script", VOCAB, "note: 谁负责：", f"note: {SCRIPT}谁负责：",
     f"{VOCAB}:5", "raw <script>"),
    ("description-breakout", IDX, "title: 首页\n", "title: 首页\ndescription: '\"><script>alert(1)</script>'\n",
     f"{IDX}:3", "raw <script>"),
    ("description-attribute-breakout", IDX, "title: 首页\n", "title: 首页\ndescription: 'a\" onmouseover=\"x()'\n",
     f"{IDX}:3", "markup in a plain-text field"),
    ("snippet-script", "docs/snippets/bad.md", None, f"提示。\n\n{SCRIPT}\n",
     "docs/snippets/bad.md:3", "raw <script>"),
    ("macro-concat-script", MATRIX, MACRO_LINE, MACRO_LINE + '\n\n{{ "<scr" ~ "ipt>" }}',
     f"{MATRIX}:14", "not allowed on a page"),
    # 2. content reaching Python
    ("macro-python-escape", MATRIX, MACRO_LINE, MACRO_LINE + "\n\n{{ self.__init__.__globals__"
                             ".__builtins__.__import__('os').popen('id').read() }}",
     f"{MATRIX}:14", "not allowed on a page"),
    ("macro-config-dump", MATRIX, MACRO_LINE, MACRO_LINE + "\n\n{{ config }}",
     f"{MATRIX}:14", "unknown macro or variable 'config'"),
    ("macro-builtin-context", MATRIX, MACRO_LINE, MACRO_LINE + "\n\n{{ context() }}",
     f"{MATRIX}:14", "unknown macro 'context()'"),
    ("macro-undefined", MATRIX, MACRO_LINE, MACRO_LINE + "\n\n{{ no_such_variable }}",
     f"{MATRIX}:14", "unknown macro or variable 'no_such_variable'"),
    ("macro-unknown-call", MATRIX, MACRO_LINE, MACRO_LINE + "\n\n{{ nope() }}",
     f"{MATRIX}:14", "unknown macro 'nope()'"),
    ("macro-if-line", MATRIX, MACRO_LINE, MACRO_LINE + "\n\n\n\n{% if %}",
     f"{MATRIX}:16", "template syntax error"),
    ("macro-title", MATRIX, "title: 责任矩阵", "title: '{{ config }}'",
     f"{MATRIX}:2", "template syntax in the title"),
    # 3. leaving the site
    ("meta-refresh", IDX, "# 首页", '# 首页\n\n<meta http-equiv="refresh" content="2;url=http://'
                      'example.com/">',
     f"{IDX}:7", "raw <meta>"),
    ("javascript-url", IDX, "# 首页", "# 首页\n\n[点](javascript:alert(1))",
     f"{IDX}:7", "script URL"),
    ("base-element", IDX, "# 首页", '# 首页\n\n<base href="/x/">',
     f"{IDX}:7", "raw <meta>, <base>"),
    ("object-element", IDX, "# 首页", '# 首页\n\n<object data="a.swf"></object>',
     f"{IDX}:7", "<object>"),
    ("css-import", IDX, "# 首页", "# 首页\n\n<style>@import 'http://x/a.css';</style>",
     f"{IDX}:7", "CSS url() or @import"),
    # 4. raw files in docs/
    ("raw-html-file", "docs/raw.html", None, f"<p>x</p>{SCRIPT}",
     "docs/raw.html:1", "a .html file is not a source"),
    ("markdown-suffix", "docs/other.markdown", None, "---\ntitle: x\n---\n\n# x\n",
     "docs/other.markdown:1", "a .markdown file is not a source"),
    ("svg-file", "docs/assets/a.svg", None, f"<svg>{SCRIPT}</svg>",
     "docs/assets/a.svg:1", "a .svg file is not a source"),
    # 5. a vocabulary that switches checks off
    ("vocab-list", VOCAB, None, "- a\n- b\n",
     f"{VOCAB}:1", "not a mapping"),
    ("vocab-empty", VOCAB, None, "",
     f"{VOCAB}:1", "vocabulary file is empty"),
    ("vocab-comments", VOCAB, None, "# 只有注释\n",
     f"{VOCAB}:1", "vocabulary file is empty"),
    # 6. small files that stall
    ("yaml-alias-bomb", TERMS, None, _bomb(),
     TERMS, "expands to more than"),
    ("yaml-deep-list", TERMS, None, "- " + "[" * 5000 + "]" * 5000 + "\n",
     f"{TERMS}:1", "nested more than"),
    ("record-over-5mb", "data/phrases/big.yml", None, "- text: 大\n  category: 导语\n  note: "
                         + "大" * (2 * 1024 * 1024) + "\n",
     "data/phrases/big.yml:1", "over the 5 MB limit"),
    # 7. personal data the lint missed
    ("phone-in-alias", TERMS, "  obligations: [yigang-shuangze]\n", "  obligations: [yigang-shuangze]\n  aliases: [电话13912345678]\n",
     f"{TERMS}:5", "a mobile phone number"),
    ("phone-in-description", IDX, "title: 首页\n", "title: 首页\ndescription: 联系13912345678\n",
     f"{IDX}:3", "a mobile phone number"),
    ("spaced-phone", IDX, "# 首页", "# 首页\n\n联系电话139 1234 5678。",
     f"{IDX}:7", "a mobile phone number"),
    ("dashed-phone", IDX, "# 首页", "# 首页\n\n联系电话139-1234-5678。",
     f"{IDX}:7", "a mobile phone number"),
    ("spaced-id-number", IDX, "# 首页", "# 首页\n\n证号110105 19491231 002X。",
     f"{IDX}:7", "an ID card number"),
    ("qq-number", IDX, "# 首页", "# 首页\n\nQQ号码：12345678。",
     f"{IDX}:7", "a QQ number"),
    # 8. bare tracebacks before
    ("integer-key", TERMS, "", "  1: x\n",
     f"{TERMS}:5", "unknown field '1'"),
    ("complex-key", TERMS, "", "  ? [a, b]\n  : c\n",
     f"{TERMS}:5", "a key that is a list"),
    ("yaml-record-without-term", "data/glossary/extra.yaml", None, "- meaning: 无词条。\n",
     "data/glossary/extra.yaml:1", "missing required field 'term'"),
    ("snippet-absolute", IDX, "# 首页", '# 首页\n\n--8<-- "/etc/passwd"',
     f"{IDX}:7", "points outside docs/snippets/"),
    ("snippet-parent", IDX, "# 首页", '# 首页\n\n--8<-- "../../CONTRIBUTING.md"',
     f"{IDX}:7", "points outside docs/snippets/"),
    ("snippet-block-parent", IDX, "# 首页", "# 首页\n\n--8<--\n../../CONTRIBUTING.md\n--8<--",
     f"{IDX}:8", "points outside docs/snippets/"),
    ("icon-path", IDX, "title: 首页\n", "title: 首页\nicon: ../../etc/passwd\n",
     f"{IDX}:3", "unknown icon"),
    ("template-unknown", IDX, "title: 首页\n", "title: 首页\ntemplate: nope.html\n",
     f"{IDX}:3", "unknown page template 'nope.html'"),
    # 10. smaller
    ("bom-front-matter", IDX, None, "\ufeff---\ntitle: 首页\n---\n\n# 首页\n",
     f"{IDX}:1", "byte-order mark"),
    ("unclosed-front-matter", IDX, None, "---\ntitle: 首页\n\n# 首页\n",
     f"{IDX}:1", "front matter is not closed"),
    # ---- content cannot run code, issue 21 (was test_hostile_content.py)
    # front matter the theme prints
    ("status-breakout", IDX, "title: 首页\n", "title: 首页\nstatus: 'new\" onfocus=\"x()'\n",
     f"{IDX}:3", "status"),
    ("own-updated-field", IDX, "title: 首页\n", "title: 首页\nkb_updated: '<b>2026</b>'\n",
     f"{IDX}:3", "kb_updated"),
    ("search-boost-text", IDX, "title: 首页\n", "title: 首页\nsearch:\n  boost: 天\n",
     f"{IDX}:4", "boost"),
    # the checks read a page as the build does
    ("fullwidth-space-opener", IDX, None, "---\u3000\ntitle: 首页\n---\n\n# 首页\n",
     f"{IDX}:1", "not a front matter line"),
    ("closing-without-line-break", IDX, None, "---\ntitle: 首页\n---",
     f"{IDX}:1", "front matter is not closed"),
    ("indented-fence-hides-html", IDX, "# 首页", "# 首页\n\n   ```\n<img src=a.png "
                                   "onload=go()>\n   ```",
     f"{IDX}:8", "inline event handler"),
    ("fenced-snippet-include", IDX, "# 首页", '# 首页\n\n```\n--8<-- "/proc/self/environ"\n```',
     f"{IDX}:8", "points outside docs/snippets/"),
    # files the site would publish as they are
    ("xht-page", "docs/page.xht", None, "<p>x</p>",
     "docs/page.xht:1", "is not a source"),
    ("shtml-page", "docs/a/b.shtml", None, "<p>x</p>",
     "docs/a/b.shtml:1", "is not a source"),
    ("script-outside-assets", "docs/obligations/run.js", None, "alert(1)",
     "docs/obligations/run.js:1", "is not a source"),
    ("text-file-as-script", "docs/notes.txt", None, "alert(1)",
     "docs/notes.txt:1", "is not a source"),
    ("json-in-data", "data/glossary/terms.json", None, "[]",
     "data/glossary/terms.json:1", "is not a source"),
    # a record page is data, never a template
    ("record-page-macros", OB, "evidence_slots: [研判次数]\n", "evidence_slots: [研判次数]\nrender_macros: true\n",
     f"{OB}:10", "record page"),
    # nesting that would exhaust Markdown's recursion
    ("nested-markdown-divs", IDX, "# 首页", "# 首页\n\n" + nested_divs(1000),
     f"{IDX}:47", "nested over"),
    ("deep-list", IDX, "# 首页", "# 首页\n\n" + _deep_list(600),
     f"{IDX}:48", "indented"),
    ("record-text-nesting", "data/examples/ex.yml", "  text: >-\n", "  text: |-\n    "
                             + "\n    ".join(nested_divs(60).split("\n")) + "\n",
     "data/examples/ex.yml:47", "nested over"),
    ("deep-quotes", IDX, "# 首页", "# 首页\n\n" + ">" * 500 + " 引",
     f"{IDX}:7", "block quotes nested"),
    ("one-long-line-of-open-tags", IDX, "# 首页", "# 首页\n\n" + "<a " * 300_000 + "onclick=go()>",
     f"{IDX}:7", "inline event handler"),
    ("one-long-line-of-openers", IDX, "# 首页", "# 首页\n\n" + "<《[^{{](**`{:qq " * 30_000
                                  + "<script>",
     f"{IDX}:7", "raw <script>"),
    # snippets including what they may not
    ("snippet-includes-absolute", "docs/snippets/tip.md", None, '提示。\n\n--8<-- "/etc/hostname"\n',
     "docs/snippets/tip.md:3", "points outside docs/snippets/"),
    ("snippet-includes-url", "docs/snippets/tip.md", None, '--8<-- "https://intranet.example/a.md"\n',
     "docs/snippets/tip.md:1", "points outside docs/snippets/"),
    # attribute lists
    ("attr-list-handler-own-line", IDX, "# 首页", "# 首页\n\n段落。\n{: onclick=\"go()\" }",
     f"{IDX}:8", "attribute 'onclick'"),
    ("attr-list-href", IDX, "# 首页", "# 首页\n\n## 标题 { .x href='javascript:go()' }",
     f"{IDX}:7", "attribute 'href'"),
    # numbers no setting can hold
    ("layout-infinite-spacing", "data/layout.yml", "line_spacing_pt: ", "line_spacing_pt: .inf #",
     "data/layout.yml", "not a finite number"),
    ("layout-nan-margin", "data/layout.yml", "margin_top_mm: ", "margin_top_mm: .NaN #",
     "data/layout.yml", "not a finite number"),
    # patterns that would backtrack without bound
    ("avoid-nested-quantifier", PHRASES, "", AVOID + "  match: \"(形态+)+$\"\n",
     PHRASES, "repeats a group"),
    ("avoid-alternation-repeat", PHRASES, "", AVOID + "  match: \"(意识|意识形)*态\"\n",
     PHRASES, "repeats a group"),
    ("cue-many-unbounded", OB, "evidence_slots: [研判次数]\n", "evidence_slots: [研判次数]\ncues:\n  patterns: [\"分.*管.*领.*域\"]\n",
     f"{OB}:11", "unbounded repeats"),
    ("cue-huge-bound", OB, "evidence_slots: [研判次数]\n", "evidence_slots: [研判次数]\ncues:\n  patterns: [\"分管[^。]{0,100000}责任\"]\n",
     f"{OB}:11", "repeats up to 100000"),
]


def mutate(root, rel, old, new):
    """Replace the first ``old`` in ``rel`` by ``new`` ("" appends, None writes the file)."""
    file = root / rel
    if old is None:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(new, encoding="utf-8")
        return
    text = file.read_text(encoding="utf-8") if file.exists() else ""
    if old:
        assert old in text, f"fixture text {old!r} not in {rel}"
        text = text.replace(old, new, 1)
    else:
        text += new
    file.write_text(text, encoding="utf-8")


def run_kb(*argv) -> tuple[int, str, float]:
    """Run a kb command in-process: exit code, everything it printed, seconds taken."""
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
            out.write(str(exc.code))
    return code, out.getvalue(), time.perf_counter() - start


def assert_refused(code, text, seconds, where, words, limit):
    """Refused: non-zero exit, a line naming ``where:`` with ``words`` and a fix, no
    traceback, within ``limit`` seconds."""
    assert code not in (0, None), f"accepted (exit 0):\n{text[-2000:]}"
    assert "Traceback" not in text, text[-3000:]
    hits = [line for line in text.splitlines() if where + ":" in line and words in line]
    assert hits, f"expected '{where}:' … '{words}' in:\n{text[-3000:]}"
    assert " — " in hits[0], "the message says how to fix it"
    assert seconds < limit, f"took {seconds:.1f} s (limit {limit} s)"


def assert_reported(root, rel, old, new, where, words) -> str:
    """Plant a defect and return the loader's message that names its file, line and words."""
    mutate(root, rel, old, new)
    messages = [str(p) for p in load(root).problems]
    hits = [m for m in messages if m.startswith(where + ":") and words in m]
    assert hits, f"expected '{where}: …{words}…' in:\n" + "\n".join(messages)
    assert " — " in hits[0], "every message says how to fix it"
    return hits[0]


@pytest.fixture
def clone(mini, monkeypatch):
    """The fixture copy as a clone without ../shared sees it: the copy check reads the
    committed fingerprint alone."""
    monkeypatch.delenv("KB_REFERENCE_DIR", raising=False)
    shutil.copy(ROOT / FINGERPRINT, mini / FINGERPRINT)
    return mini


def test_the_fixture_is_clean_before_a_defect_is_planted(clone):
    assert not load(clone).problems


@pytest.mark.parametrize("case,rel,old,new,where,words", BAD_INPUTS,
                         ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_refused_with_file_and_line(clone, case, rel, old, new, where, words):
    mutate(clone, rel, old, new)
    code, text, seconds = run_kb("--root", str(clone), "validate")
    assert_refused(code, text, seconds, where, words, LIMIT)


def test_the_table_has_unique_cases():
    assert len({c[0] for c in BAD_INPUTS}) == len(BAD_INPUTS)
    assert len({c[1:] for c in BAD_INPUTS}) == len(BAD_INPUTS), "a row repeats another"


ROW = {c[0]: c for c in BAD_INPUTS}


def test_all_problems_are_reported_at_once(mini):
    for name in ("missing-field", "unknown-obligation-id", "undeclared-slot"):
        mutate(mini, *ROW[name][1:4])
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
    mutate(mini, *ROW["unknown-obligation-id"][1:4])
    mutate(mini, *ROW["unused-slot"][1:4])
    result = subprocess.run([str(BIN / "kb"), "--root", str(mini), "validate"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "unknown obligation id" in result.stderr and "is not used" in result.stderr
    assert "2 problems found." in result.stderr
    assert "Traceback" not in result.stderr


# ---- the built output: the audit refuses, the policy hashes nothing ----------------------

KNOWN = known_scripts([ROOT / "overrides",
                       Path(__import__("material").__file__).parent / "templates"])
OWN = frozenset({"assets/kb.js", "assets/javascripts/bundle.min.js"})
# (case, HTML planted in a page's body (and its Markdown source), words of the finding)
BAD_OUTPUT = [
    # ---- issue 12 (was test_hostile.py)
    ("unknown-inline-script", f"<p>x</p>{SCRIPT}", "an inline script the theme did not put"),
    ("inline-handler", '<img src="a.png" onerror="alert(1)">', "inline event handler"),
    ("javascript-href", '<a href="javascript:alert(1)">x</a>', "a script URL"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=http://x/">', "http-equiv"),
    ("base", '<base href="http://x/">', "a <base> element"),
    ("embed", '<embed src="a.swf">', "<object>/<embed>"),
    ("form-off-site", '<form action="https://x.example/steal"></form>', "external resource"),
    ("css-import", "<style>@import url(//x.example/a.css);</style>", "external resource"),
    ("srcset-off-site", '<img src="a.png" srcset="a.png 1x, https://x.example/b.png 2x">',
     "external resource 'https://x.example/b.png'"),
    # ---- a parser against allow-lists, issue 21 (was test_hostile_content.py)
    ("backslash-host", '<a href="/\\evil.example/x">x</a>', "external resource"),
    ("backslash-scheme", '<a href="https:\\\\evil.example">x</a>', "external resource"),
    ("entity-scheme", '<img src="&#104;ttp://evil.example/a.png" alt="">', "external resource"),
    ("entity-slashes", '<a href="&#x2F;&#x2F;evil.example/">x</a>', "external resource"),
    ("tab-in-scheme", '<a href=" java&#x09;script:go()">x</a>', "a script URL"),
    ("data-url", '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "a script URL"),
    ("same-origin-json-as-script", '<script src="../search/search_index.json"></script>',
     "a script the project did not ship"),
    ("same-origin-unknown-js", '<script src="/assets/other.js"></script>',
     "a script the project did not ship"),
    ("comment-bang-close", "<p>a<!-- --!><script>go()</script> --></p>",
     "an inline script the theme did not put there"),
    ("svg-style", '<svg><style><img src=a.png onerror=go()></style></svg>', "<style>"),
    ("after-the-end", "</body></html><script src=\"/assets/kb.js\"></script>",
     "a second '</html>'"),
    ("style-attribute", '<p style="color:red">x</p>', "a style attribute"),
    ("math-element", "<math><mi>x</mi></math>", "<math> element"),
    ("preload-link", '<link rel="preload" href="a.js">', "<link rel=\"preload\">"),
    ("bare-handler", '<details ontoggle>x</details>', "inline event handler 'ontoggle'"),
    ("template-element", "<template><p>x</p></template>", "<template> element"),
    ("form-target", '<form action="https://evil.example/"></form>', "external resource"),
    ("unknown-attribute", '<a href="a/" ping="/log">x</a>', "attribute 'ping'"),
    # ---- external resources and unrendered syntax (was test_hardening.py)
    ("cdn-script", '<script src="https://cdn.example.com/x.js"></script>',
     "external resource 'https://cdn.example.com/x.js'"),
    ("web-font", '<link href="//fonts.example.com/css" rel="stylesheet">',
     "external resource '//fonts.example.com/css'"),
    ("css-url", '<div style="background:url(https://img.example.com/a.png)"></div>',
     "external resource 'https://img.example.com/a.png'"),
    ("unrendered", "<p>单位{{ 名称 }}</p>", "unrendered template syntax '{{'"),
]


@pytest.mark.parametrize("case,html,words", BAD_OUTPUT, ids=[c[0] for c in BAD_OUTPUT])
def test_bad_output_fails_the_audit_and_gets_no_hash(case, html, words):
    page = f"<!doctype html><html><head></head><body>{html}</body></html>"
    source = "---\ntitle: x\n---\n\n# x\n\n" + html + "\n"
    found = audit_page(page, source, "", KNOWN, "obligations/x/index.html", OWN)
    assert any(words in what for _, what, _ in found), found
    assert all(fix for _, _, fix in found), "every finding says how to fix it"
    assert "sha256" not in policy(page, KNOWN)
