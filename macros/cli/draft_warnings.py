"""Warnings of ``kb fill --draft``: each unconfirmed example fact 〖…〗 and each placeholder
left in a draft's paragraphs, as ``draft.json:LINE: what — how to fix`` (the file is
still written, as the page's 下载 Word does after its list)."""

from __future__ import annotations

import json
from pathlib import Path

from macros.checker.placeholders import placeholder_findings
from macros.outputs.wordplan import Draft

FIX = {
    "unconfirmed-fact": "replace it with your unit's own fact, or confirm it on the page "
                        "(确认) so the markers go",
    "placeholder": "write the real value or choose one form",
}


def draft_warnings(path: Path, draft: Draft, data: dict) -> list[str]:
    """One warning per unconfirmed fact or placeholder of the kept sections, in file order."""
    raw = Path(path).read_bytes().decode("utf-8-sig", errors="replace")   # already read once
    out: list[str] = []
    pos = 0
    texts = [draft["title"]] + [p for s in draft["sections"] if not s["dropped"]
                                for p in s["paragraphs"]]
    for text in texts:
        at = raw.find(json.dumps(text, ensure_ascii=False), pos)
        line = raw.count("\n", 0, at) + 1 if at >= 0 else 1
        pos = at if at >= 0 else pos
        for kind, _, shown in placeholder_findings(data, [text], []):
            if kind in FIX:
                label = data["labels"][kind]
                out.append(f"{path}:{line}: {label}“{shown}” — {FIX[kind]}")
    return out
