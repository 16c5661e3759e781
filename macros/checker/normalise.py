"""Text normalisation before matching, shared by both checker engines: widths folded,
hard-wrapped lines joined, spaces and punctuation variants unified, parenthesised asides
read both ways. The browser mirrors each function in docs/assets/checker.js."""

from __future__ import annotations

import re
import unicodedata


def ranges_of(data: dict) -> list[tuple[int, int]]:
    return [(int(r[:4], 16), int(r[5:], 16)) for r in data["normalise"]["fold_ranges"]]


def fold(data: dict, line: str, ranges=None) -> str:
    """Quotation variants unified and widths folded (NFKC on the configured ranges)."""
    norm = data["normalise"]
    ranges = ranges if ranges is not None else ranges_of(data)
    out = []
    for ch in line:
        ch = norm["variants"].get(ch, ch)
        code = ord(ch)
        if ch not in norm["keep"] and any(lo <= code <= hi for lo, hi in ranges):
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return "".join(out)


def normalise(data: dict, line: str, ranges=None, joinable=None) -> str:
    """One line as the cues read it: variants unified, widths folded, ASCII punctuation
    beside Chinese read as full-width, spaces between Chinese and digits dropped."""
    norm = data["normalise"]
    joinable = joinable or re.compile(norm["joinable"])
    chars = list(fold(data, line, ranges))
    punct, han = norm["punctuation"], re.compile(data["han"])
    for i, ch in enumerate(chars):
        if ch in punct:
            before = chars[i - 1] if i > 0 else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if (before and han.fullmatch(before)) or (after and han.fullmatch(after)):
                chars[i] = punct[ch]
    kept: list[str] = []
    i = 0
    while i < len(chars):
        if chars[i] in " \t":
            j = i
            while j < len(chars) and chars[j] in " \t":
                j += 1
            before = kept[-1] if kept else ""
            after = chars[j] if j < len(chars) else ""
            if (before and after and joinable.fullmatch(before) and joinable.fullmatch(after)
                    and not (before.isascii() and before.isdigit() and after.isascii()
                             and after.isdigit())):
                i = j
                continue
            kept.extend(chars[i:j])
            i = j
            continue
        kept.append(chars[i])
        i += 1
    return "".join(kept).strip(data["spaces"])


def paragraphs(data: dict, lines: list[str]) -> list[tuple[int, str]]:
    """(first line number, normalised text) of each paragraph: a hard-wrapped line (no
    closing punctuation, long enough, not a heading) is joined to the next line; the title
    (first paragraph) only to a line without sentence punctuation."""
    ranges, joinable = ranges_of(data), re.compile(data["normalise"]["joinable"])
    heading = re.compile(data["heading"])
    ends = data["sentence_end"] + data["paragraph_end"]
    breaks = data["sentence_end"] + data["bare_heading_not_end"]
    out: list[tuple[int, str]] = []
    open_para = False
    for number, raw in enumerate(lines, start=1):
        text = normalise(data, raw, ranges, joinable)
        if not text:
            open_para = False
            continue
        title_goes_on = len(out) > 1 or not any(c in text for c in breaks)
        if open_para and not heading.search(text) and title_goes_on:
            out[-1] = (out[-1][0], out[-1][1] + text)
        else:
            out.append((number, text))
        current = out[-1][1]
        is_heading = heading.search(current) and len(current) <= data["heading_max_chars"]
        open_para = (not is_heading and current[-1] not in ends
                     and len(text) >= data["wrap_min_chars"])
    return out


def sentences(data: dict, text: str) -> list[str]:
    out, buf = [], ""
    for ch in text:
        buf += ch
        if ch in data["sentence_end"]:
            if buf.strip(data["spaces"]):
                out.append(buf.strip(data["spaces"]))
            buf = ""
    if buf.strip(data["spaces"]):
        out.append(buf.strip(data["spaces"]))
    return out


def readings(data: dict, sentence: str) -> list[str]:
    """The sentence, and when it holds a short parenthesised aside, the sentence without the
    aside and with the aside in place of the words it glosses."""
    n = data["normalise"]["aside_max_chars"]
    aside, han = re.compile("（([^（）。；！？]{1," + str(n) + "})）"), re.compile(data["han"])
    if not aside.search(sentence):
        return [sentence]
    without = aside.sub("", sentence)
    parts, pos = [], 0
    for m in aside.finditer(sentence):
        before, inner = sentence[pos:m.start()], m.group(1)
        k = 0
        for size in range(min(len(inner), len(before)), 1, -1):
            if before.endswith(inner[-size:]):
                k = size
                break
        if not k and len(before) >= len(inner) and all(
                han.fullmatch(c) for c in before[-len(inner):]):
            k = len(inner)
        parts.append(before[:len(before) - k] + inner if k else before + m.group(0))
        pos = m.end()
    glossed = "".join(parts) + sentence[pos:]
    return [sentence, without] + ([glossed] if glossed not in (sentence, without) else [])
