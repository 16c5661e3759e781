"""`mkdocs serve`: pages whose Markdown did not change are not converted again.

Converting Markdown to HTML is the largest part of a rebuild, and after an edit almost every
page converts to what it did before. Under `mkdocs serve` the kb plugin lives from one build
to the next, so it keeps, per page, what the conversion produced: the HTML, the table of
contents, the title found in it and the anchors it has and links to. A page is reused only
when its final Markdown (after the macros, so with every panel the records give it), its
front matter, the Markdown settings and the set of site files are all the same as before;
anything else converts it again. Every later step (the audit, search, templates, the anchor
checks) runs as usual on the reused result. `mkdocs build` never uses this.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass


@dataclass
class Rendered:
    key: str
    content: str
    toc: object
    title: str | None
    anchors: set
    links: dict          # target page's src_uri → {anchor: original link}


def _stable(value) -> str:
    """A name for values JSON cannot hold (functions in the extension settings), stable
    from one build to the next."""
    return getattr(value, "__qualname__", type(value).__name__)


def settings_key(config, files) -> str:
    """The Markdown settings and the site's files: a change to either converts every page."""
    data = [list(map(str, config.markdown_extensions)), config.mdx_configs,
            sorted(f.src_uri for f in files), config.use_directory_urls]
    return hashlib.sha1(json.dumps(data, ensure_ascii=False, sort_keys=True,
                                   default=_stable).encode()).hexdigest()


class RenderCache:
    """The last conversion of each page, by source path."""

    def __init__(self):
        self.pages: dict[str, Rendered] = {}
        self.hits = self.misses = 0

    @staticmethod
    def key(page, markdown: str, settings: str) -> str:
        meta = json.dumps(page.meta, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha1("\0".join((settings, page.file.src_uri, meta, markdown))
                            .encode()).hexdigest()

    def reuse(self, page, key: str) -> bool:
        """Make ``page.render`` give back the kept conversion when ``key`` matches."""
        kept = self.pages.get(page.file.src_uri)
        if kept is None or kept.key != key:
            self.misses += 1
            page.kb_render_key = key
            return False
        self.hits += 1

        def render(config, files_now):
            page.content = kept.content
            page.toc = copy.deepcopy(kept.toc)      # plugins add to it (tag listings)
            page._title_from_render = kept.title
            page.present_anchor_ids = set(kept.anchors)
            links = {}
            for src_uri, anchors in kept.links.items():
                target = files_now.get_file_from_path(src_uri)
                if target is not None:
                    links[target] = dict(anchors)
            page.links_to_anchors = links

        page.render = render            # this page object only; it is made anew each build
        return True

    def remember(self, page, html: str) -> None:
        """Keep what the conversion just gave (before any plugin changes the HTML)."""
        key = getattr(page, "kb_render_key", None)
        if key is None:
            return
        links = {f.src_uri: dict(a) for f, a in (page.links_to_anchors or {}).items()}
        self.pages[page.file.src_uri] = Rendered(
            key, html, copy.deepcopy(page.toc), getattr(page, "_title_from_render", None),
            set(page.present_anchor_ids or ()), links)
