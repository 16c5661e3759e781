"""Lint: every source URL in data/ and docs/ is on an official mainland host.

An office cites 新华社, 人民网, 求是, 中国政府网, 共产党员网, Party papers and government
sites, not content farms that copy them. data/lint.yml holds the allow-list
(``official_sources``: host suffixes) and the recorded exceptions (``source_exceptions``:
``{url, why}`` for a page with no official copy found); foreign, Hong Kong and Taiwan media
(``foreign_sources``) are refused with a message of their own.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from macros.checks.lints_worked import URL

FOREIGN_FIX = ("cite 新华社, 人民网, 求是, 中国政府网, 共产党员网, a provincial Party paper or a "
               "government site, or drop the claim (data/lint.yml foreign_sources)")
FIX = ("cite 新华社/人民网/求是/中国政府网/共产党员网/a Party paper or a *.gov.cn page, or "
       "record why in data/lint.yml source_exceptions ({url, why})")


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _matches(host: str, suffix: str) -> bool:
    suffix = suffix.lower().lstrip(".")
    return bool(suffix) and (host == suffix or host.endswith("." + suffix))


def _exceptions(entries) -> set[str]:
    """URLs recorded with a reason (the settings schema requires both url and why)."""
    return {str(e.get("url") or "").strip().rstrip("/") for e in entries
            if isinstance(e, dict) and str(e.get("why") or "").strip()}


def _files(root):
    for folder in ("data", "docs"):
        base = root / folder
        if base.is_dir():
            yield from (f for f in sorted(base.rglob("*"))
                        if f.suffix in (".yml", ".yaml", ".md") and f.is_file())


def lint_sources(cat, settings: dict) -> None:
    """Report each source URL on foreign, Hong Kong or Taiwan media, and each whose host is
    neither official nor recorded as an exception."""
    official = [str(h) for h in settings.get("official_sources") or []]
    foreign = [str(h) for h in settings.get("foreign_sources") or []]
    if not official and not foreign:
        return
    allowed = _exceptions(settings.get("source_exceptions") or [])
    for file in _files(cat.root):
        rel = file.relative_to(cat.root).as_posix()
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue                   # the loader reports an unreadable file
        for n, raw in enumerate(text.split("\n"), 1):
            for m in URL.finditer(raw):
                url, host = m.group(0), _host(m.group(0))
                if not host:
                    continue
                if any(_matches(host, h) for h in foreign):
                    cat.problems.add(rel, n, "source on foreign, Hong Kong or Taiwan media "
                                     f"'{host}'", FOREIGN_FIX)
                elif (official and rel != "data/lint.yml" and url.rstrip("/") not in allowed
                        and not any(_matches(host, s) for s in official)):
                    cat.problems.add(rel, n, f"source host {host} is not an official source",
                                     FIX)
