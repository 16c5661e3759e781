"""A warm build (nothing edited since the last one) reads back what the last build kept:
the record pages framed with their panels, the audit's findings of each page, the checker's
and the review desk's scripts. It gives the same site as a build with an empty cache, and an
edit, a planted file or another user's cache never lets a kept result stand in."""

from __future__ import annotations

import json
import re
import shutil

from macros.model import cache
from macros.model.cache import read_keyed, write_keyed
from macros.site.audit_cache import NAME as AUDITS
from macros.site.audit_cache import audit_key

from .conftest import mkdocs_build
from .test_bad_inputs import mutate

FRAMED = "framed-pages.json"
PAGE = "obligations/yigang-shuangze/index.html"


def _files(out):
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and p.suffix != ".docx"}


def _build(mini, out):
    result = mkdocs_build(mini, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return _files(out)


def _head(path):
    return path.read_text(encoding="utf-8").partition("\n")[0]


def _retouch(path, change):
    """Change a kept table as if an earlier build had made it so (same user, same key)."""
    body = path.read_text(encoding="utf-8").partition("\n")[2]
    key = next(k for k in _keys_to_try(path) if read_keyed(path, k) is not None)
    write_keyed(path, key, json.dumps(change(json.loads(body)), ensure_ascii=False))


def _keys_to_try(path):
    from macros.checks.loader import source_key
    from macros.model.cache import PACKAGE, code_key

    root = path.parents[2]
    return [source_key(root), code_key(PACKAGE)]


def test_a_warm_build_gives_the_same_site_as_one_with_an_empty_cache(mini, tmp_path):
    cold = _build(mini, tmp_path / "cold")
    kept = cache.cache_dir(mini)
    for name in (FRAMED, AUDITS, "review-data.js", "checker-data-dirs.js"):
        assert (kept / name).is_file(), name         # kept by the first build already
    stamps = {p.name: p.stat().st_mtime_ns for p in kept.iterdir()}
    warm = _build(mini, tmp_path / "warm")
    assert warm == cold
    again = {p.name: p.stat().st_mtime_ns for p in kept.iterdir()}
    assert {n: again[n] for n in (FRAMED, AUDITS, "review-data.js")} == \
        {n: stamps[n] for n in (FRAMED, AUDITS, "review-data.js")}    # read, not rewritten
    shutil.rmtree(kept)
    assert _build(mini, tmp_path / "empty-again") == cold


def test_a_kept_framing_is_used_and_an_edit_frames_the_page_anew(mini, tmp_path):
    _build(mini, tmp_path / "one")
    framed = cache.cache_dir(mini) / FRAMED
    _retouch(framed, lambda table: {k: v.replace("既抓分管业务", "既抓〔读回〕分管业务")
                                    for k, v in table.items()})
    page = _build(mini, tmp_path / "two")[PAGE].decode("utf-8")
    assert "〔读回〕" in page                       # the kept framing stood in
    mutate(mini, "docs/obligations/yigang-shuangze.md", "这是领导干部", "这是各级领导干部")
    page = _build(mini, tmp_path / "three")[PAGE].decode("utf-8")
    assert "〔读回〕" not in page and "这是各级领导干部" in page


def test_kept_audit_findings_are_reported_and_another_users_cache_is_never_read(
        mini, tmp_path):
    _build(mini, tmp_path / "one")
    audits = cache.cache_dir(mini) / AUDITS
    _retouch(audits, lambda table: {k: [[3, "a finding kept from the last build",
                                         "fix the page"]] for k in table})
    result = mkdocs_build(mini, tmp_path / "two")
    assert result.returncode != 0
    assert re.search(r"docs/\S+\.md:3: a finding kept from the last build — fix the page",
                     result.stdout + result.stderr)
    assert not list((tmp_path / "two").rglob("*.html"))        # nothing built is kept
    # the same file under another user's secret: never read, every page audited again
    other = mkdocs_build(mini, tmp_path / "three", **{cache.SECRET_ENV: str(tmp_path / "s2")})
    assert other.returncode == 0, other.stdout + other.stderr


def test_read_keyed_gives_back_only_what_was_kept_under_the_same_key(tmp_path):
    path = tmp_path / "table.json"
    assert write_keyed(path, "k1", '{"a": 1}')
    assert read_keyed(path, "k1") == '{"a": 1}'
    assert read_keyed(path, "k2") is None
    assert _head(path) != "k1"                  # the key on disk is bound to the user's secret
    assert not (tmp_path / "table.json.tmp").exists()
    assert read_keyed(tmp_path / "missing.json", "k1") is None
    assert not write_keyed(tmp_path / "no-such-folder" / "t.json", "k1", "{}")


def test_audits_the_second_process_has_not_started_are_made_by_the_build_itself(tmp_path):
    from concurrent.futures import Future

    from macros.site.memo import Memo
    from macros.site.plugin import KbPlugin

    bad = '<html><body><img src="https://example.com/x.png"></body></html>'
    args = (bad, "", "", (), "a/index.html", None)
    started, waiting, queued = Future(), Future(), Future()
    kept = [(1, "kept", "fix")]
    started.set_running_or_notify_cancel()            # the second process has it
    plugin = KbPlugin()
    plugin.audit_cache = Memo(tmp_path / "audits.json", None)
    plugin.audits = [("docs/a.md", "k1", args, waiting), ("docs/b.md", "k2", args, started),
                     ("docs/c.md", "k3", args, queued), ("docs/d.md", "k4", args, kept)]
    plugin._audit_here()
    made = plugin.audits[2][3]
    assert isinstance(made, list) and any("example.com" in what for _, what, _ in made)
    assert plugin.audits[3][3] == kept and plugin.audits[1][3] is started
    assert queued.cancelled() and not waiting.cancelled()
    assert plugin.audits[0][3] is waiting       # before one it has started: left to it
    assert plugin.audit_cache.used == {"k3": [list(f) for f in made]}


def test_the_audit_key_of_two_different_pages_is_never_the_same():
    """The key decides whether the audit runs again: moving text from one argument to the
    next, or any change of one character, gives another key."""
    base = audit_key("<p>ab</p>", "c", "/", [], "p/", ["s.js"])
    assert base != audit_key("<p>a", "b</p>c", "/", [], "p/", ["s.js"])
    assert base != audit_key("<p>ab</p>", "c", "/", [], "p/", ["s.js", ""])
    assert base != audit_key("<p>ab</p>", "c", "/", [], "p/", None)
    assert base != audit_key("<p>aB</p>", "c", "/", [], "p/", ["s.js"])
    assert base == audit_key("<p>ab</p>", "c", "/", [], "p/", ["s.js"])
