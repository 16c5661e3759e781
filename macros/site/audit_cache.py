"""The audit's findings for each built page, kept in the build cache.

``audit_page`` reads every page's whole HTML (the largest part of what the build's second
process does, and handing it each page costs the first process as much again). Its findings
depend only on its arguments, the page's HTML and source, the site address, the theme's
inline scripts and the scripts the build ships, and on the code of this package. So they are
kept in ``.cache/kb/audits.json`` under the hash of those arguments, the file itself under
the code's key mixed with this user's secret (model/cache.py): a page built as before is not
audited again, and any change to the page, its source or the audit's code audits it anew.
The file is JSON; findings not used by a build are dropped when it saves, so it never grows.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from macros.model.cache import PACKAGE, cache_dir, code_key, read_keyed, write_keyed

NAME = "audits.json"

Finding = tuple[int, str, str]          # (source line, what, how to fix), as audit_page gives


def audit_key(output: str, source: str, site_url: str, known_scripts, page_url: str,
              own_scripts) -> str:
    """The hash of everything ``audit_page`` reads."""
    digest = hashlib.sha1()
    for part in (output, source, site_url, page_url,
                 "\0".join(p.pattern for p in known_scripts),
                 "\0".join(sorted(own_scripts)) if own_scripts is not None else "\1"):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0\1\0")
    return digest.hexdigest()


class AuditCache:
    """Findings by ``audit_key``: those of the last build, and those of this one."""

    def __init__(self, root: Path | None):
        self.path = cache_dir(root) / NAME if root is not None else None
        self.key = code_key(PACKAGE)
        self.kept: dict[str, list[Finding]] = {}
        self.used: dict[str, list[Finding]] = {}
        body = read_keyed(self.path, self.key) if self.path is not None else None
        try:
            data = json.loads(body) if body is not None else {}
        except ValueError:
            data = {}
        if isinstance(data, dict):
            self.kept = {k: found for k, v in data.items() if (found := _findings(v)) is not None}
        self.hits = self.misses = 0

    def get(self, key: str) -> list[Finding] | None:
        found = self.kept.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
            self.used[key] = found
        return found

    def put(self, key: str, found: list[Finding]) -> None:
        self.used[key] = [tuple(f) for f in found]

    def save(self) -> None:
        """Keep this build's findings (only those); an unchanged set leaves the file alone."""
        if self.path is None or self.used.keys() == self.kept.keys():
            return
        write_keyed(self.path, self.key, json.dumps(self.used, ensure_ascii=False))


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
