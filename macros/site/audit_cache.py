"""The audit's findings for each built page, kept in the build cache.

``audit_page`` reads every page's whole HTML (the largest part of what the build's second
process does, and handing it each page costs the first process as much again). Its findings
depend only on its arguments, the page's HTML and source, the site address, the theme's
inline scripts and the scripts the build ships, and on the code of this package. So they are
kept in ``.cache/kb/audits.json`` under the hash of those arguments, the file itself under
the code's key mixed with this user's secret (model/cache.py): a page built as before is not
audited again, and any change to the page, its source or the audit's code audits it anew.
The file is JSON (memo.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from macros.model.cache import PACKAGE, cache_dir, code_key
from macros.site.memo import Memo

NAME = "audits.json"

Finding = tuple[int, str, str]          # (source line, what, how to fix), as audit_page gives


def audit_key(output: str, source: str, site_url: str, known_scripts, page_url: str,
              own_scripts) -> str:
    """The hash of everything ``audit_page`` reads."""
    # sha256 and each part's length before it: the key decides whether a security check
    # runs, so no two different argument lists may share it (not even by a crafted page).
    digest = hashlib.sha256()
    for part in (output, source, site_url, page_url,
                 "\0".join(p.pattern for p in known_scripts),
                 "\0".join(sorted(own_scripts)) if own_scripts is not None else "\1"):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def audit_cache(root: Path) -> Memo:
    """This project's kept findings, by :func:`audit_key`."""
    return Memo(cache_dir(root) / NAME, code_key(PACKAGE), _findings)


def _findings(value) -> list[Finding] | None:
    """The findings a file holds, if they have the shape audit_page gives (else None)."""
    if not isinstance(value, list):
        return None
    out = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], int)
                and isinstance(item[1], str) and isinstance(item[2], str)):
            return None
        out.append((item[0], item[1], item[2]))
    return out
