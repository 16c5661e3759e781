"""Browser tests in headless Chromium: the site works offline and search finds Chinese."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

# A two-character word that stands mid-sentence on one obligation page, and that page.
QUERY, EXPECTED = "台账", "/obligations/henji-guanli/"


def _search(page, query):
    page.click("label.md-search__icon[for=__search]", timeout=5000) if not page.is_visible(
        "input.md-search__input") else None
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    return page.eval_on_selector_all(".md-search-result__item > a",
                                     "els => els.map(e => e.getAttribute('href'))")


def test_home_page_opens(page, site_url):
    page.goto(site_url + "/")
    assert "意识形态工作责任制" in page.title()
    assert page.locator("h1").first.inner_text().startswith("意识形态工作责任制")


def test_search_finds_a_word_inside_a_chinese_sentence(page, site_url):
    obligation = page.context.new_page()
    obligation.goto(site_url + EXPECTED)
    text = obligation.locator("article").inner_text()
    obligation.close()
    i = text.find(QUERY)
    assert 0 < i and "\u4e00" <= text[i - 1] <= "\u9fff", "the word stands inside a sentence"
    page.goto(site_url + "/")
    hrefs = _search(page, QUERY)
    assert any(EXPECTED in href for href in hrefs), hrefs


def test_no_request_leaves_the_machine(page, site_url):
    page.goto(site_url + "/")
    _search(page, QUERY)
    page.goto(site_url + EXPECTED)
    page.wait_for_load_state("networkidle")
    hosts = {urlparse(u).hostname for u in page.requests if not u.startswith(("data:", "blob:"))}
    assert page.requests, "the visit was recorded"
    assert hosts == {"127.0.0.1"}, sorted(page.requests)
