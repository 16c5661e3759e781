"""Checks of the built HTML of a page: nothing external, nothing that runs, nothing unrendered.

The audit sees what the browser will see, after every plugin and extension ran, so it also
catches what a source lint cannot (a snippet, a macro's output, an attribute list).
"""

from __future__ import annotations

import re

from macros.site.csp import INLINE_SCRIPT, is_known

# Anchored on the "=" of an attribute (fast to scan); the name before it is checked apart.
# The patterns run on a lower-cased copy of the page (case-insensitive matching is several
# times slower); offsets are the same, so what is reported is cut from the page itself.
EXTERNAL = re.compile(r"""=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""")
LOADING_ATTR = re.compile(r"(?:src|href|action|formaction|poster|data|background|ping"
                          r"|manifest|codebase|archive|cite|longdesc)\s*$", re.I)
SRCSET = re.compile(r"""\ssrcset\s*=\s*["']([^"']*)["']""")
CSS_URL = re.compile(r"""(?:url\(|@import)\s*['"]?\s*((?:https?:)?//[^)'"\s;]+)""")
UNRENDERED = re.compile(r"\{\{|\{%|%\}")
CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[a-zA-Z][^>]*>", re.S)
SUSPECT = re.compile(r"on[a-z]+\s*=|script\s*:|data:text/html")
HANDLER = re.compile(r"""\son[a-z]+\s*=""", re.I)
ATTR_VALUE = re.compile(r"""=\s*("[^"]*"|'[^']*')""")
JS_URL = re.compile(r"""(?:href|src|action|formaction|data|xlink:href)\s*=\s*["']?\s*"""
                    r"""(?:javascript|vbscript|data:text/html)""", re.I)
ELEMENTS = [
    (re.compile(r"<meta\b[^>]*\bhttp-equiv\b", re.I), "a <meta http-equiv> element",
     "remove it: a page may not redirect the browser or change its policy"),
    (re.compile(r"<base\b", re.I), "a <base> element", "remove it; links are relative"),
    (re.compile(r"<(?:object|embed|applet)\b", re.I), "an <object>/<embed> element",
     "remove it; link to a file under docs/assets/ instead"),
    (re.compile(r"<i?frame\b", re.I), "a frame", "remove it; link to the page instead"),
]
SCRIPT_FIX = ("remove it from the source: behaviour belongs in docs/assets/*.js, "
              "loaded by the theme (only the theme's own inline scripts are allowed)")


def _line_of(source: str, needle: str) -> int:
    index = source.find(needle) if needle else -1
    return source.count("\n", 0, index) + 1 if index >= 0 else 1


def _external(html: str, low: str, site_url: str) -> list[str]:
    urls = [html[m.start(1):m.end(1)] for m in EXTERNAL.finditer(low)
            if LOADING_ATTR.search(low, max(0, m.start() - 12), m.start())]
    if "srcset" in low:
        for m in SRCSET.finditer(low):
            value = html[m.start(1):m.end(1)]
            urls += [c.split()[0] for c in value.split(",") if c.split()
                     and re.match(r"(?:[a-z][a-z0-9+.-]*:)?//", c.split()[0], re.I)]
    if "url(" in low or "@import" in low:
        urls += [html[m.start(1):m.end(1)] for m in CSS_URL.finditer(low)]
    return [u for u in urls if not (site_url and u.startswith(site_url))]


def _suspect_tags(html: str, low: str) -> list[str]:
    """The tags around each handler-like or script-URL-like spot (few; scanning every tag
    of a page would cost more than the rest of the audit)."""
    tags = {}
    for m in SUSPECT.finditer(low):
        start = low.rfind("<", 0, m.start())
        end = low.find(">", m.end())
        if start >= 0 and low.rfind(">", start, m.start()) < 0 and end > 0:
            tags[start] = html[start:end + 1]
    return [tag for tag in tags.values() if TAG.match(tag)]


def audit_page(html: str, source: str, site_url: str = "",
               known_scripts=()) -> list[tuple[int, str, str]]:
    """(source line, what, how to fix) for each problem in a page's built HTML."""
    site_url = site_url.rstrip("/")
    low = html.lower()
    if len(low) != len(html):              # a rare letter changed length when lower-cased
        low = html = "".join(c if len(c.lower()) == 1 else "?" for c in html)
        low = html.lower()
    found = []
    for url in _external(html, low, site_url):
        found.append((_line_of(source, url),
                      f"the built page references an external resource '{url}'",
                      "users have no internet: ship the file under docs/assets/ or remove "
                      "the reference"))
    for attrs, body in INLINE_SCRIPT.findall(html):
        if not is_known(attrs, body, known_scripts):
            found.append((_line_of(source, body.strip()[:40]),
                          f"an inline script the theme did not put there: '{body.strip()[:60]}'",
                          SCRIPT_FIX))
    for tag in _suspect_tags(html, low):
        bare = ATTR_VALUE.sub("=", tag)      # a value that merely contains " on" is text
        if HANDLER.search(bare):
            found.append((_line_of(source, tag[:30]), f"an inline event handler in '{tag[:60]}'",
                          SCRIPT_FIX))
        if JS_URL.search(tag):
            found.append((_line_of(source, "script:"), f"a script URL in '{tag[:60]}'",
                          "link to a page or a file of the site"))
    for pattern, what, fix in ELEMENTS:
        m = pattern.search(html)
        if m:
            found.append((_line_of(source, m.group(0)), f"{what} in the output", fix))
    m = UNRENDERED.search(CODE.sub("", html)) if ("{{" in html or "{%" in html
                                                  or "%}" in html) else None
    if m:
        found.append((_line_of(source, m.group(0)),
                      f"unrendered template syntax '{m.group(0)}' in the output",
                      "fix the macro call, or wrap literal braces in a code span"))
    return found
