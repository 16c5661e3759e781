"""The site's own search worker in place of Material's, and the index it reads.

The worker (search_worker.js, after the vendored lunr) speaks Material's public worker
protocol, so Material's search box and result list work unchanged; what it adds is
described at the top of the JavaScript. The build:

- checks, once, that the installed Material still has what the worker relies on: the page
  config naming the worker (``"search"`` in ``#__config``), the four message types, and
  an index config the worker can build (no lunr-languages, no unknown pipeline step).
  Anything else stops the build saying what to review — never a silent mismatch;
- points every page's config at ``assets/javascripts/workers/kb-search.<content hash>.js``
  (an ordinary asset of the site: its name changes only when its code does) and removes
  Material's worker from the output;
- compacts the index and writes its hash into the index config (``kb_key``): the worker
  keeps the built index in the browser under that key.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from macros.site.search_cache import put_segments

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(__file__).with_name("search_worker.js")
LUNR = ROOT / "docs" / "assets" / "vendor" / "lunr" / "lunr.min.js"
WORKERS = "assets/javascripts/workers"
MATERIAL_WORKER = re.compile(r'("search":\s*")([^"]*?)assets/javascripts/workers/'
                             r'search\.[0-9a-f]+\.min\.js(")')
# What Material's page script must still do for this worker to serve it (minified forms
# of integrations/search/worker: SETUP and QUERY sent, READY and RESULT recognised).
PROTOCOL = ("type:0,data:", "type:2,data:", ".type===1", ".type===3")
INDEX_CONFIG = {"lang", "separator", "pipeline", "fields"}
PIPELINE = {"trimmer", "stopWordFilter", "stemmer"}
REVIEW = ("review macros/site/search_worker.js and search_worker.py against Material's "
          "src/templates/assets/javascripts/integrations/search/worker")


class WorkerError(RuntimeError):
    """Material no longer works the way the site's search worker relies on."""


def worker_code() -> str:
    """lunr, then the worker: the file the site ships."""
    return (LUNR.read_text(encoding="utf-8") + "\n" + SOURCE.read_text(encoding="utf-8"))


def worker_path(code: str) -> str:
    """Where the worker goes in the site, named by its content hash."""
    return f"{WORKERS}/kb-search.{hashlib.sha256(code.encode()).hexdigest()[:10]}.js"


def check_material(theme_dirs) -> None:
    """Fail with what to update when Material's page script no longer speaks the worker
    protocol or no longer names its worker in the page config."""
    for folder in theme_dirs:
        base = Path(folder) / "base.html"
        bundles = sorted(Path(folder).glob("assets/javascripts/bundle.*.min.js"))
        if not base.is_file() or not bundles:
            continue
        if not MATERIAL_WORKER.search(base.read_text(encoding="utf-8")):
            raise WorkerError(f"{base}: Material's page config no longer names its search "
                              f"worker as \"search\": \"assets/javascripts/workers/search."
                              f"<hash>.min.js\" — {REVIEW}")
        code = bundles[-1].read_text(encoding="utf-8")
        missing = [p for p in PROTOCOL if p not in code]
        if missing:
            raise WorkerError(f"{bundles[-1].name}: Material's search messages changed "
                              f"(not found: {', '.join(missing)}) — {REVIEW}")
        return
    raise WorkerError(f"Material's base.html and page script were not found in the theme — "
                      f"{REVIEW}")


def point_at_worker(html: str, path: str) -> str:
    """The page with its config naming our worker instead of Material's."""
    if 'id="__config"' not in html:
        return html
    out, count = MATERIAL_WORKER.subn(lambda m: f"{m[1]}{m[2]}{path}{m[3]}", html)
    if count != 1:
        raise WorkerError(f"a page's config names no Material search worker — {REVIEW}")
    return out


def check_index(data: dict, where: str) -> None:
    """The index config is one the worker can build."""
    config = data.get("config") if isinstance(data, dict) else None
    if not isinstance(config, dict) or not INDEX_CONFIG <= set(config):
        raise WorkerError(f"{where}: the index config no longer has "
                          f"{', '.join(sorted(INDEX_CONFIG))} — {REVIEW}")
    if any(lang != "en" for lang in config["lang"]):
        raise WorkerError(f"{where}: search lang {config['lang']} needs lunr-languages, "
                          "which the site's worker does not load — set `lang: en` for the "
                          "search plugin in mkdocs.yml (Chinese is segmented at build)")
    unknown = set(config["pipeline"]) - PIPELINE
    if unknown:
        raise WorkerError(f"{where}: unknown search pipeline step(s) {sorted(unknown)} — "
                          f"{REVIEW}")


def compact_index(path: Path, segments: dict[str, str] | None = None) -> str | None:
    """Rewrite the search index as compact UTF-8 JSON (Material escapes every Han
    character as \\uXXXX, which doubles what the browser must fetch and parse) holding its
    own hash in ``config.kb_key``; return the hash.

    Tags are dropped from the entries: a facet such as 角色/办公室 is one token no query
    matches, and in the result list it only adds a row of chips to every hit. Titles and
    texts that were segmented beside the build are put in place of their placeholders
    (``segments``, see search_cache)."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    check_index(data, f"site/search/{path.name}")
    for entry in data.get("docs", []):
        entry.pop("tags", None)
    put_segments(data.get("docs", []), segments or {})
    data["config"].pop("kb_key", None)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    key = hashlib.sha256(text.encode()).hexdigest()[:16]
    data["config"]["kb_key"] = key
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
    return key


def write_worker(site_dir: Path, code: str, path: str) -> Path:
    """Ship our worker; Material's own (never loaded now) leaves the output."""
    folder = Path(site_dir) / WORKERS
    for old in folder.glob("search.*.min.js*"):
        old.unlink()
    target = Path(site_dir) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(code, encoding="utf-8")
    return target
