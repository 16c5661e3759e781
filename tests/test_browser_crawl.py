"""Every built page in headless Chromium: no dialog, no CSP violation, no request off the site;
the browser checker refuses hostile files with a visible message."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from macros.checker.engine import CHECKER_DATA
from macros.outputs.layout import LAYOUT_SCRIPT

from .conftest import ROOT
from .test_hostile import ENTITY_BOMB

pytestmark = pytest.mark.browser

WATCH_CSP = """
window.__kbViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__kbViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


def _pages(built_site) -> list[str]:
    out = []
    for file in sorted(built_site.rglob("*.html")):
        rel = file.relative_to(built_site).as_posix()
        out.append("/" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel))
    return out


def _shipped_hashes() -> set[str]:
    """SHA-256 of every script the project and its theme ship as files."""
    theme = Path(__import__("material").__file__).parent / "templates"
    files = [*theme.rglob("*.js"), *(ROOT / "docs" / "assets").rglob("*.js"),
             *(ROOT / "overrides").rglob("*.js")]
    return {hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def _unshipped_scripts(built_site: Path, urls: list[str]) -> list[str]:
    """Scripts a page ran that are neither a shipped file (by content) nor one the kb build
    writes (the checker data, the layout, the patched search worker)."""
    shipped, bad = _shipped_hashes(), []
    for url in sorted(set(urls)):
        rel = urlparse(url).path.lstrip("/")
        file = built_site / rel
        if not file.is_file():
            bad.append(f"{rel}: no such file")
        elif rel in (CHECKER_DATA, LAYOUT_SCRIPT) or rel.startswith(
                "assets/javascripts/workers/search."):
            continue
        elif hashlib.sha256(file.read_bytes()).hexdigest() not in shipped:
            bad.append(f"{rel}: not a file the project or the theme ships")
    return bad


def test_every_page_loads_without_dialog_csp_report_or_outside_request(browser, built_site,
                                                                       site_url):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    dialogs, console, requests, violations = [], [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: console.append(m.text) if (
        "Content Security Policy" in m.text or "Refused to" in m.text) else None)
    scripts = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script"
            else None)
    # The search index (megabytes, parsed by a worker on every page) is not under test here.
    page.route("**/search/search_index.json", lambda route: route.abort())
    urls = _pages(built_site)
    assert len(urls) > 50 and "/404.html" in urls
    for url in urls:
        page.goto(site_url + url, wait_until="domcontentloaded")
        found = page.evaluate("window.__kbViolations || []")
        violations += [f"{url}: {v}" for v in found]
    page.wait_for_timeout(300)
    seen_console = list(console)
    # The watcher works: an inline style added now is reported.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.wait_for_function("window.__kbViolations.length > 0", timeout=5000)
    context.close()
    hosts = {urlparse(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
    assert not dialogs, dialogs
    assert not violations, violations[:20]
    assert not seen_console, seen_console[:20]
    assert hosts == {"127.0.0.1"}, sorted(u for u in requests if "127.0.0.1" not in u)[:20]
    # Every script that ran is one the project shipped: inline ones are held by the policy
    # (no violation above); files by content, or written by the kb build itself.
    assert len(set(scripts)) >= 5, scripts
    assert not _unshipped_scripts(built_site, scripts), _unshipped_scripts(built_site, scripts)


def _docx(parts: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


FILES = [
    ("malformed-docx", "a.docx", _docx({"word/document.xml": "<w:document"}), "文件已损坏"),
    ("entity-bomb-docx", "b.docx", _docx({"word/document.xml": ENTITY_BOMB}), "文件已损坏"),
    ("no-body-docx", "c.docx", _docx({"a.txt": "x"}), "没有正文"),
    ("random-docx", "d.docx", bytes(range(256)) * 16, "不是有效的 .docx"),
    ("binary-txt", "e.txt", bytes(range(256)) * 64, "二进制文件"),
    ("oversized-txt", "f.txt", "字".encode() * (1024 * 1024), "超过 1 MB"),
]


@pytest.mark.parametrize("case,name,data,words", FILES, ids=[f[0] for f in FILES])
def test_browser_checker_shows_an_error_for_a_hostile_file(page, site_url, case, name, data,
                                                           words):
    page.goto(site_url + "/checker/")
    page.wait_for_selector("input.kb-check-file", state="attached", timeout=10000)
    page.set_input_files("input.kb-check-file", files=[{"name": name, "mimeType":
                                                        "application/octet-stream",
                                                        "buffer": data}])
    status = page.locator(".kb-status")
    status.filter(has_text="无法读取").wait_for(timeout=5000)
    assert words in status.inner_text()
    assert "检查完成" not in page.locator("#kb-checker").inner_text()
