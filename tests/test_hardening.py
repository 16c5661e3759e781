"""Bad input never ships: each planted defect fails with `file:line: what — how to fix`."""

from __future__ import annotations

import pytest

from macros.model.history import last_changed
from macros.site.audit import audit_page

from .conftest import mkdocs_build
from .test_bad_inputs import mutate

IDX = "docs/index.md"




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
