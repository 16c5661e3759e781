"""Material's jieba segmentation of the search index, cached by text hash, and done beside
the build when it must be done at all.

Material segments every search entry's title and text with jieba at each build, after
loading jieba's dictionary and our user dictionary (about a third of the build). The
segmentation of a text depends only on the text, the dictionaries and the two library
versions, so it is kept in ``.cache/kb`` keyed by them: an unchanged page is not
segmented again, and when nothing changed jieba's dictionary is never loaded. Entries
not used by a build are dropped when it saves, so the cache never grows.

A text not in the cache is either segmented at once, or, when the build has a second
process (``defer``), sent there in batches while the pages go on rendering: the index
entry holds a placeholder until ``resolve`` puts the segmented text in its place.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from concurrent.futures import Future
from importlib.metadata import version
from pathlib import Path

from material.plugins.search import plugin as search_plugin

from macros.site.jieba_part import cover, han_chars, source_chars

ORIGINAL = search_plugin.SearchIndex._segment_chinese
ORIGINAL_ADD = search_plugin.SearchIndex.add_entry_from_context
BATCH = 64                 # texts per message to the second process
_LOADED: dict[str, bool] = {}    # user dictionaries this process's jieba has loaded
_COVERED: set[str] = set()       # roots whose sources' characters jieba_part covers


def put_segments(entries, segments: dict[str, str]) -> None:
    """Put the segmented texts in place of their placeholders in search entries."""
    for entry in entries:
        for field in ("title", "text"):
            if entry.get(field) in segments:
                entry[field] = segments[entry[field]]


def segment_texts(user_dict: str, texts: list[str], root: str | None = None) -> list[str]:
    """Segment ``texts`` as Material would, with the user dictionary loaded (once per
    process) and the part of jieba's dictionary their characters use (jieba_part.py: the
    characters of the sources under ``root`` at once, the first time). Runs in the build's
    second process, or in the build itself."""
    if not Path(user_dict).is_file():    # the sources failed their checks: the build stops
        return list(texts)
    if root is not None and root not in _COVERED:
        cover(source_chars(Path(root)))
        _COVERED.add(root)
    cover(han_chars(texts))
    if user_dict not in _LOADED:
        search_plugin.jieba.load_userdict(user_dict)
        _LOADED[user_dict] = True
    return [ORIGINAL(None, text) for text in texts]


class SegmentCache:
    """Segmented texts by the SHA-1 of the text, for one user dictionary."""

    def __init__(self, path: Path, user_dict: Path, dict_key: str,
                 defer: Callable[[list[str]], Future] | None = None, root: Path | None = None):
        self.path, self.user_dict, self.defer = path, user_dict, defer
        self.root = str(root) if root is not None else None
        self.key = hashlib.sha1((dict_key + version("jieba") + version("mkdocs-material"))
                                .encode()).hexdigest()
        self.hits = self.misses = 0
        self.used: dict[str, str] = {}
        self.nonce = f"\u2063kb-{secrets.token_hex(8)}-"
        self.waiting: dict[str, str] = {}              # digest → placeholder
        self.batch: list[tuple[str, str]] = []         # (digest, text) not yet sent
        self.sent: list[tuple[list[str], Future]] = []
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.entries = data["entries"] if data.get("key") == self.key else {}
        except (OSError, ValueError, KeyError, TypeError):
            self.entries = {}

    def segment(self, index, text: str) -> str:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        done = self.entries.get(digest, self.used.get(digest))
        if done is not None:
            self.hits += 1
            self.used[digest] = done
            return done
        self.misses += 1
        if self.defer is None:
            done = self.used[digest] = segment_texts(str(self.user_dict), [text], self.root)[0]
            return done
        if digest not in self.waiting:
            self.waiting[digest] = f"{self.nonce}{len(self.waiting)}"
            self.batch.append((digest, text))
            if len(self.batch) >= BATCH:
                self._send()
        return self.waiting[digest]

    def _send(self) -> None:
        if self.batch:
            digests, texts = zip(*self.batch, strict=True)
            self.sent.append((list(digests), self.defer(list(texts))))
            self.batch = []

    def resolve(self, collect: Callable[[Future], list[str]]) -> dict[str, str]:
        """Wait for the deferred texts; return placeholder → segmented text."""
        self._send()
        out = {}
        for digests, future in self.sent:
            for digest, done in zip(digests, collect(future), strict=True):
                self.used[digest] = done
                out[self.waiting[digest]] = done
        self.sent = []
        return out

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": self.key, "entries": self.used}, ensure_ascii=False),
                       encoding="utf-8")
        tmp.replace(self.path)


class EntryCache:
    """`mkdocs serve`: a page's search entries, kept from one build to the next and reused
    while the page's HTML, address, front matter and table of contents are the same."""

    def __init__(self):
        self.pages: dict[str, list[dict]] = {}
        self.fresh: list[list[dict]] = []        # entries made in this build

    @staticmethod
    def key(page) -> str:
        toc = [(a.id, a.title, a.level) for top in page.toc for a in _anchors(top)]
        meta = json.dumps([page.meta, toc], ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha1("\0".join((page.url, meta, page.content or "")).encode()).hexdigest()

    def add(self, index, page) -> None:
        key = self.key(page)
        kept = self.pages.get(key)
        if kept is not None:
            index.entries.extend(dict(e) for e in kept)
            return
        before = len(index.entries)
        ORIGINAL_ADD(index, page)
        made = self.pages[key] = [dict(e) for e in index.entries[before:]]
        self.fresh.append(made)

    def resolve(self, segments: dict[str, str]) -> None:
        """Put the segmented texts in place of this build's placeholders in what is kept."""
        for entries in self.fresh:
            put_segments(entries, segments)
        self.fresh = []


def _anchors(link):
    yield link
    for child in link.children:
        yield from _anchors(child)


def install_entries(cache: EntryCache) -> None:
    """Route Material's per-page indexing through ``cache``."""
    def add(index, page):
        cache.add(index, page)

    search_plugin.SearchIndex.add_entry_from_context = add


def install(cache: SegmentCache) -> bool:
    """Route Material's segmentation through ``cache``; False when jieba is missing."""
    if search_plugin.jieba is None:
        return False

    def segment(index, data):
        return cache.segment(index, data)

    search_plugin.SearchIndex._segment_chinese = segment
    return True
