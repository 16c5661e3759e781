"""`make bench`: build and search figures of the real site against plain Material over
the same rendered pages, and of the site with every record kind multiplied 10× and 30×.

Builds are interleaved (plain, ours with an empty cache, ours warm, … repeated) and each
figure is the median of the per-round ratios, so a machine that drifts or is shared skews
both sides alike. The headline is the empty-cache ratio (a fresh clone, CI, any content
edit); the warm ratio follows. The last line starts with `bench:` and is also written,
with every figure, to `bench.json`. Targets are reported, not asserted.
Search ready is timed from the search worker's start to its ready message, by the worker's
own clock (the targets); the time at which the loading page hears that message, which also
waits for the page's own scripts, is reported beside it.
Environment: BENCH_RUNS (rounds, default 7, at least 5), BENCH_SCALES (default "10,30", "" for none)."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

import yaml

from .conftest import BIN, CHROMIUM, CHROMIUM_ARGS, ROOT, _QuietHandler
from .search_harness import (
    READY_PROBE,
    load_queries,
    run_query,
    run_suite,
    wait_ready,
    wait_stored,
)

# Builds run as on a writer's or maintainer's machine: Python keeps the bytecode of the
# project's modules (the installed libraries were compiled by pip), so a shell that sets
# PYTHONDONTWRITEBYTECODE does not charge our side, and only ours, for compiling its sources.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "NO_MKDOCS_2_WARNING": "1"}
TARGETS = {"ratio_empty": 1.3, "ratio_warm": 1.05, "scale30": 30.0, "median_kb": 60.0,
           "cold_ms": 700.0, "second_ms": 100.0, "warm_ms": 20.0, "reload_s": 3.0,
           "check_s": 0.3}
RUNS = max(5, int(os.environ.get("BENCH_RUNS", "7")))
SCALES = [int(x) for x in os.environ.get("BENCH_SCALES", "10,30").split(",") if x.strip()]


def log(msg: str) -> None:
    print(msg, flush=True)


def timed_build(project: Path, out: Path, empty_cache: bool = False, **env) -> float:
    """Wall time of one `mkdocs build --strict` in a fresh process, as users run it;
    with ``empty_cache`` the project's build cache is removed first (not timed)."""
    if empty_cache:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    start = time.perf_counter()
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(out)],
                            cwd=project, capture_output=True, text=True, env={**ENV, **env})
    if result.returncode != 0:
        raise SystemExit(f"bench: build of {project} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def interleaved(real: Path, plain: Path, tmp: Path, runs: int) -> dict:
    """Rounds of plain, ours with an empty cache, ours warm; medians of times and ratios."""
    times = {"plain": [], "empty": [], "warm": []}
    for i in range(runs):
        times["plain"].append(timed_build(plain, tmp / "plain-site"))
        times["empty"].append(timed_build(real, tmp / "site", empty_cache=True))
        times["warm"].append(timed_build(real, tmp / "site"))
        log(f"  round {i + 1}: plain {times['plain'][-1]:.2f} s, ours empty cache "
            f"{times['empty'][-1]:.2f} s, warm {times['warm'][-1]:.2f} s")
    med = statistics.median
    return {"plain_s": med(times["plain"]), "empty_s": med(times["empty"]),
            "warm_s": med(times["warm"]),
            "ratio_empty": med(e / p for e, p in zip(times["empty"], times["plain"], strict=True)),
            "ratio_warm": med(w / p for w, p in zip(times["warm"], times["plain"], strict=True)),
            "runs": runs}


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "data", "overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    (dest / "macros").symlink_to(ROOT / "macros")
    return dest


# ---- the plain-Material baseline: the same pages, already rendered, without our plugins

CAPTURE = r'''
import sys
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build
from mkdocs.plugins import BasePlugin, event_priority
out = Path(sys.argv[1])
class Capture(BasePlugin):
    @event_priority(-1000)
    def on_page_markdown(self, markdown, page, config, files):
        target = out / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\ntitle: {page.title!r}\n---\n\n" + markdown, encoding="utf-8")
        return markdown
cfg = load_config("mkdocs.yml", site_dir=sys.argv[2])
cfg.plugins["bench-capture"] = Capture()
build(cfg)
'''


def plain_project(dest: Path) -> Path:
    """Plain Material with the same theme, extensions and search over the rendered pages."""
    dest.mkdir(parents=True)
    subprocess.run([str(BIN / "python"), "-c", CAPTURE, str(dest / "docs"), str(dest / "tmp")],
                   cwd=ROOT, check=True, capture_output=True, env=ENV)
    shutil.rmtree(dest / "tmp", ignore_errors=True)
    shutil.copytree(ROOT / "docs" / "snippets", dest / "docs" / "snippets")
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_EnvLoader)
    config["plugins"] = [p for p in config["plugins"]
                         if not (isinstance(p, dict) and ("macros" in p or "offline" in p))
                         and p != "kb"]
    config["markdown_extensions"] = ["abbr" if e == "macros.site.abbr_cjk" else e
                                     for e in config["markdown_extensions"]]
    for key in ("nav", "watch", "site_url", "extra_javascript", "extra_css", "validation"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["strict"] = False
    (dest / "mkdocs.yml").write_text(yaml.dump(config, allow_unicode=True), encoding="utf-8")
    return dest


class _EnvLoader(yaml.SafeLoader):
    pass


_EnvLoader.add_constructor("!ENV", lambda loader, node: "")
_EnvLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: _slugify())


def _slugify():
    from pymdownx.slugs import slugify

    return slugify(case="lower")


# ---- the 10× synthetic site


def synthetic(dest: Path, factor: int = 10) -> Path:
    """A copy of the project with every kind of record repeated ``factor`` times: obligations,
    templates, examples, phrases, glossary terms, documents and slots. Copy k has suffixed
    ids, and its slots a suffixed name (单位名称 → 单位名称（k）) that copy k's templates and
    obligations use, in their lists and in their text."""
    copy_project(dest)
    slot_files = sorted(f for f in (dest / "data" / "slots").glob("*.yml")
                        if not re.match(r"x[0-9]+-", f.stem))
    names = sorted({r["name"] for f in slot_files for r in yaml.safe_load(f.read_text("utf-8"))},
                   key=len, reverse=True)
    in_text = re.compile("【(" + "|".join(map(re.escape, names)) + ")】")
    for k in range(1, factor):
        suffix = f"-x{k}"

        def slot(name: str, k=k) -> str:
            return f"{name}（{k}）"

        def slots_in(text: str, k=k) -> str:
            return in_text.sub(lambda m: f"【{slot(m.group(1), k)}】", text)

        for file in slot_files:
            records = yaml.safe_load(file.read_text("utf-8"))
            for r in records:
                r["name"] = slot(r["name"])
            (file.parent / f"x{k}-{file.name}").write_text(
                yaml.safe_dump(records, allow_unicode=True), "utf-8")
        for folder in ("obligations", "templates"):
            for page in sorted((dest / "docs" / folder).glob("*.md")):
                if page.stem == "index" or re.search(r"-x\d+$", page.stem):
                    continue
                _, front, body = page.read_text("utf-8").split("---\n", 2)
                meta = yaml.safe_load(front)
                meta["id"] += suffix
                if folder == "obligations":
                    meta["basis"] = [_doc(b, suffix) for b in meta["basis"]]
                    for v in meta.get("variants") or []:
                        v["basis"] = [_doc(b, suffix) for b in v["basis"]]
                for sec in meta.get("sections", []):
                    sec["obligations"] = [o + suffix for o in sec.get("obligations", [])]
                for field in ("slots", "evidence_slots"):
                    if field in meta:
                        meta[field] = [slot(n) for n in meta[field]]
                text = slots_in("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"
                                + body)
                (dest / "docs" / folder / f"{page.stem}{suffix}.md").write_text(text, "utf-8")
        for kind in ("examples", "phrases", "glossary", "documents"):
            for file in sorted((dest / "data" / kind).glob("*.yml")):
                if re.match(r"x[0-9]+-", file.stem):       # a copy made in an earlier round
                    continue
                records = yaml.safe_load(file.read_text("utf-8")) or []
                for r in records:
                    if kind == "examples":
                        r["id"] += suffix
                        r["obligations"] = [o + suffix for o in r["obligations"]]
                        r["template"] += suffix
                    elif kind == "phrases":
                        r["id"] += suffix
                        r["text"] = f"{r['text']}（{k}）"
                    elif kind == "documents":
                        r["id"] += suffix
                        r["title"] = f"{r['title']}（{k}）"
                    else:
                        r["id"] += suffix
                        r["term"] = f"{r['term']}{k}"
                        r["obligations"] = [o + suffix for o in r.get("obligations", [])]
                (dest / "data" / kind / f"x{k}-{file.name}").write_text(
                    slots_in(yaml.safe_dump(records, allow_unicode=True)), "utf-8")
    # Every example now stands ``factor`` times: the stock-incident lint keeps its meaning
    # (at most stock_max tellings per original) when its limit scales with the copies.
    lint = dest / "data" / "lint.yml"
    settings = yaml.safe_load(lint.read_text("utf-8"))
    settings["stock_max"] = int(settings.get("stock_max", 3)) * factor
    lint.write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    return dest


def _doc(basis: str, suffix: str) -> str:
    return basis if basis == "common-practice" else basis + suffix


# ---- kb check


def draft_6kb(dest: Path) -> Path:
    """A 6 KB draft (UTF-8), made of the evaluation drafts, cut at a character boundary."""
    text = "".join(p.read_text("utf-8") for p in sorted((ROOT / "tests/eval/drafts").glob("*")))
    dest.write_text(text.encode("utf-8")[:6144].decode("utf-8", "ignore"), encoding="utf-8")
    return dest


def kb_check_seconds(project: Path, draft: Path, runs: int) -> float:
    """Median wall time of `kb check` on the draft, as a writer runs it (the sources have
    passed their checks in an earlier build or command)."""
    cmd = [str(BIN / "kb"), "--root", str(project), "check", str(draft)]
    subprocess.run(cmd, capture_output=True, env=ENV, check=True)       # not counted
    times = []
    for _ in range(max(5, runs)):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=ENV, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# ---- measurements in Chromium


def page_sizes(site: Path) -> tuple[float, float]:
    sizes = [p.stat().st_size / 1024 for p in site.rglob("*.html")]
    return statistics.median(sizes), max(sizes)


def serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler,
                                                                      directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def edit_to_reload(browser, project: Path) -> float:
    """Seconds from saving a page under `mkdocs serve` to the browser showing the change."""
    port = free_port()
    # Its own process group: `mkdocs serve` keeps a second process (macros/site/background.py),
    # and stopping the group stops both.
    proc = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=ENV, start_new_session=True)
    try:
        page = browser.new_page()
        deadline = time.time() + 120
        while True:
            try:
                page.goto(f"http://127.0.0.1:{port}/obligations/yigang-shuangze/")
                break
            except Exception:
                if time.time() > deadline or proc.poll() is not None:
                    raise SystemExit("bench: mkdocs serve did not start") from None
                time.sleep(0.5)
        page.wait_for_timeout(1500)
        marker = f"编辑测量{int(time.time())}"
        file = project / "docs/obligations/yigang-shuangze.md"
        text = file.read_text("utf-8").replace("## 要求\n", f"## 要求\n\n{marker}。\n", 1)
        start = time.perf_counter()
        file.write_text(text, "utf-8")
        while time.perf_counter() - start < 60:
            try:      # the page reloads under us: a failed look just means "not yet"
                if page.evaluate("m => !!document.body && document.body.innerText.includes(m)",
                                 marker):
                    return time.perf_counter() - start
            except Exception:
                pass
            time.sleep(0.05)
        raise SystemExit("bench: the edit never reached the browser")
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen) -> None:
    """Stop a process started in its own session and everything it started."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        try:                      # the group may outlive its leader for a moment
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)


def search_first_and_second(browser, url: str, query: str) -> dict:
    """A fresh visitor opens the home page, then a second page: on each, the time from the
    search worker's start to ready, and from the keystroke to the rendered results."""
    context = browser.new_context()
    context.add_init_script(READY_PROBE)
    page = context.new_page()
    page.goto(url + "/")
    first_ready = wait_ready(page)
    first = run_query(page, query)["ms"]
    wait_stored(page)                 # the worker stores the index after it is ready
    page.goto(url + "/phrases/")
    second_ready = wait_ready(page)
    second = run_query(page, query)["ms"]
    context.close()
    return {"first_ready": first_ready["heard"], "first_worker": first_ready["worker"],
            "first_query": first, "second_ready": second_ready["heard"],
            "second_worker": second_ready["worker"], "second_query": second}


def writer_route(browser, url: str) -> dict:
    """Issue 20 item 8: the annual report as a 县直部门党组 from the home page to the .docx
    (tests/test_browser_firstdraft.py): interactions and characters of example text shown."""
    from tests.test_browser_firstdraft import drive_annual
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    try:
        with page.expect_download(timeout=60000):
            result = drive_annual(page, url)
    except Exception as err:                      # the route broke: report it, go on
        result = {"interactions": -1, "example_chars": -1, "error": str(err)[:300]}
    context.close()
    return result


def scale_figures(tmp: Path, factor: int, base_empty_s: float) -> dict:
    big = synthetic(tmp / f"x{factor}", factor)
    out = tmp / f"x{factor}-site"
    seconds = timed_build(big, out, empty_cache=True)
    median_kb, max_kb = page_sizes(out)
    pages = sum(1 for _ in out.rglob("*.html")) - 1
    html_mb = sum(p.stat().st_size for p in out.rglob("*.html")) / 1e6
    shutil.rmtree(big, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return {"factor": factor, "s": seconds, "x": seconds / base_empty_s, "pages": pages,
            "median_kb": median_kb, "max_kb": max_kb, "html_mb": html_mb}


def main() -> int:
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    try:
        real = copy_project(tmp / "real")
        plain = plain_project(tmp / "plain")
        log(f"bench: {RUNS} interleaved rounds: plain Material, ours (empty cache), ours (warm) …")
        timed_build(plain, tmp / "plain-site")                    # warm-up of both, not counted
        timed_build(real, tmp / "site", empty_cache=True)
        build = interleaved(real, plain, tmp, RUNS)
        n_pages = sum(1 for _ in (tmp / "site").rglob("*.html")) - 1
        median_kb, max_kb = page_sizes(tmp / "site")
        index_kb = (tmp / "site/search/search_index.json").stat().st_size / 1024
        log(f"  median: plain {build['plain_s']:.2f} s, ours empty {build['empty_s']:.2f} s "
            f"(ratio {build['ratio_empty']:.2f}), warm {build['warm_s']:.2f} s (ratio "
            f"{build['ratio_warm']:.2f}); {n_pages} pages, HTML median {median_kb:.1f} KB, "
            f"max {max_kb:.1f} KB, search index {index_kb:.0f} KB")
        check_s = kb_check_seconds(real, draft_6kb(tmp / "draft-6kb.txt"), RUNS)
        log(f"  kb check on a 6 KB draft: {check_s:.2f} s (median)")
        scales = []
        for factor in SCALES:
            log(f"bench: building the {factor}× site (empty cache) …")
            scales.append(scale_figures(tmp, factor, build["empty_s"]))
            sc = scales[-1]
            log(f"  {factor}×: {sc['s']:.2f} s (×{sc['x']:.2f} of 1×), {sc['pages']} pages, HTML "
                f"median {sc['median_kb']:.1f} KB, max {sc['max_kb']:.1f} KB, {sc['html_mb']:.0f} MB")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            server, url = serve(tmp / "site")
            try:
                route = writer_route(browser, url)
                log(f"  writer's route (annual report, 县直部门党组): {route['interactions']} "
                    f"interactions (≤ 40), {route['example_chars']} characters of example text "
                    f"shown (≤ 12000)" + (f"; FAILED: {route['error']}" if "error" in route else ""))
                queries = load_queries()
                search = run_suite(browser, url, queries)
                visits = [search_first_and_second(browser, url, queries[0]["query"])
                          for _ in range(max(5, RUNS))]
            finally:
                server.shutdown()
                server.server_close()
            ready = {k: statistics.median(v[k] for v in visits) for k in visits[0]}
            cold, second = ready["first_worker"], ready["second_worker"]
            log(f"  search: success@5 {search['success']:.3f}; ready (worker start to ready, by "
                f"the worker's clock) first page {cold:.0f} ms, second page {second:.0f} ms (as "
                f"the loading page hears it: {ready['first_ready']:.0f} and "
                f"{ready['second_ready']:.0f} ms); first query on the "
                f"first page {ready['first_query']:.0f} ms, on the second "
                f"{ready['second_query']:.0f} ms; warm query median "
                f"{search['warm_median_ms']:.0f} ms")
            log("bench: measuring edit-to-reload under mkdocs serve …")
            reload_s = edit_to_reload(browser, real)
            log(f"  edit-to-reload: {reload_s:.2f} s")
            browser.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    figures = {"ratio_empty": build["ratio_empty"], "ratio_warm": build["ratio_warm"],
               "median_kb": median_kb, "cold_ms": cold, "second_ms": second,
               "warm_ms": search["warm_median_ms"], "reload_s": reload_s, "check_s": check_s}
    top = next((sc for sc in scales if sc["factor"] == 30), None)
    if top:
        figures["scale30"] = top["x"]
    missed = [k for k, v in figures.items() if v > TARGETS[k]]
    log("targets: " + ", ".join(f"{k} ≤ {v}" for k, v in TARGETS.items())
        + (f"; MISSED: {', '.join(missed)}" if missed else "; all met"))
    scale_text = "".join(f", {sc['factor']}x content {sc['s']:.2f}s (x{sc['x']:.2f}, "
                         f"{sc['pages']} pages, HTML median {sc['median_kb']:.1f} KB)"
                         for sc in scales)
    line = (f"bench: build empty cache {build['empty_s']:.2f}s vs plain Material "
            f"{build['plain_s']:.2f}s ratio {build['ratio_empty']:.2f} (warm {build['warm_s']:.2f}s "
            f"ratio {build['ratio_warm']:.2f}; medians of {build['runs']} interleaved rounds)"
            f"{scale_text}, pages {n_pages}, page HTML median {median_kb:.1f} KB max "
            f"{max_kb:.1f} KB, search index {index_kb:.0f} KB, search ready first page {cold:.0f} ms "
            f"second page {second:.0f} ms (heard by the page {ready['first_ready']:.0f}/"
            f"{ready['second_ready']:.0f} ms), query second page {ready['second_query']:.0f} ms, "
            f"warm {search['warm_median_ms']:.0f} ms success@5 "
            f"{search['success']:.2f}, edit-to-reload {reload_s:.2f}s, kb check 6 KB draft "
            f"{check_s:.2f}s")
    record = {"line": line, "figures": figures, "targets": TARGETS, "missed": missed,
              "search_visits": ready,
              "build": build, "scales": scales, "pages": n_pages, "index_kb": index_kb,
              "search_success": search["success"], "writer_route": route}
    (ROOT / "bench.json").write_text(json.dumps(record, ensure_ascii=False, indent=1),
                                     encoding="utf-8")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
