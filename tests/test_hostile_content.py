"""Content cannot run code (issue 21): a second hostile suite, one class of route per table.

Every trial is a content pull request an attacker could send. Each is refused by `kb validate`
(or by the build, or by the output audit) with the file and line, a way to fix it, no
traceback, within the time limit (the `kb validate` trials are rows of
test_bad_inputs.BAD_INPUTS; the inputs are new: none repeats the issue 12 ones).
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from macros.checks import loader
from macros.model import cache, snapshot
from macros.site.audit import audit_page, normalise_url

from .conftest import ROOT, mkdocs_build
from .test_bad_inputs import LIMIT, OWN, assert_refused, mutate, nested_divs, run_kb

OB = "docs/obligations/yigang-shuangze.md"
IDX = "docs/index.md"


def test_a_symlink_under_data_is_refused(mini):
    (mini / "data" / "glossary" / "more.yml").symlink_to("/etc/hostname")
    code, text, seconds = run_kb("--root", str(mini), "validate")
    assert_refused(code, text, seconds, "data/glossary/more.yml:1", "symbolic link", LIMIT)


def test_a_symlinked_folder_under_docs_is_refused(mini, tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (mini / "docs" / "more").symlink_to(tmp_path / "outside")
    code, text, seconds = run_kb("--root", str(mini), "validate")
    assert_refused(code, text, seconds, "docs/more:1", "symbolic link", LIMIT)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})


def test_a_committed_build_cache_is_refused(mini):
    (mini / ".gitignore").write_text(".cache/\n/site/\n", encoding="utf-8")
    planted = mini / ".cache" / "kb" / "catalog.json"
    planted.parent.mkdir(parents=True)
    planted.write_text("x\n{}", encoding="utf-8")
    _git(mini, "init", "-q")
    _git(mini, "add", "-A")
    _git(mini, "add", "-f", ".cache/kb/catalog.json")
    _git(mini, "commit", "-qm", "content")
    code, text, seconds = run_kb("--root", str(mini), "validate")
    assert_refused(code, text, seconds, ".cache/kb/catalog.json:1",
                   "committed under a path the repository ignores", LIMIT)


# --- the cache holds data, under a key a planted file cannot know -------------------------

def test_the_catalogue_snapshot_is_data_and_round_trips(mini):
    cat = loader.load(mini)
    assert not cat.problems
    text = snapshot.dumps(cat)
    again = snapshot.loads(text, type(cat)(cat.root))
    assert snapshot.dumps(again) == text
    ob = again.obligations["yigang-shuangze"]
    assert ob.line_of("title") == cat.obligations["yigang-shuangze"].line_of("title")
    assert again.examples_by_obligation.keys() == cat.examples_by_obligation.keys()
    assert "pickle" not in Path(loader.__file__).read_text(encoding="utf-8")


def test_a_planted_snapshot_and_mark_are_never_read(mini, monkeypatch, tmp_path):
    """An attacker can compute every input of the key except this user's secret."""
    real = loader.load(mini)
    planted = loader.load(mini)
    planted.obligations["yigang-shuangze"]["title"] = "植入的标题"
    monkeypatch.setenv(cache.SECRET_ENV, str(tmp_path / "attacker-secret"))
    cache.secret.cache_clear()
    cache.code_key.cache_clear()
    guessed = loader.source_key(mini)
    folder = cache.cache_dir(mini)
    (folder / loader.SNAPSHOT).write_text(guessed + "\n" + snapshot.dumps(planted), "utf-8")
    (folder / "checked").write_text(guessed)
    monkeypatch.setenv(cache.SECRET_ENV, str(tmp_path / "user-secret"))
    cache.secret.cache_clear()
    cache.code_key.cache_clear()
    try:
        assert loader.load_if_verified(mini) is None
        cat = loader.load_cached(mini)
        assert cat.obligations["yigang-shuangze"]["title"] == \
            real.obligations["yigang-shuangze"]["title"]
        again = loader.load_if_verified(mini)       # the user's own snapshot is used
        assert again is not None and again.verified
    finally:
        cache.secret.cache_clear()
        cache.code_key.cache_clear()


def test_product_keys_depend_on_the_secret(monkeypatch, tmp_path):
    keys = []
    for name in ("a", "b"):
        monkeypatch.setenv(cache.SECRET_ENV, str(tmp_path / name))
        cache.secret.cache_clear()
        keys.append(cache.keyed("same inputs"))
    cache.secret.cache_clear()
    assert keys[0] != keys[1]
    assert (tmp_path / "a").stat().st_mode & 0o077 == 0      # readable by its user only


# --- the output audit: a parser against allow-lists (its table: test_bad_inputs.BAD_OUTPUT) --


def test_the_audit_accepts_the_sites_own_scripts_and_links():
    page = ('<!doctype html><html lang="zh"><head><meta charset="utf-8">'
            '<link rel="stylesheet" href="../../assets/kb.css">'
            '<script src="../../assets/kb.js"></script></head><body>'
            '<a href="../a/#x" class="md-nav__link">a</a><a href="mailto:a@b">m</a>'
            '<img src="../../assets/a.png" alt=""><code>{{ 代码 }}</code>'
            '<script src="../../assets/javascripts/bundle.min.js"></script></body></html>')
    assert audit_page(page, "", "", (), "obligations/x/index.html", OWN) == []


def test_the_audit_reports_the_source_line():
    source = "---\ntitle: x\n---\n\n# x\n\n段落。\n\n<p data-x=\"1\" onmouseenter=\"go()\">y</p>\n"
    page = '<html><body><p data-x="1" onmouseenter="go()">y</p></body></html>'
    found = audit_page(page, source)
    assert [line for line, what, _ in found if "onmouseenter" in what] == [9]


@pytest.mark.parametrize("raw,url", [(" \x01/\\host/a ", "//host/a"), ("ja\tva\nscript:x",
                                                                          "javascript:x")])
def test_urls_are_normalised_as_a_browser_reads_them(raw, url):
    assert normalise_url(raw) == url


def _big_page(size: int) -> str:
    row = '<tr><td class="kb">研判</td><td><a href="../a/">一岗双责</a></td></tr>\n'
    body = row * (size // len(row.encode()))
    return f"<!doctype html><html><head></head><body><table>{body}</table></body></html>"


@pytest.mark.parametrize("html", [
    _big_page(3_500_000),
    "<a " * 1_200_000,                          # an unclosed tag: quadratic in html.parser
    '<a b="' * 600_000,
    "<p onclick=x>" * 270_000,
], ids=["table-3.5mb", "unclosed-tags", "unclosed-quotes", "handlers"])
def test_the_audit_takes_bounded_time_on_a_large_page(html):
    start = time.perf_counter()
    audit_page(html, "", "", (), "a/index.html", OWN)
    assert time.perf_counter() - start < 5.0          # linear: well under 2 s unloaded


# --- the build refuses before rendering ---------------------------------------------------

def test_the_build_refuses_a_record_page_with_macros_at_its_line(mini, tmp_path):
    mutate(mini, OB, "evidence_slots: [研判次数]\n", "evidence_slots: [研判次数]\n"
           "render_macros: true\n")
    result = mkdocs_build(mini, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output[-3000:]
    assert f"{OB}:10:" in output and "record page" in output, output[-3000:]
    assert not (tmp_path / "out" / "obligations" / "yigang-shuangze" / "index.html").exists()


def test_the_build_refuses_deep_nesting_without_recursion_error(mini, tmp_path):
    mutate(mini, IDX, "# 首页", "# 首页\n\n" + nested_divs(1000))
    result = mkdocs_build(mini, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "RecursionError" not in output and "Traceback" not in output, output[-3000:]
    assert f"{IDX}:47:" in output and "nested over" in output, output[-3000:]


def test_the_audit_allow_list_holds_for_the_real_site(built_site):
    """Every page of the real site passes the audit with the scripts the build shipped."""
    from macros.site.csp import known_scripts

    own = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.js")}
    known = known_scripts([ROOT / "overrides",
                           Path(__import__("material").__file__).parent / "templates"])
    bad = {}
    for file in sorted(built_site.rglob("*.html")):
        html = file.read_text(encoding="utf-8")
        rel = file.relative_to(built_site).as_posix()
        found = [w for _, w, _ in audit_page(html, "", "", known, rel, frozenset(own))
                 if "http-equiv" not in w]        # the policy itself, added after the audit
        if found:
            bad[rel] = found
    assert not bad, list(bad.items())[:3]


@pytest.mark.parametrize("src,ok", [
    ("/kb/assets/kb.js", True), ("http://intranet/kb/assets/kb.js", True),
    ("../kb/assets/kb.js", True), ("/assets/kb.js", False), ("../assets/kb.js", False),
    ("/kb/search/search_index.json", False)])
def test_script_paths_resolve_under_the_sites_sub_path(src, ok):
    found = audit_page(f'<html><body><script src="{src}"></script></body></html>', "",
                       "http://intranet/kb/", (), "404.html", OWN)
    assert (found == []) is ok, found


def test_a_unit_name_longer_than_the_rules_allow_is_refused_with_its_rule(tmp_path):
    """A 300-character 单位名称 is refused by the value rule (data/rules.yml), with the rule,
    never an internal error; a Word property still never exceeds its 255 characters."""
    from macros.outputs.word import _property_text

    name = "某" * 300 + "局党组"
    out = tmp_path / "a.docx"
    code, text, seconds = run_kb("--root", str(ROOT), "fill", "niandu-qingkuang-baogao",
                                 "--set", f"单位名称={name}", "-o", str(out))
    assert code == 2 and "internal error" not in text, text
    assert "单位名称" in text and "shorten it" in text and not out.exists()
    assert len(_property_text("题" * 300)) == 255
