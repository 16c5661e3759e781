"""Two copies of the site on one host keep their own drafts and stored search index
(moving unscoped keys is tested in test_browser_rules.py)."""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer

import pytest

from .conftest import _QuietHandler

PAGE = "templates/bannian-zicha/"
NAME = ".kb-profile .kb-input[data-slot='单位名称']"


@pytest.fixture
def two_copies(built_site, tmp_path):
    """The built site served twice on one host, under /a/ and /b/."""
    (tmp_path / "a").symlink_to(built_site, target_is_directory=True)
    (tmp_path / "b").symlink_to(built_site, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _open(page, url):
    page.goto(url)
    page.wait_for_selector(".kb-bench")


@pytest.mark.browser
def test_two_copies_on_one_host_keep_their_own_drafts(browser, two_copies):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    _open(page, f"{two_copies}/a/{PAGE}")
    page.fill(NAME, "甲单位党组")
    _open(page, f"{two_copies}/b/{PAGE}")
    assert page.input_value(NAME) == ""                 # the other copy's draft is not shown
    page.fill(NAME, "乙单位党组")
    _open(page, f"{two_copies}/a/{PAGE}")
    assert page.input_value(NAME) == "甲单位党组"
    keys = page.evaluate("Object.keys(localStorage)")
    assert "kb@/a/:kb-profile" in keys and "kb@/b/:kb-profile" in keys, keys
    context.close()


@pytest.mark.browser
def test_each_copy_stores_its_search_index_in_its_own_database(browser, two_copies):
    from .search_harness import READY_PROBE, wait_ready, wait_stored

    context = browser.new_context()
    context.add_init_script(READY_PROBE)
    page = context.new_page()
    page.goto(f"{two_copies}/a/")
    assert wait_ready(page)["stored"] is False
    wait_stored(page, "kb-search:/a/")         # the worker stores the index after ready
    page.goto(f"{two_copies}/b/")
    assert wait_ready(page)["stored"] is False  # /a/'s index is not /b/'s
    wait_stored(page, "kb-search:/b/")
    page.goto(f"{two_copies}/a/phrases/")
    assert wait_ready(page)["stored"] is True
    names = page.evaluate("indexedDB.databases().then(d => d.map(x => x.name))")
    assert sorted(n for n in names if n.startswith("kb-search:")) == ["kb-search:/a/",
                                                                      "kb-search:/b/"]
    context.close()
