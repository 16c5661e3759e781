"""Shared fixtures: project paths, fixture copies, a built site, a server, a browser."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from macros.checker.engine import checker_data
from macros.checks.loader import load

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
GENERIC_PAGES = ("checker.md", "review.md", "review-guide.md", "matrix.md", "calendar.md", "tags.md",
                 "documents/named-formulas.md", "documents/tifa.md")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-default-apps"]


def site_project(dest: Path, source: Path = MINI) -> Path:
    """A buildable project at ``dest``: ``source`` content plus the real site config."""
    shutil.copytree(source, dest)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    for sub in ("assets", "snippets"):
        if not (dest / "docs" / sub).exists():
            shutil.copytree(ROOT / "docs" / sub, dest / "docs" / sub)
    for page in GENERIC_PAGES:              # pages made of macros only, shared as they are
        if not (dest / "docs" / page).exists():
            shutil.copy(ROOT / "docs" / page, dest / "docs" / page)
    for config in ("vocab.yml", "lint.yml", "layout.yml", "checker.yml", "checker-genre.json",
                   "rules.yml"):
        if not (dest / "data" / config).exists():
            shutil.copy(ROOT / "data" / config, dest / "data" / config)
    (dest / "macros").symlink_to(ROOT / "macros")
    return dest


def mkdocs_build(project: Path, out: Path, **env) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` as a user would and capture its output."""
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-d", str(out)],
        cwd=project, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}, timeout=600,
    )


@pytest.fixture(scope="session")
def cat():
    """The real catalogue, loaded once (tests read it, never change it)."""
    return load(ROOT)


@pytest.fixture(scope="session")
def data(cat):
    """The draft checker's specification for the real catalogue, as both engines read it."""
    return checker_data(cat)


@pytest.fixture(scope="session")
def catalog() -> dict:
    """The real catalogue as `kb export --json` publishes it (run as a user would)."""
    out = subprocess.run([str(BIN / "kb"), "export", "--json"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


@pytest.fixture
def mini(tmp_path) -> Path:
    """A fresh, valid copy of the minimal fixture knowledge base."""
    return site_project(tmp_path / "kb")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project built strictly into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            pass                    # the browser closed the page or refused the file


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on 127.0.0.1 for the browser tests."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def pytest_collection_modifyitems(items):
    """Every test that drives Chromium carries the ``browser`` marker, declared or not:
    `make test-fast` (``-m "not browser"``) leaves them all out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, site_url):
    """A new page that records every request it makes."""
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda req: pg.requests.append(req.url))
    yield pg
    context.close()


# Collects the page's CSP violations in window.__csp.
CSP_WATCH = ("window.__csp = []; document.addEventListener('securitypolicyviolation',"
             " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")


@pytest.fixture
def bench(browser, site_url):
    """A fresh browser context (empty storage) that records requests and CSP violations."""
    context = browser.new_context(locale="zh-CN", accept_downloads=True,
                                  permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(CSP_WATCH)
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda req: pg.requests.append(req.url))
    yield pg
    context.close()
