"""The portable regular-expression subset that Python ``re`` and JavaScript (``u`` flag)
read alike; the draft checker's patterns must stay inside it."""

from __future__ import annotations

import re

_SYNTAX = set("^$\\.*+?()[]{}|/")
_QUANT = re.compile(r"\{[0-9]+(,[0-9]*)?\}")
_CLASS_HINT = {"d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]",
               "s": "[ \\t]", "S": "[^ \\t]"}


def portable_problem(pattern: str) -> tuple[str, str] | None:
    """(what, how to fix) when ``pattern`` leaves the portable subset, else None."""
    try:
        re.compile(pattern)
    except re.error as err:
        return f"invalid pattern '{pattern}': {err}", "fix the regular expression"
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            d = pattern[i + 1]
            if d in _CLASS_HINT:
                return (f"pattern '{pattern}' uses \\{d}, which matches different characters "
                        "in Python and JavaScript", f"write {_CLASS_HINT[d]} instead")
            if d in "bBAZzG":
                return (f"pattern '{pattern}' uses \\{d}, which the browser reads differently",
                        "drop the anchor, or match the neighbouring character with a class "
                        "such as [^A-Za-z] or (^|[^0-9])")
            if d == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", pattern[i + 2:i + 6]):
                i += 6
                continue
            ok = d in _SYNTAX or d in "nrtfv" or d in "123456789" or (in_class and d == "-")
            if not ok:
                return (f"pattern '{pattern}' escapes '{d}', which JavaScript refuses",
                        "escape only regex syntax characters; write other characters as they are")
            i += 2
            continue
        if in_class:
            if c == "[":
                return (f"pattern '{pattern}' has '[' inside a character class",
                        "write \\[ inside [...]")
            if c == "]":
                in_class = False
            i += 1
            continue
        if c == "[":
            j = i + 1 + (pattern[i + 1:i + 2] == "^")
            if pattern[j:j + 1] == "]":
                return (f"pattern '{pattern}' has a class starting with ']'",
                        "write \\] inside [...]")
            in_class, i = True, j
            continue
        if c == "(" and pattern[i + 1:i + 2] == "?":
            kind = pattern[i + 2:i + 3]
            if kind not in (":", "=", "!"):
                if pattern[i + 2:i + 4] in ("<=", "<!"):
                    return (f"pattern '{pattern}' uses lookbehind, which the browser checker "
                            "does not share", "match the preceding character instead, e.g. "
                            "(^|[^A-Za-z])XX, and show the group you mean")
                return (f"pattern '{pattern}' uses a named group, inline flag or other (?…) "
                        "form", "use only (?:…), (?=…) and (?!…); write [Qq] for a case choice")
        if c == "{":
            m = _QUANT.match(pattern, i)
            if not m:
                return (f"pattern '{pattern}' has a literal '{{'", "write \\{ (and \\})")
            i = m.end()
            if pattern[i:i + 1] == "+":
                return (f"pattern '{pattern}' uses a possessive quantifier", "drop the '+'")
            continue
        if c in "}]":
            return (f"pattern '{pattern}' has an unescaped '{c}'", f"write \\{c}")
        if c in "*+?" and pattern[i + 1:i + 2] == "+":
            return (f"pattern '{pattern}' uses a possessive quantifier", "drop the second '+'")
        i += 1
    if re.search(pattern, ""):
        return (f"pattern '{pattern}' matches empty text, so it matches every line",
                "make at least one character required")
    return None
