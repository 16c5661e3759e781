"""Content-Security-Policy for every page: the site's own files only, no inline eval.

The theme keeps three small inline scripts in each page; they are allowed by their
SHA-256 hashes, computed per page (their text depends on the page's depth).
"""

from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)([^>]*)>(.*?)</script>", re.S | re.I)
HEAD = re.compile(r"<head\b[^>]*>", re.I)
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


def policy(html: str) -> str:
    """The policy for one page: 'self' plus the hashes of its inline scripts."""
    hashes = []
    for attrs, body in INLINE_SCRIPT.findall(html):
        if "application/json" in attrs.lower():
            continue                      # data, never executed
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    rules = {"script-src": " ".join(["'self'", *hashes]), **BASE_POLICY}
    return "; ".join(f"{k} {v}" for k, v in rules.items())


def add_csp(html: str) -> str:
    """Insert the policy as the first element of <head>, before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return HEAD.sub(lambda m: m.group(0) + meta, html, count=1)
