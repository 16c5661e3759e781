"""Small text helpers shared by the checks, renderers and the checker."""

from __future__ import annotations

import re

SLOT = re.compile(r"【([^【】\n]{1,30})】")
HAN = re.compile(r"[\u4e00-\u9fff]")


def slots_in(text: str, first_line: int = 1):
    """Yield (line, slot name) for every 【slot】 in ``text``."""
    for i, line in enumerate(str(text).split("\n")):
        for m in SLOT.finditer(line):
            yield first_line + i, m.group(1)


def han_count(text: str) -> int:
    """Number of Chinese (Han) characters."""
    return len(HAN.findall(str(text)))

_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2018-\u201d"
_FOLD = re.compile(f"(?<=[{_CJK}])[ \\t\\n]+(?=[{_CJK}])")


def unfold(text: str) -> str:
    """Join wrapped lines of Chinese prose: no space may stand between two CJK characters."""
    return _FOLD.sub("", str(text)).strip()


def prose_lines(body: str) -> list[str]:
    """The lines of a Markdown body with fenced code blanked (line numbers are kept)."""
    out, in_code = [], False
    for line in body.split("\n"):
        fence = line.lstrip().startswith(("```", "~~~"))
        out.append("" if in_code or fence else line)
        if fence:
            in_code = not in_code
    return out
