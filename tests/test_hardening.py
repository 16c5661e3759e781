"""Bad input never ships: each planted defect fails with `file:line: what — how to fix`."""

from __future__ import annotations

import contextlib
import io

import pytest

from macros import cli
from macros.model.history import last_changed
from macros.site.audit import audit_page

from .conftest import mkdocs_build
from .test_bad_inputs import EX, OB, assert_reported, mutate

IDX = "docs/index.md"
CASES = [
    ("raw-script", IDX, "# 首页", "# 首页\n\n<script>alert(1)</script>", f"{IDX}:7",
     "raw <script> in content"),
    ("iframe", IDX, "# 首页", "# 首页\n\n<iframe src=\"a.html\"></iframe>", f"{IDX}:7",
     "raw <iframe> in content"),
    ("event-handler", IDX, "# 首页", "# 首页\n\n<p onclick=\"go()\">点这里</p>", f"{IDX}:7",
     "inline event handler"),
    ("external-raw-image", IDX, "# 首页", "# 首页\n\n<img src=\"https://cdn.example.com/a.png\">",
     f"{IDX}:7", "external resource in raw HTML"),
    ("external-css", IDX, "# 首页", "# 首页\n\n<span style=\"background:url(//cdn.example.com/x.png)\">样式</span>",
     f"{IDX}:7", "external resource in a CSS url()"),
    ("cdn-link", IDX, "# 首页", "# 首页\n\n见[脚本](https://cdn.example.com/lib.js)。", f"{IDX}:7",
     "external link 'https://cdn.example.com/lib.js'"),
    ("external-image", IDX, "# 首页", "# 首页\n\n![图](http://img.example.com/a.png)", f"{IDX}:7",
     "external image"),
    ("unrendered-syntax", IDX, "# 首页", "# 首页\n\n本页有{{ 未渲染 }}的内容。", f"{IDX}:7",
     "template syntax in a page that macros do not render"),
    ("scraping-junk", EX, "局党组班子成员", "##paidbegin##局党组班子成员", f"{EX}:7",
     "scraping junk '##paidbegin##'"),
    ("phone", OB, "这是领导干部", "电话13912345678，这是领导干部", f"{OB}:14", "a mobile phone number"),
    ("id-card", OB, "这是领导干部", "身份证号11010519491231002X，这是领导干部", f"{OB}:14",
     "an ID card number"),
    ("qq", OB, "这是领导干部", "QQ：12345678，这是领导干部", f"{OB}:14", "a QQ number"),
    ("deny-list-name", EX, "局党组班子成员", "临海市局党组班子成员", f"{EX}:7", "real name '临海'"),
    ("ascii-punctuation", EX, "认真履行一岗双责，", "认真履行一岗双责;", f"{EX}:7",
     "ASCII punctuation ';'"),
    ("broken-internal-link", IDX, "obligations/yigang-shuangze.md", "obligations/nope.md",
     f"{IDX}:7", "broken link 'obligations/nope.md'"),
    ("broken-anchor", IDX, "yigang-shuangze.md)", "yigang-shuangze.md#buzai)", f"{IDX}:7",
     "broken anchor '#buzai'"),
    ("missing-snippet", IDX, "# 首页", "# 首页\n\n--8<-- \"nope.md\"", f"{IDX}:7",
     "snippet 'nope.md' not found"),
    ("script-in-yaml-record", EX, "局党组班子成员", "<script src=\"x.js\"></script>局党组班子成员",
     f"{EX}:7", "raw <script> in content"),
]


@pytest.mark.parametrize("case,rel,old,new,where,words", CASES, ids=[c[0] for c in CASES])
def test_planted_bad_input_fails_validation_with_its_message(mini, case, rel, old, new, where,
                                                             words):
    assert_reported(mini, rel, old, new, where, words)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["--root", str(mini), "validate"])
    assert code == 1 and "Traceback" not in err.getvalue() and where in err.getvalue()


OUTPUT_CASES = [
    ("cdn-script", '<script src="https://cdn.example.com/x.js"></script>',
     "external resource 'https://cdn.example.com/x.js'"),
    ("web-font", '<link href="//fonts.example.com/css" rel="stylesheet">',
     "external resource '//fonts.example.com/css'"),
    ("css-url", '<div style="background:url(https://img.example.com/a.png)"></div>',
     "external resource 'https://img.example.com/a.png'"),
    ("unrendered", "<p>单位{{ 名称 }}</p>", "unrendered template syntax '{{'"),
]


@pytest.mark.parametrize("case,html,words", OUTPUT_CASES, ids=[c[0] for c in OUTPUT_CASES])
def test_built_output_is_audited(case, html, words):
    source = "---\ntitle: x\n---\n\n# x\n"
    found = audit_page(f"<html><body>{html}</body></html>", source)
    assert any(words in what and fix for _, what, fix in found), found
    assert not audit_page("<html><body><code>{{ 代码 }}</code><a href='../a/'>a</a></body></html>",
                          source)
    assert not audit_page('<link rel="canonical" href="http://intranet/kb/a/">', source,
                          "http://intranet/kb/")


def test_mini_site_builds_and_passes_the_output_audit(mini, tmp_path):
    mutate(mini, IDX, "# 首页", "# 首页\n\n`代码里的 {{ 不算 }}`")
    result = mkdocs_build(mini, tmp_path / "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "Content-Security-Policy" in html


def test_history_is_empty_without_git(tmp_path):
    assert last_changed(tmp_path) == {}
