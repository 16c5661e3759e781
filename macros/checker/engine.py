"""The draft checker: which obligations a draft evidences, which it misses, what to tidy.

The same algorithm runs in the browser (docs/assets/checker.js) on the data that
``checker_data`` exports; keep the two in step (a test compares them on every draft).
"""

from __future__ import annotations

import re
from pathlib import Path

from macros.checker.drafts import read_draft
from macros.checks.lints import ASCII_PUNCT, PLACEHOLDER
from macros.model.catalog import Catalog
from macros.model.problems import Problems
from macros.model.text import HAN, SLOT
from macros.model.yamlsrc import load_yaml_file

SENTENCE_END = "。！？；"
CN = "[一二三四五六七八九十]+"
HEADING = re.compile(rf"^(?:{CN}、|（{CN}）|\d+[.．、]|（\d+）)")
LEVEL1 = re.compile(rf"^{CN}、")
MAX_EVIDENCE = 3
CHECKER_DATA = "assets/checker-data.js"


def checker_data(cat: Catalog) -> dict:
    """Everything the checker needs, as plain data (also shipped to the browser)."""
    problems = Problems()
    file = cat.root / "data" / "checker.yml"
    settings = load_yaml_file(file, "data/checker.yml", problems) if file.is_file() else {}
    settings = settings or {}
    obligations = []
    for ob in cat.obligations.values():
        cues = ob.get("cues", {})
        obligations.append({
            "id": ob["id"], "title": ob["title"], "url": ob.page_rel[:-3] + "/",
            "keywords": list(cues.get("keywords", [])), "patterns": list(cues.get("patterns", [])),
            "parts": list(cues.get("parts", [])), "min_parts": cues.get("min_parts", 2),
            "negative": list(cues.get("negative", [])),
            "exclude": list(cues.get("exclude", [])),
            "examples": [ex["id"] for ex in cat.examples_by_obligation.get(ob["id"], [])][:3],
        })
    templates = []
    for tpl in cat.templates.values():
        expected = []
        for sec in tpl["sections"]:
            expected += [o for o in sec.get("obligations", []) if o not in expected]
        cues = tpl.get("cues", {})
        templates.append({"id": tpl["id"], "title": tpl["title"],
                          "title_cues": list(cues.get("title", [])),
                          "heading_cues": list(cues.get("headings", [])),
                          "expected": expected})
    avoid = [{"match": p["match"], "prefer": p.get("prefer", "")}
             for p in cat.phrases.values() if p.get("avoid") and p.get("match")]
    return {
        "obligations": obligations, "templates": templates, "avoid": avoid,
        "negations": list(settings.get("negations", [])),
        "problem_headings": list(settings.get("problem_headings", [])),
        "plan_headings": list(settings.get("plan_headings", [])),
        "inline_markers": dict(settings.get("inline_markers", {})),
        "duplicate_min_chars": settings.get("duplicate_min_chars", 20),
        "placeholder": PLACEHOLDER.pattern, "ascii_punctuation": ASCII_PUNCT.pattern,
        "slot": SLOT.pattern,
    }


def checker_script(cat: Catalog, site_url_of) -> str:
    """The checker data as a script for the browser (assets/checker-data.js)."""
    import json

    data = checker_data(cat)
    for ob in data["obligations"]:
        ob["url"] = site_url_of(ob["url"])
    return "window.KB_CHECKER_DATA = " + json.dumps(data, ensure_ascii=False) + ";\n"


def _sentences(line: str) -> list[str]:
    out, buf = [], ""
    for ch in line:
        buf += ch
        if ch in SENTENCE_END:
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _context(line: str, data: dict, current: str) -> str:
    """Which part of the report a heading line opens: normal, problem or plan.

    A heading is a numbered line (一、 （一） 1. （1）) whose first clause is short, or a
    short unnumbered line without a full stop. Top-level headings reset the part;
    lower ones only switch it when they name a problem or plan part.
    """
    text = line.strip()
    head = re.split(r"[。：:]", text, maxsplit=1)[0]
    numbered = bool(HEADING.match(text)) and len(head) <= 30
    bare = len(text) <= 20 and not text.endswith(("。", "；", "，"))
    if not (numbered or bare):
        return current
    if any(w in head for w in data["problem_headings"]):
        return "problem"
    if any(w in head for w in data["plan_headings"]):
        return "plan"
    return "normal" if LEVEL1.match(text) or (bare and not numbered) else current


def _segments(line: str, data: dict, context: str):
    """(context, text) pieces of a line, split at inline markers such as 存在问题：."""
    markers = data["inline_markers"]
    if not markers:
        return [(context, line)]
    pattern = "(" + "|".join(re.escape(m) for m in markers) + ")[：:]"
    pieces, current, pos = [], context, 0
    for m in re.finditer(pattern, line):
        if line[pos:m.start()].strip():
            pieces.append((current, line[pos:m.start()]))
        current, pos = markers[m.group(1)], m.end()
    if line[pos:].strip():
        pieces.append((current, line[pos:]))
    return pieces


def _matches(ob: dict, sentence: str, compiled: dict) -> bool:
    if any(k in sentence for k in ob["exclude"]):
        return False
    if any(k in sentence for k in ob["keywords"]):
        return True
    if any(p.search(sentence) for p in compiled["patterns"]):
        return True
    parts = compiled["parts"]
    return bool(parts) and sum(1 for p in parts if p.search(sentence)) >= ob["min_parts"]


def infer_genre(data: dict, lines: list[str]) -> str | None:
    """The template whose title and heading cues the draft matches best, or None."""
    title = next((line.strip() for line in lines if line.strip()), "")
    headings = "\n".join(line for line in lines if HEADING.match(line.strip()))
    best, best_score = None, 0
    for tpl in data["templates"]:
        score = 3 * sum(1 for c in tpl["title_cues"] if c in title)
        score += sum(1 for c in tpl["heading_cues"] if c in headings)
        if score > best_score:
            best, best_score = tpl["id"], score
    return best


def _findings(data: dict, lines: list[str]) -> list[dict]:
    out = []
    placeholder, ascii_p = re.compile(data["placeholder"]), re.compile(data["ascii_punctuation"])
    slot = re.compile(data["slot"])
    avoid = [(re.compile(a["match"]), a["prefer"]) for a in data["avoid"]]
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        for m in slot.finditer(text):
            out.append({"kind": "placeholder", "line": number, "text": m.group(0)})
        m = placeholder.search(slot.sub("", text))
        if m:
            out.append({"kind": "placeholder", "line": number, "text": m.group(0)})
        m = ascii_p.search(text)
        if m:
            out.append({"kind": "ascii_punctuation", "line": number,
                        "text": text[max(0, m.start() - 8):m.end() + 8]})
        for pattern, prefer in avoid:
            m = pattern.search(text)
            if m:
                out.append({"kind": "outdated", "line": number,
                            "text": m.group(0) + (f" → {prefer}" if prefer else "")})
        key = "".join(HAN.findall(text))
        if len(key) >= data["duplicate_min_chars"]:
            if key in seen:
                out.append({"kind": "duplicate", "line": number,
                            "text": f"与第{seen[key]}行重复：{text[:24]}"})
            else:
                seen[key] = number
    return out


def check_lines(data: dict, lines: list[str], genre: str | None = None,
                file: str = "") -> dict:
    """Check a draft given as lines; the result has the published JSON shape."""
    if genre is None:
        genre = infer_genre(data, lines)
    compiled = {ob["id"]: {"patterns": [re.compile(p) for p in ob["patterns"]],
                           "parts": [re.compile(p) for p in ob["parts"]]}
                for ob in data["obligations"]}
    negations = data["negations"]
    found: dict[str, dict] = {}
    context = "normal"
    for line in lines:
        if not line.strip():
            continue
        context = _context(line, data, context)
        for part, text in _segments(line, data, context):
            if part == "plan":
                continue
            for sentence in _sentences(text):
                for ob in data["obligations"]:
                    if not _matches(ob, sentence, compiled[ob["id"]]):
                        continue
                    gap = part == "problem" or any(w in sentence for w in
                                                   negations + ob["negative"])
                    entry = found.setdefault(ob["id"], {"evidenced": [], "gap": []})
                    entry["gap" if gap else "evidenced"].append(sentence)
    covered = []
    for ob in data["obligations"]:
        entry = found.get(ob["id"])
        if entry:
            status = "evidenced" if entry["evidenced"] else "gap"
            covered.append({"id": ob["id"], "title": ob["title"], "status": status,
                            "evidence": (entry["evidenced"] + entry["gap"])[:MAX_EVIDENCE]})
    expected = next((t["expected"] for t in data["templates"] if t["id"] == genre), [])
    titles = {ob["id"]: ob["title"] for ob in data["obligations"]}
    missing = [{"id": o, "title": titles[o]} for o in expected if o not in found and o in titles]
    return {"file": file, "genre": genre, "covered": covered, "missing": missing,
            "findings": _findings(data, lines)}


def check_file(cat: Catalog, path: Path, genre: str | None = None) -> dict:
    """Check one draft file against the catalogue."""
    data = checker_data(cat)
    if genre is not None and genre not in {t["id"] for t in data["templates"]}:
        raise ValueError(f"unknown genre '{genre}' — use a template id: "
                         + ", ".join(t["id"] for t in data["templates"]))
    return check_lines(data, read_draft(path), genre, str(path))
