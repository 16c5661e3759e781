"""The portable regular-expression subset that Python ``re`` and JavaScript (``u`` flag)
read alike; the draft checker's patterns must stay inside it.

The subset also cannot backtrack catastrophically, in either engine: both are backtracking
engines, so a pattern written by a content author must not be able to take exponential (or
high-polynomial) time on a draft. A quantifier that repeats (``*``, ``+``, ``{m,n}`` with n
above 1) may follow only a single character, class or escape, never a group; a group may
only be made optional (``?``, ``{0,1}``); a pattern holds at most ``MAX_UNBOUNDED`` unbounded
repeats and bounded repeats up to ``MAX_REPEAT``. Such a pattern runs in time proportional to
the text times a constant fixed by the pattern.
"""

from __future__ import annotations

import re

_SYNTAX = set("^$\\.*+?()[]{}|/")
MAX_UNBOUNDED = 2
MAX_REPEAT = 200
_QUANT = re.compile(r"\{[0-9]+(,[0-9]*)?\}")
_CLASS_HINT = {"d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]",
               "s": "[ \\t]", "S": "[^ \\t]"}


BACKTRACK_FIX = ("repeat single characters or classes only, e.g. [^。；]{0,20} instead of "
                 "(…)* or (…)+; a group may only be optional: (…)?")


def _repeat_problem(pattern: str) -> tuple[str, str] | None:
    """(what, how to fix) when a quantifier could make the pattern backtrack without bound."""
    i, n, in_class = 0, len(pattern), False
    # unbounded repeats along one path of the pattern: [this branch, most of the branches
    # before it] per open group (alternatives are tried one at a time, not in sequence)
    atom_is_group, levels = False, [[0, 0]]
    while i < n:
        c = pattern[i]
        if c == "\\":
            i, atom_is_group = i + (6 if pattern[i + 1:i + 2] == "u" else 2), False
            continue
        if in_class:
            in_class = c != "]"
            i += 1
            continue
        if c == "[":
            j = i + 1 + (pattern[i + 1:i + 2] == "^")
            in_class, i, atom_is_group = True, j + 1 if pattern[j:j + 1] == "]" else j, False
            continue
        if c == "(":
            levels.append([0, 0])
            i += 3 if pattern[i + 1:i + 2] == "?" else 1
            atom_is_group = False
            continue
        if c == "|":
            levels[-1] = [0, max(levels[-1])]
            i, atom_is_group = i + 1, False
            continue
        if c == ")" and len(levels) > 1:
            done = levels.pop()
            levels[-1][0] += max(done)
            i, atom_is_group = i + 1, True
            continue
        low = high = None
        if c in "*+":
            low, high, end = (0 if c == "*" else 1), None, i + 1
        elif c == "?" :
            low, high, end = 0, 1, i + 1
        elif c == "{" and _QUANT.match(pattern, i):
            m = _QUANT.match(pattern, i)
            parts = m.group(0)[1:-1].split(",")
            low = int(parts[0])
            high = low if len(parts) == 1 else (int(parts[1]) if parts[1] else None)
            end = m.end()
        if low is not None:
            if pattern[end:end + 1] == "?":
                end += 1                      # lazy: the same cost
            if atom_is_group and (high is None or high > 1):
                return (f"pattern '{pattern}' repeats a group, which can make matching take "
                        "exponential time", BACKTRACK_FIX)
            if high is None:
                levels[-1][0] += 1
            elif high > MAX_REPEAT:
                return (f"pattern '{pattern}' repeats up to {high} times (at most "
                        f"{MAX_REPEAT})", f"use a smaller bound, e.g. {{0,{MAX_REPEAT}}}")
            i, atom_is_group = end, False
            continue
        i, atom_is_group = i + 1, False
    unbounded = max(levels[0])
    if unbounded > MAX_UNBOUNDED:
        return (f"pattern '{pattern}' has {unbounded} unbounded repeats (* or +; at most "
                f"{MAX_UNBOUNDED}), which can make matching slow on a long line",
                "bound them, e.g. [^。；]{0,30} instead of [^。；]*")
    return None


def portable_problem(pattern: str) -> tuple[str, str] | None:
    """(what, how to fix) when ``pattern`` leaves the portable subset, else None."""
    if len(pattern) > 1000:
        return (f"pattern '{pattern[:40]}…' is {len(pattern)} characters long (at most 1000)",
                "split it into several cues")
    try:
        re.compile(pattern)
    except re.error as err:
        return f"invalid pattern '{pattern}': {err}", "fix the regular expression"
    except RecursionError:
        return f"pattern '{pattern[:40]}…' nests too deeply", "write a flat pattern"
    repeat = _repeat_problem(pattern)
    if repeat:
        return repeat
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
