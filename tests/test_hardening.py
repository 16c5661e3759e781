"""Bad input never ships: the mini site builds and passes the output audit (the planted
defects are rows of test_bad_inputs.BAD_INPUTS and BAD_OUTPUT)."""

from __future__ import annotations

from macros.model.history import last_changed
from macros.site.audit import audit_page

from .conftest import mkdocs_build
from .test_bad_inputs import mutate

IDX = "docs/index.md"


def test_clean_output_passes_the_audit():
    source = "---\ntitle: x\n---\n\n# x\n"
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
