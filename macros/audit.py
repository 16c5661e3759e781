"""Checks of the built HTML of a page: nothing external, nothing left unrendered."""

from __future__ import annotations

import re

EXTERNAL = re.compile(r"""(?:src|href|srcset|action|poster)\s*=\s*["']((?:https?:)?//[^"']+)""",
                      re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", re.I)
UNRENDERED = re.compile(r"\{\{|\{%|%\}")
CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S | re.I)


def _line_of(source: str, needle: str) -> int:
    index = source.find(needle)
    return source.count("\n", 0, index) + 1 if index >= 0 else 1


def audit_page(html: str, source: str, site_url: str = "") -> list[tuple[int, str, str]]:
    """(source line, what, how to fix) for each problem in a page's built HTML."""
    site_url = site_url.rstrip("/")
    found = []
    for pattern in (EXTERNAL, CSS_URL):
        for url in pattern.findall(html):
            if site_url and url.startswith(site_url):
                continue
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
