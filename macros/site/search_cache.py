"""Material's jieba segmentation of the search index, cached by text hash.

Material segments every search entry's title and text with jieba at each build, after
loading jieba's dictionary and our user dictionary (about a third of the build). The
segmentation of a text depends only on the text, the dictionaries and the two library
versions, so it is kept in ``.cache/kb`` keyed by them: an unchanged page is not
segmented again, and when nothing changed jieba's dictionary is never loaded. Entries
not used by a build are dropped when it saves, so the cache never grows.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from material.plugins.search import plugin as search_plugin

ORIGINAL = search_plugin.SearchIndex._segment_chinese


class SegmentCache:
    """Segmented texts by the SHA-1 of the text, for one user dictionary."""

    def __init__(self, path: Path, user_dict: Path):
        self.path, self.user_dict = path, user_dict
        self.key = hashlib.sha1(user_dict.read_bytes() + version("jieba").encode()
                                + version("mkdocs-material").encode()).hexdigest()
        self.loaded = False
        self.hits = self.misses = 0
        self.used: dict[str, str] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.entries = data["entries"] if data.get("key") == self.key else {}
        except (OSError, ValueError, KeyError, TypeError):
            self.entries = {}

    def segment(self, index, text: str) -> str:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        done = self.entries.get(digest)
        if done is None:
            if not self.loaded:              # jieba loads its dictionaries on first use only
                search_plugin.jieba.load_userdict(str(self.user_dict))
                self.loaded = True
            done = ORIGINAL(index, text)
            self.misses += 1
        else:
            self.hits += 1
        self.used[digest] = done
        return done

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": self.key, "entries": self.used}, ensure_ascii=False),
                       encoding="utf-8")
        tmp.replace(self.path)


def install(cache: SegmentCache) -> bool:
    """Route Material's segmentation through ``cache``; False when jieba is missing."""
    if search_plugin.jieba is None:
        return False

    def segment(index, data):
        return cache.segment(index, data)

    search_plugin.SearchIndex._segment_chinese = segment
    return True
