"""What the build's second process does (see background.py): check the sources, write the
search dictionary, make the download files. Segmenting is ``search_cache.segment_texts``."""

from __future__ import annotations

from pathlib import Path

from macros.checks.loader import load_cached
from macros.model.problems import Problem
from macros.outputs.downloads import make_products
from macros.site.jieba_part import cover, source_chars
from macros.views.searchdict import write_user_dict


def prepare(root: Path, user_dict: Path | None, products: tuple | None) -> list[Problem]:
    """Check the sources (unless they already passed), then write the user dictionary and
    the download files into the cache. Returns the content problems, sorted; when there
    are any, nothing else is made."""
    cat = load_cached(root)
    if cat.problems:
        return sorted(set(cat.problems))
    if user_dict is not None:
        cover(source_chars(root))        # only the part of jieba's dictionary they use
        write_user_dict(cat, user_dict)
    if products is not None:
        make_products(cat, *products)
    return []
