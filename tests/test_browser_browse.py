"""Browser tests of finding things: readable search results, the 表述库 and 术语 filters
and copy buttons, the per-role view of 责任矩阵, tag chips on a phone."""

from __future__ import annotations

import pytest

from .test_browser import _search

pytestmark = pytest.mark.browser

# Obligation queries whose requirement text and aliases hold none of the card's labels.
SNIPPET_QUERIES = [("痕迹管理", "/obligations/henji-guanli/"),
                   ("一岗双责", "/obligations/yigang-shuangze/"),
                   ("主体责任", "/obligations/zhuti-zeren/")]
LABELS = ("项目", "内容", "责任角色")
NO_CLIPBOARD = "Object.defineProperty(navigator, 'clipboard', {value: undefined});"


def _result(page, href_part):
    """The first result item linking to ``href_part``: its snippet text and chips."""
    return page.evaluate("""(part) => {
      const a = [...document.querySelectorAll('.md-search-result__item > a')]
        .find(a => a.href.includes(part));
      if (!a) return null;
      const art = a.querySelector('.md-search-result__article').cloneNode(true);
      art.querySelectorAll('h1, h2, .md-search-result__terms, .md-tags').forEach(e => e.remove());
      const terms = a.querySelector('.md-search-result__terms');
      return {snippet: art.textContent.trim(),
              chips: a.querySelectorAll('.md-tag').length,
              missing: terms ? terms.getBoundingClientRect().height : 0};
    }""", href_part)


@pytest.mark.parametrize("query,expected", SNIPPET_QUERIES)
def test_search_snippet_is_the_requirement_not_the_card_labels(page, site_url, catalog,
                                                               query, expected):
    page.goto(site_url + "/")
    _search(page, query)
    found = _result(page, expected)
    assert found, f"{query}: {expected} is not among the results"
    summary = next(o["summary"] for o in catalog["obligations"]
                   if expected.endswith(f"/{o['id']}/"))
    snippet = found["snippet"].replace("\u200b", "")
    assert snippet.startswith(summary[:12]), snippet
    assert not [w for w in LABELS if w in snippet], snippet
    assert found["chips"] == 0 and found["missing"] == 0


def test_template_hit_shows_no_missing_words_for_words_in_its_title(page, site_url):
    page.goto(site_url + "/")
    _search(page, "上半年自查")
    found = _result(page, "/templates/bannian-zicha/")
    assert found and found["chips"] == 0 and found["missing"] == 0
    assert "缺少" not in page.locator(".md-search-result").inner_text()


def test_glossary_term_search_opens_the_page_at_the_term(page, site_url, catalog):
    term = next(t for t in catalog["glossary"] if t["term"] == "两个确立")
    page.goto(site_url + "/")
    hrefs = _search(page, term["term"])
    target = next((h for h in hrefs if "/glossary/" in h and h.endswith(f"#{term['id']}")),
                  None)
    assert target, hrefs
    page.click(f".md-search-result__item > a[href$='#{term['id']}']")
    page.wait_for_url(f"**/glossary/**#{term['id']}")
    heading = page.locator(f"[id='{term['id']}']")
    heading.wait_for()
    page.wait_for_function("() => window.scrollY > 100")
    box = heading.bounding_box()
    bar = page.locator(".kb-filter").bounding_box()
    assert bar["y"] + bar["height"] <= box["y"] < page.viewport_size["height"], (bar, box)
    assert term["term"] in heading.inner_text()


def _visible_phrases(page):
    return page.eval_on_selector_all(
        "table.kb-phrases tbody tr",
        "rows => rows.filter(r => r.offsetParent !== null).map(r => r.cells[0].firstChild"
        ".textContent.trim())")


def test_phrase_filter_narrows_the_phrase_bank(page, site_url, catalog):
    page.goto(site_url + "/phrases/")
    every = _visible_phrases(page)
    assert len(every) > 300
    page.fill(".kb-filter-text", "底线")
    narrowed = _visible_phrases(page)
    expected = [p["text"] for p in catalog["phrases"] if not p.get("avoid")
                and ("底线" in p["text"] or "底线" in (p.get("note") or ""))]
    assert 0 < len(narrowed) < len(every) and sorted(narrowed) == sorted(expected)
    page.select_option(".kb-filter-category", "措施")
    in_category = _visible_phrases(page)
    assert set(in_category) <= set(narrowed)
    assert set(in_category) == {p["text"] for p in catalog["phrases"] if p["text"] in narrowed
                                and p["category"] == "措施"}
    assert "显示 " + str(len(in_category)) in page.inner_text(".kb-filter-count")


@pytest.mark.parametrize("secure_api", [True, False], ids=["clipboard-api", "no-clipboard-api"])
def test_phrase_copy_puts_its_text_on_the_clipboard(browser, site_url, secure_api):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    if not secure_api:
        context.add_init_script(NO_CLIPBOARD)
    page = context.new_page()
    page.goto(site_url + "/phrases/")
    row = page.locator("table.kb-phrases tbody tr").nth(5)
    text = row.locator("td").first.evaluate("td => td.firstChild.textContent.trim()")
    row.locator("button.kb-copy-item").click()
    page.wait_for_selector("button.kb-copied")
    reader = browser.new_context(permissions=["clipboard-read", "clipboard-write"]).new_page()
    reader.goto(site_url + "/")
    assert reader.evaluate("navigator.clipboard.readText()") == text
    reader.context.close()
    context.close()


def test_glossary_filter_and_term_copy_buttons(page, site_url, catalog):
    page.goto(site_url + "/glossary/")
    assert page.locator(".kb-entry h3 button.kb-copy-item").count() == len(catalog["glossary"])
    page.fill(".kb-filter-text", "网评员")
    shown = page.eval_on_selector_all(".kb-entry", "es => es.filter(e => !e.hidden).length")
    assert 0 < shown < len(catalog["glossary"])
    toc = page.locator(".md-sidebar--secondary .md-nav__link").all_inner_texts()
    assert any("两个确立" in t for t in toc), "every term is in the table of contents"


def test_matrix_per_role_view_shows_only_that_roles_duties(page, site_url, catalog):
    reports = []
    page.on("console", lambda m: reports.append(m.text) if "Content Security Policy"
            in m.text else None)
    page.goto(site_url + "/matrix/")
    page.wait_for_load_state("networkidle")
    assert reports == [], reports[:3]
    assert page.locator("article [style]").count() == 0
    mine = sorted(o["title"] for o in catalog["obligations"] if "书记" in o["role"])
    page.select_option(".kb-role-select", "书记")
    rows = page.eval_on_selector_all(
        "table.kb-matrix tbody tr:not(.kb-matrix-group)",
        "rows => rows.filter(r => r.offsetParent !== null).map(r => r.cells[0].innerText.trim())")
    assert sorted(rows) == mine
    heads = page.eval_on_selector_all(
        "table.kb-matrix thead th[data-role]",
        "ths => ths.filter(t => t.offsetParent !== null).map(t => t.innerText.trim())")
    assert heads == ["书记"]
    marks = page.eval_on_selector_all(
        "table.kb-matrix tbody td", "tds => tds.filter(t => t.offsetParent !== null)"
        ".map(t => t.textContent)")
    assert marks and set(marks) == {"●"}


def test_matrix_header_row_stays_in_view_when_scrolled(page, site_url):
    page.goto(site_url + "/matrix/")
    wrap = page.locator(".kb-matrix-wrap")
    top = page.locator("table.kb-matrix thead th").first.bounding_box()["y"]
    wrap.evaluate("w => { w.scrollTop = 600; w.scrollLeft = 300; }")
    page.wait_for_timeout(100)
    assert abs(page.locator("table.kb-matrix thead th").first.bounding_box()["y"] - top) < 2
    first = page.locator("table.kb-matrix tbody tr:not(.kb-matrix-group) th").nth(20)
    assert abs(first.bounding_box()["x"] - wrap.bounding_box()["x"]) < 3


def test_template_title_is_in_the_first_screen_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + "/templates/niandu-qingkuang-baogao/")
    title = page.locator("article h1").first.bounding_box()
    assert title["y"] + title["height"] <= 844, title
    assert page.locator(".md-tag").count() > 3
    context.close()


def test_every_page_loads_without_a_csp_report_or_an_outside_request(browser, site_url,
                                                                     built_site):
    pages = sorted("/" + str(p.relative_to(built_site).parent).replace(".", "").strip("/")
                   for p in built_site.rglob("index.html"))
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    reports, outside = [], []
    page.on("console", lambda m: reports.append((page.url, m.text))
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text else None)
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((site_url, "data:", "blob:")) else None)
    for path in pages:
        page.goto(site_url + (path.rstrip("/") + "/" if path != "/" else "/"))
    page.wait_for_load_state("networkidle")
    context.close()
    assert len(pages) > 80
    assert reports == [], reports[:5]
    assert outside == [], outside[:5]
