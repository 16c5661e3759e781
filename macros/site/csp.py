"""Content-Security-Policy for every page: the site's own files only.

Only the inline scripts the theme and the project ship in their templates are allowed,
by SHA-256 hash. They are known by content before any page is built: each is read from
the theme folders, and a template expression inside it (the page's relative base URL)
may stand only for a plain path. Any other inline script in a page is refused by the
output audit and never hashed, so the browser would block it too.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from macros.views.workbench import LAYOUT_DATA_ID, RULES_DATA_ID, TEMPLATE_DATA_ID

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)([^>]*)>(.*?)</script>", re.S | re.I)
HEAD = re.compile(r"<head\b[^>]*>", re.I)
JINJA_EXPR = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
PATH_VALUE = r"[\w./:-]*"             # what a base-URL expression may render to: no quotes
DATA_SCRIPT = re.compile(r'^\s*id="__config"\s+type="application/json"\s*$')
ISLAND_IDS = {TEMPLATE_DATA_ID, LAYOUT_DATA_ID, RULES_DATA_ID}
ISLAND = re.compile(r'^\s*type="application/json"\s+id="([a-z-]+)"\s*$')
SKIP_TEMPLATES = {"redirect.html"}    # the redirect page is never used by this site
BASE_POLICY = {
    "default-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "frame-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def known_scripts(theme_dirs) -> list[re.Pattern]:
    """A pattern for each inline script in the theme's and the project's templates."""
    patterns = {}
    for folder in theme_dirs:
        for file in sorted(Path(folder).rglob("*.html")):
            if file.name in SKIP_TEMPLATES:
                continue
            for attrs, body in INLINE_SCRIPT.findall(file.read_text(encoding="utf-8")):
                if attrs.strip() or not body.strip():
                    continue
                parts = JINJA_EXPR.split(body)
                if any("{" in p and "}" in p and ("{{" in p or "{%" in p) for p in parts):
                    continue
                pattern = PATH_VALUE.join(re.escape(p) for p in parts)
                patterns[pattern] = re.compile(pattern, re.S)
    return list(patterns.values())


def is_island(attrs: str, body: str) -> bool:
    """A data island the workbench writes: JSON in a script element that is never run, with
    no '<' that could close the element (views.workbench escapes it)."""
    m = ISLAND.match(attrs)
    if not m or m.group(1) not in ISLAND_IDS or "<" in body:
        return False
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


def is_known(attrs: str, body: str, known: list[re.Pattern]) -> bool:
    if DATA_SCRIPT.match(attrs) or is_island(attrs, body):
        return True                       # configuration or data: JSON, never run
    return not attrs.strip() and any(p.fullmatch(body) for p in known)


def policy(html: str, known: list[re.Pattern]) -> str:
    """The policy for one page: 'self' plus the hashes of its known inline scripts."""
    hashes = []
    for attrs, body in INLINE_SCRIPT.findall(html):
        if DATA_SCRIPT.match(attrs) or is_island(attrs, body) or not is_known(attrs, body,
                                                                               known):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        if f"'sha256-{digest}'" not in hashes:
            hashes.append(f"'sha256-{digest}'")
    rules = {"script-src": " ".join(["'self'", *hashes]), **BASE_POLICY}
    return "; ".join(f"{k} {v}" for k, v in rules.items())


def csp_meta(html: str, known: list[re.Pattern]) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(html, known)}">'


def add_csp(html: str, known: list[re.Pattern]) -> str:
    """Insert the policy as the first element of <head>, before any script."""
    meta = csp_meta(html, known)
    return HEAD.sub(lambda m: m.group(0) + meta, html, count=1)


def has_csp(html: str) -> bool:
    return bool(re.search(r'<meta http-equiv="Content-Security-Policy"', html))
