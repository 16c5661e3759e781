"""Search finds what writers ask for: the query suite in Chromium, and the word list."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from macros.checks.loader import load
from macros.site.search_worker import worker_code, worker_path
from macros.views.searchdict import vocabulary

from .conftest import ROOT
from .search_harness import load_queries, run_suite

SUCCESS_AT_5 = 0.95
BOTH_WAYS = [("三审三校", "三审"), ("分析研判", "研判"), ("每季度", "季度")]


def test_query_suite_is_realistic_and_large_enough():
    queries = load_queries()
    assert len(queries) >= 40
    kinds = {q["kind"] for q in queries}
    assert kinds == {"formula", "fragment", "task", "question"}
    texts = {q["query"] for q in queries}
    for whole, part in BOTH_WAYS:
        assert whole in texts and part in texts, (whole, part)


@pytest.mark.browser
def test_query_suite_finds_the_page_in_the_first_five(browser, site_url):
    result = run_suite(browser, site_url, load_queries())
    print(f"\nsearch: success@5 {result['success']:.3f} ({result['found']}/{result['total']}), "
          f"cold {result['cold_ms']:.0f} ms, warm median {result['warm_median_ms']:.0f} ms")
    misses = [f"{m['query']} → {m['expect']} (got {m['got']})" for m in result["misses"]]
    assert result["success"] >= SUCCESS_AT_5, "\n".join(misses)


@pytest.mark.browser
@pytest.mark.parametrize("whole,part", BOTH_WAYS)
def test_compound_and_its_part_both_find_the_page(browser, site_url, whole, part):
    expect = {q["query"]: q["expect"] for q in load_queries()}
    result = run_suite(browser, site_url, [{"query": whole, "expect": expect[whole]},
                                           {"query": part, "expect": expect[part]}])
    assert result["success"] == 1.0, result["misses"]


def test_word_list_splits_compounds_and_keeps_fragile_terms_whole():
    words = dict(vocabulary(load(ROOT)))
    assert words["每季度"] == 1 and words["季度"] > 1000     # split: 季度 findable alone
    assert "网评员" in words                                  # jieba would cut 网/评员
    assert "分析研判" not in words                            # jieba keeps 分析 + 研判 apart


def test_built_search_index_is_compact_and_keyed_by_its_hash(built_site):
    raw = (built_site / "search" / "search_index.json").read_text("utf-8")
    assert not re.search(r"\\u[4-9a-f][0-9a-f]{3}", raw), "Han characters are not escaped"
    assert "\u200b" in raw
    data = json.loads(raw)
    calendar = [d for d in data["docs"] if d["location"] == "calendar/"]
    assert calendar and "月份" not in calendar[0]["text"]          # the month table is not indexed
    key = data["config"].pop("kb_key")                             # a new index, a new key
    unkeyed = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert key == hashlib.sha256(unkeyed.encode()).hexdigest()[:16]


def test_pages_load_the_sites_own_worker_named_by_its_content(built_site):
    code = worker_code()
    path = worker_path(code)
    assert (built_site / path).read_text("utf-8") == code
    assert re.fullmatch(r"assets/javascripts/workers/kb-search\.[0-9a-f]{10}\.js", path)
    assert not list((built_site / "assets/javascripts/workers").glob("search.*"))
    for page, prefix in (("index.html", ""), ("templates/index.html", "../"),
                         ("obligations/yigang-shuangze/index.html", "../../")):
        html = (built_site / page).read_text("utf-8")
        assert f'"search": "{prefix}{path}"' in html, page


RESULTS_HTML = "() => document.querySelector('.md-search-result__list').innerHTML"


def _results(page, query: str) -> str:
    """The result list of ``query`` (typed again once if the harness caught the list
    between two renderings, empty)."""
    from .search_harness import run_query

    for _ in range(2):
        run_query(page, query)
        page.wait_for_timeout(100)
        html = page.evaluate(RESULTS_HTML)
        if html:
            return html
    return html


@pytest.mark.browser
def test_second_page_reuses_the_search_index_built_on_the_first(browser, site_url):
    """The worker keeps the built index in IndexedDB under the index's hash; the next page
    reads it back instead of building it again, and shows the same results, highlights
    included, for every query of the suite."""
    from .search_harness import READY_PROBE, load_queries, wait_ready, wait_stored

    queries = [q["query"] for q in load_queries()][:12] + ["两个确立", "网络"]
    context = browser.new_context()
    context.add_init_script(READY_PROBE)
    page = context.new_page()
    page.goto(site_url + "/")
    assert wait_ready(page)["stored"] is False                     # built on the first page
    first = {q: _results(page, q) for q in queries}
    wait_stored(page)                           # the worker stores the index after ready
    stored = page.evaluate("""() => new Promise(done => {
      const req = indexedDB.open("kb-search:/", 1);
      req.onsuccess = () => {
        const get = req.result.transaction("index").objectStore("index").get("current");
        get.onsuccess = () => done(get.result ? get.result.key : null);
      };
      req.onerror = () => done(null);
    })""")
    index = page.request.get(site_url + "/search/search_index.json").json()
    assert stored == index["config"]["kb_key"]          # one index, under its hash
    page.goto(site_url + "/phrases/")
    assert wait_ready(page)["stored"] is True                     # read back, not rebuilt
    second = {q: _results(page, q) for q in queries}
    assert [q for q in queries if not first[q]] == []
    assert [q for q in queries if second[q] != first[q]] == []
    context.close()


def _theme(tmp_path, base: str, bundle: str):
    folder = tmp_path / "theme"
    (folder / "assets/javascripts").mkdir(parents=True)
    (folder / "base.html").write_text(base, encoding="utf-8")
    (folder / "assets/javascripts/bundle.0123abcd.min.js").write_text(bundle, encoding="utf-8")
    return [str(folder)]


CONFIG_LINE = '"search": "assets/javascripts/workers/search.a7633da7.min.js" | url,'
MESSAGES = "r.next({type:0,data:{}});t.next({type:2,data:i});e.type===1;e.type===3"


def test_a_material_upgrade_that_changes_the_search_contract_stops_the_build(tmp_path):
    """The build names what to review instead of shipping a worker nobody talks to."""
    from macros.site.search_worker import WorkerError, check_material

    check_material(_theme(tmp_path / "ok", CONFIG_LINE, MESSAGES))       # today's Material
    with pytest.raises(WorkerError, match="no longer names its search worker"):
        check_material(_theme(tmp_path / "a", '"worker": "x.js" | url,', MESSAGES))
    with pytest.raises(WorkerError, match=r"messages changed \(not found: .type===3\)"):
        check_material(_theme(tmp_path / "b", CONFIG_LINE, MESSAGES.replace("e.type===3", "")))
    import material

    check_material([str(Path(material.__file__).parent / "templates")])  # the installed one


def test_pages_and_index_the_worker_cannot_serve_are_refused():
    from macros.site.search_worker import WorkerError, check_index, point_at_worker

    page = ('<script id="__config" type="application/json">{"base": "..", "search": '
            '"../assets/javascripts/workers/search.a7633da7.min.js"}</script>')
    assert '"search": "../assets/javascripts/workers/kb-search.1.js"' in point_at_worker(
        page, "assets/javascripts/workers/kb-search.1.js")
    with pytest.raises(WorkerError, match="names no Material search worker"):
        point_at_worker(page.replace("search.a7633da7", "search-x"), "w.js")
    config = {"lang": ["en"], "separator": "[\\s]", "pipeline": [], "fields": {}}
    check_index({"config": config}, "index")
    with pytest.raises(WorkerError, match="needs lunr-languages"):
        check_index({"config": {**config, "lang": ["zh"]}}, "index")
    with pytest.raises(WorkerError, match="no longer has"):
        check_index({"config": {"lang": ["en"]}}, "index")
