"""Where users are: CSP-locked pages, an intranet sub-path, a shared folder (file://);
and the maintainers' tools (kb new, last-changed dates)."""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer
from urllib.parse import urlparse

import pytest

from .conftest import ROOT, _QuietHandler, mkdocs_build
from .search_harness import run_query

CSP_WATCH = ("window.__csp = []; document.addEventListener('securitypolicyviolation',"
             " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")


def test_pages_show_when_they_last_changed(built_site):
    html = (built_site / "obligations" / "yigang-shuangze" / "index.html").read_text("utf-8")
    assert "最后更新：20" in html


@pytest.mark.browser
def test_search_fill_copy_and_checker_work_under_the_csp(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.goto(site_url + "/")
    assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
    assert run_query(page, "三审三校")["hrefs"]
    page.goto(site_url + "/templates/bannian-zicha/")
    page.fill(".kb-input[data-slot='单位名称']", "某镇党委")
    assert "某镇党委" in page.locator(".kb-slot[data-slot='单位名称']").first.inner_text()
    page.click("button.kb-copy[data-section='daoyu']")
    page.wait_for_selector(".kb-status:has-text('已复制')")
    violations = page.evaluate("window.__csp")
    page.goto(site_url + "/checker/")
    page.fill(".kb-check-text", "某局党组全年召开党组会议专题研究意识形态工作4次。")
    page.click(".kb-check-run")
    page.wait_for_selector(".kb-status:has-text('检查完成')")
    violations += page.evaluate("window.__csp")
    assert violations == []
    context.close()


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory):
    """The site built for http://127.0.0.1:PORT/kb/ and served from the folder above it."""
    root = tmp_path_factory.mktemp("www")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_QuietHandler, directory=str(root)))
    url = f"http://127.0.0.1:{server.server_address[1]}/kb/"
    result = mkdocs_build(ROOT, root / "kb", SITE_URL=url)
    assert result.returncode == 0, result.stderr[-3000:]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()


@pytest.mark.browser
def test_site_works_under_an_intranet_sub_path(browser, sub_path_site):
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(sub_path_site)
    hrefs = run_query(page, "网评员")["hrefs"]
    assert any(h.startswith("/kb/obligations/") for h in hrefs), hrefs
    page.goto(sub_path_site + "templates/niandu-qingkuang-baogao/")
    href = page.get_attribute(".kb-download a", "href")
    assert page.request.get(page.url + href).ok
    page.wait_for_load_state("networkidle")
    outside = [u for u in requests if not u.startswith(sub_path_site) and
               not u.startswith(("data:", "blob:"))]
    assert outside == [], outside
    page.close()


@pytest.mark.browser
def test_site_works_from_a_shared_folder_over_file_url(browser, tmp_path):
    out = tmp_path / "offline"
    result = mkdocs_build(ROOT, out, KB_OFFLINE="true")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "unpkg" not in (out / "index.html").read_text("utf-8")
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((out / "index.html").as_uri())
    hrefs = run_query(page, "台账")["hrefs"]
    assert any("obligations/henji-guanli.html" in h for h in hrefs), hrefs
    page.goto((out / "checker.html").as_uri())
    page.fill(".kb-check-text", "某局党组全年召开党组会议专题研究意识形态工作4次。")
    page.click(".kb-check-run")
    page.wait_for_selector(".kb-status:has-text('检查完成')")
    schemes = {urlparse(u).scheme for u in requests}
    assert schemes <= {"file", "data", "blob", "about"}, sorted(requests)
    page.close()
