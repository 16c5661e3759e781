"""A query typed while the page is still loading is answered once the index is ready."""

from __future__ import annotations

import pytest

QUERY = "三审三校"
RESULT = ".md-search-result__list > .md-search-result__item"
TRIES = 20


def _type_while_loading(page, url: str, wait_ms: int) -> str:
    """Open ``url``, type QUERY ``wait_ms`` after the search box appears (the way an input
    method commits Chinese text: one `input` event, no key going up), and return what the
    result list says once the worker has answered."""
    page.goto(url, wait_until="commit")
    page.wait_for_selector("input.md-search__input", state="attached")
    if wait_ms:
        page.wait_for_timeout(wait_ms)
    page.focus("input.md-search__input")
    page.keyboard.insert_text(QUERY)
    try:
        page.wait_for_selector(RESULT, state="attached", timeout=30_000)
    except Exception:          # the query was lost: report what the page shows instead
        pass
    return page.locator(".md-search-result__meta").inner_text()


@pytest.mark.browser
def test_a_query_typed_at_any_moment_of_loading_is_answered(browser, site_url):
    """Twenty fresh visitors type at moments spread from the box's first appearance to well
    after the worker is ready, on their first page (index built) and on a later page (index
    read back from storage): every query gets its results."""
    lost = []
    for i in range(TRIES):
        context = browser.new_context()
        page = context.new_page()
        for url in (site_url + "/", site_url + "/phrases/"):
            meta = _type_while_loading(page, url, wait_ms=i * 80)
            count = page.locator(RESULT).count()
            if not count:
                lost.append(f"try {i} ({i * 80} ms) {url}: {meta!r}")
        context.close()
    assert lost == [], "\n".join(lost)
