"""Run search queries in the real site, in headless Chromium, and time them."""

from __future__ import annotations

import time
from pathlib import Path

import yaml

QUERIES = Path(__file__).with_name("search_queries.yml")

# Types a query the way a user does and resolves with the result links once Material
# has rendered them, with the time it took.
RUN_QUERY = """async (query) => {
  const input = document.querySelector("input.md-search__input");
  input.value = "";
  input.dispatchEvent(new Event("input", {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent("keyup", {key: "End", bubbles: true}));
  for (let i = 0; i < 200 && document.querySelector(".md-search-result__list").children.length; i++)
    await new Promise(r => setTimeout(r, 10));
  const list = document.querySelector(".md-search-result__list");
  const meta = document.querySelector(".md-search-result__meta");
  const toggle = document.querySelector("#__search");
  if (toggle && !toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
  input.focus();
  const start = performance.now();
  // Results end the wait. "No results" ends it only if no results follow within a second:
  // Material shows the answer to an earlier query (the emptied box, sent when the worker
  // became ready) under the current one, and the current answer comes right after it.
  const done = new Promise((resolve) => {
    let none = null;
    const finish = () => { obs.disconnect(); clearTimeout(none); resolve(); };
    const obs = new MutationObserver(() => {
      if (list.children.length > 0) finish();
      else if (/没有|No matching/.test(meta.textContent) && none === null)
        none = setTimeout(finish, 1000);
    });
    obs.observe(list, {childList: true, subtree: true});
    obs.observe(meta, {childList: true, subtree: true, characterData: true});
    setTimeout(finish, 30000);   // a busy machine: the index is not ready yet
  });
  input.value = query;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent("keyup", {key: "End", bubbles: true}));
  await done;
  const ms = performance.now() - start;
  const hrefs = [...list.querySelectorAll(":scope > .md-search-result__item > a")]
    .map(a => new URL(a.getAttribute("href"), location.href).pathname);
  return {ms, hrefs};
}"""


# Wraps the page's Worker constructor to hear the search worker's "ready" message (Material's
# message type 1): when the page heard it (ms after the worker was made), and what the patched
# worker adds to it: its own time to ready (kbReadyMs, by the worker's clock, which leaves out
# the moments the loading page's own scripts keep it from hearing) and whether it read its
# index back from storage (kbStored). Add with context.add_init_script before the page loads.
READY_PROBE = """(() => {
  const Real = window.Worker;
  if (!Real) return;
  window.Worker = function (url, options) {
    const worker = new Real(url, options), start = performance.now();
    worker.addEventListener("message", (e) => {
      if (e.data && e.data.type === 1 && window.__kbReady === undefined)
        window.__kbReady = {heard: performance.now() - start, worker: e.data.kbReadyMs,
                            stored: e.data.kbStored};
    });
    return worker;
  };
  window.Worker.prototype = Real.prototype;
})()"""


def wait_ready(page, seconds: float = 30) -> dict:
    """The probe's ``{"heard", "worker", "stored"}`` once the worker is ready (polled: the
    site's CSP refuses the eval behind wait_for_function)."""
    for _ in range(int(seconds * 20)):
        ready = page.evaluate("() => window.__kbReady")
        if ready is not None:
            return ready
        page.wait_for_timeout(50)
    raise AssertionError("the search worker never said it was ready")


STORED = """name => new Promise(done => {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => req.result.createObjectStore("index");
  req.onsuccess = () => {
    const get = req.result.transaction("index").objectStore("index").get("current");
    get.onsuccess = () => { done(!!get.result); req.result.close(); };
    get.onerror = () => { done(false); req.result.close(); };
  };
  req.onerror = () => done(false);
})"""


def wait_stored(page, name: str = "kb-search:/") -> None:
    """Until the worker has put its built index in the IndexedDB database ``name`` (named
    after the site's path; polled)."""
    for _ in range(300):
        if page.evaluate(STORED, name):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"no index stored in {name}")


def load_queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def run_query(page, query: str) -> dict:
    """Clear the box, type the query, return ``{"ms", "hrefs"}`` (result pages in order)."""
    return page.evaluate(RUN_QUERY, query)


def run_suite(browser, site_url: str, queries: list[dict], top: int = 5) -> dict:
    """success@top over the suite, cold and warm latency, and each miss."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "/")
    t0 = time.perf_counter()
    cold = run_query(page, queries[0]["query"])
    cold_wall = (time.perf_counter() - t0) * 1000
    results, warm = [], []
    for q in queries:
        r = run_query(page, q["query"])
        warm.append(r["ms"])
        pages = []
        for h in r["hrefs"]:
            if h not in pages:
                pages.append(h)
        rank = pages.index(q["expect"]) + 1 if q["expect"] in pages[:top] else None
        results.append({**q, "rank": rank, "got": pages[:top]})
    context.close()
    found = sum(1 for r in results if r["rank"])
    warm.sort()
    return {"success": found / len(results), "found": found, "total": len(results),
            "cold_ms": cold["ms"], "cold_wall_ms": cold_wall,
            "warm_median_ms": warm[len(warm) // 2], "warm_max_ms": warm[-1],
            "misses": [r for r in results if not r["rank"]]}
