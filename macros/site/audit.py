"""Checks of the built HTML of a page: nothing external, nothing left unrendered."""

from __future__ import annotations

import re

# Anchored on the "=" of an attribute (fast to scan); the name before it is checked apart.
EXTERNAL = re.compile(r"""=\s*["']((?:https?:)?//[^"']+)""")
LOADING_ATTR = re.compile(r"(?:src|href|srcset|action|poster)\s*$", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)")
UNRENDERED = re.compile(r"\{\{|\{%|%\}")
CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S | re.I)


def _line_of(source: str, needle: str) -> int:
    index = source.find(needle)
    return source.count("\n", 0, index) + 1 if index >= 0 else 1


def audit_page(html: str, source: str, site_url: str = "") -> list[tuple[int, str, str]]:
    """(source line, what, how to fix) for each problem in a page's built HTML."""
    site_url = site_url.rstrip("/")
    found = []
    urls = [m.group(1) for m in EXTERNAL.finditer(html)
             if LOADING_ATTR.search(html, max(0, m.start() - 12), m.start())]
    for url in urls + CSS_URL.findall(html):
        if not (site_url and url.startswith(site_url)):
            found.append((_line_of(source, url),
                          f"the built page references an external resource '{url}'",
                          "users have no internet: ship the file under docs/assets/ or remove "
                          "the reference"))
    m = UNRENDERED.search(CODE.sub("", html)) if ("{{" in html or "{%" in html
                                                  or "%}" in html) else None
    if m:
        found.append((_line_of(source, m.group(0)),
                      f"unrendered template syntax '{m.group(0)}' in the output",
                      "fix the macro call, or wrap literal braces in a code span"))
    return found
