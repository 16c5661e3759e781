"""The draft checker: which obligations a draft evidences, which it misses, what to tidy.

The browser runs the same algorithm (docs/assets/checker.js) on the same data: every
constant, pattern and rule comes from ``checker_data`` (data/checker.yml, the cues in the
obligations' and templates' front matter, data/lint.yml's junk list and the avoid
phrases). Lengths and positions count code points. tests/test_checker_conformance.py runs
both engines on a corpus and requires identical JSON.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from macros.checker.drafts import read_draft
from macros.checker.normalise import fold, paragraphs, ranges_of, readings, sentences
from macros.checker.placeholders import example_prints, voids, with_placeholders
from macros.checks.checker_spec import load_settings
from macros.model.anchors import EXAMPLES
from macros.model.catalog import Catalog
from macros.model.problems import Problems
from macros.model.yamlsrc import load_yaml_file

CHECKER_DATA = "assets/checker-data.js"


def _junk(cat: Catalog) -> list[str]:
    file = cat.root / "data" / "lint.yml"
    lists = load_yaml_file(file, "data/lint.yml", Problems()) if file.is_file() else None
    return [str(w) for w in (lists or {}).get("junk", [])] if isinstance(lists, dict) else []


def checker_data(cat: Catalog) -> dict:
    """Everything the checker needs, as plain data (also shipped to the browser).

    Raises ValueError with ``file:line`` problems when data/checker.yml is unusable.
    """
    problems = Problems()
    settings = load_settings(cat.root, problems, cat.verified)
    if settings is None:
        raise ValueError(problems.report())
    obligations = []
    for ob in cat.obligations.values():
        cues = ob.get("cues", {})
        obligations.append({
            "id": ob["id"], "title": ob["title"], "url": ob.page_rel[:-3] + "/",
            "page": "docs/" + ob.page_rel,
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
    share = settings["common_share"]
    known = {ob["id"] for ob in obligations}
    common = [ob["id"] for ob in obligations if ob["id"] in known and templates and sum(
        ob["id"] in t["expected"] for t in templates) >= share * len(templates)]
    avoid = [{"match": p["match"], "prefer": p.get("prefer", ""), "from": p.get("from")}
             for p in cat.phrases.values() if p.get("avoid") and p.get("match")]
    plain = json.loads(json.dumps(settings, ensure_ascii=False))
    return {**plain, "obligations": obligations, "templates": templates, "avoid": avoid,
            "junk": _junk(cat), "common": common, "examples_anchor": EXAMPLES,
            "example_prints": example_prints(cat.examples.values(),
                                             settings["placeholders"]["copy_min_chars"])}


def checker_script(cat: Catalog, site_url_of) -> str:
    """The checker data as a script for the browser (assets/checker-data.js)."""
    data = checker_data(cat)
    for ob in data["obligations"]:
        ob["url"] = site_url_of(ob["url"])
    return ("(window.kb = window.kb || {}).checkerData = "
            + json.dumps(data, ensure_ascii=False) + ";\n")


# ---- detection ------------------------------------------------------------------------

def _context(data: dict, text: str, current: str) -> str:
    """Which part of the report a heading opens: normal, problem or plan."""
    head = re.split("[" + re.escape(data["heading_clause_end"]) + "]", text, maxsplit=1)[0]
    numbered = bool(re.search(data["heading"], text)) and len(head) <= data["heading_max_chars"]
    bare = (len(text) <= data["bare_heading_max_chars"]
            and text[-1:] not in data["bare_heading_not_end"])
    if not (numbered or bare):
        return current
    if any(w in head for w in data["problem_headings"]):
        return "problem"
    if any(w in head for w in data["plan_headings"]):
        return "plan"
    return "normal" if re.search(data["level1"], text) or (bare and not numbered) else current


def _segments(data: dict, text: str, context: str):
    """(context, text) pieces of a paragraph, split at inline markers such as 存在问题：."""
    markers = data["inline_markers"]
    if not markers:
        return [(context, text)]
    pattern = re.compile("(" + "|".join(re.escape(m) for m in markers) + ")[：:]")
    pieces, current, pos = [], context, 0
    for m in pattern.finditer(text):
        if text[pos:m.start()].strip(data["spaces"]):
            pieces.append((current, text[pos:m.start()]))
        current, pos = markers[m.group(1)], m.end()
    if text[pos:].strip(data["spaces"]):
        pieces.append((current, text[pos:]))
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


def genre_of(data: dict, paras: list[tuple[int, str]]) -> tuple[str | None, str]:
    """(template id or None, why): the template whose title and heading cues match best,
    if it is clear."""
    title = paras[0][1] if paras else ""
    heading = re.compile(data["heading"])
    headings = "\n".join(t for _, t in paras if heading.search(t))
    scores = []
    for tpl in data["templates"]:
        score = data["genre_title_weight"] * sum(1 for c in tpl["title_cues"] if c in title)
        score += sum(1 for c in tpl["heading_cues"] if c in headings)
        scores.append((score, tpl))
    ranked = sorted(scores, key=lambda s: -s[0])
    say = data["genre_messages"]
    if not ranked or ranked[0][0] < max(1, data["genre_min_score"]):
        return None, say["none"]
    best = ranked[0]
    if len(ranked) > 1 and best[0] - ranked[1][0] < data["genre_margin"]:
        return None, say["unclear"].replace("{a}", best[1]["title"]).replace(
            "{b}", ranked[1][1]["title"])
    return best[1]["id"], say["found"].replace("{a}", best[1]["title"])


def report_year(data: dict, lines: list[str]) -> int | None:
    """The year a draft reports on, read from its first lines (None when it names none)."""
    head = [line for line in lines if line.strip()][:data["report_year_lines"]]
    m = re.search(data["report_year"], "\n".join(head))
    return int(m.group(1)) if m else None


def _hygiene(data: dict, lines: list[str], paras) -> list[dict]:
    """What to fix, line by line of the original text (widths folded: ＸＸ is XX)."""
    spaces, labels = data["spaces"], data["labels"]
    slot, han = re.compile(data["slot"]), re.compile(data["han"])
    rules = [(re.compile(r["pattern"]), r) for r in data["hygiene"]]
    year = report_year(data, lines)
    avoid = [(re.compile(a["match"]), a["prefer"]) for a in data["avoid"]
             if not (year and a.get("from") and year < a["from"])]
    out = []

    def add(kind, number, text):
        item = {"kind": kind, "line": number, "text": text, "label": labels[kind]}
        if item not in out:
            out.append(item)

    ranges = ranges_of(data)
    for number, line in enumerate(lines, start=1):
        text = fold(data, line, ranges).strip(spaces)
        if not text:
            continue
        unslotted = slot.sub("", text)
        for pattern, rule in rules:
            subject = unslotted if rule.get("skip_slots") else text
            hits = list(pattern.finditer(subject)) if rule.get("all") else \
                [m for m in [pattern.search(subject)] if m]
            for m in hits:
                shown = next((m.group(g) for g in rule.get("show", [])
                              if g <= pattern.groups and m.group(g)), m.group(0))
                if "context" in rule:
                    c = rule["context"]
                    shown = subject[max(0, m.start() - c):m.end() + c]
                add(rule["kind"], number, shown)
        for word in data["junk"]:
            if word in text:
                add("junk", number, word)
        for pattern, prefer in avoid:
            m = pattern.search(text)
            if m:
                add("outdated", number, m.group(0) + (f" → {prefer}" if prefer else ""))
    seen: dict[str, int] = {}
    for number, text in paras:
        key = "".join(han.findall(text))
        if len(key) >= data["duplicate_min_chars"]:
            if key in seen:
                add("duplicate", number, f"与第{seen[key]}行重复：{text[:24]}")
            else:
                seen[key] = number
    out.sort(key=lambda f: f["line"])
    return out


def check_lines(data: dict, lines: list[str], genre: str | None = None,
                file: str = "") -> dict:
    """Check a draft given as lines; the result has the published JSON shape."""
    paras = paragraphs(data, lines)
    if genre is None:
        genre, reason = genre_of(data, paras)
    else:
        reason = data["genre_messages"]["given"]
    compiled = {ob["id"]: {"patterns": [re.compile(p) for p in ob["patterns"]],
                           "parts": [re.compile(p) for p in ob["parts"]]}
                for ob in data["obligations"]}
    negations = data["negations"]
    found: dict[str, dict] = {}
    context = "normal"
    for _, text in paras:
        context = _context(data, text, context)
        for part, piece in _segments(data, text, context):
            if part == "plan":
                continue
            for sentence in sentences(data, piece):
                if voids(data, sentence):
                    continue
                views = readings(data, sentence)
                for ob in data["obligations"]:
                    if not any(_matches(ob, v, compiled[ob["id"]]) for v in views):
                        continue
                    gap = part == "problem" or any(w in sentence for w in
                                                   negations + ob["negative"])
                    entry = found.setdefault(ob["id"], {"evidenced": [], "gap": []})
                    entry["gap" if gap else "evidenced"].append(sentence)
    covered, used = [], set()
    for ob in data["obligations"]:
        entry = found.get(ob["id"])
        if not entry:
            continue
        status = "evidenced" if entry["evidenced"] else "gap"
        ranked = sorted(enumerate(entry[status]), key=lambda s: (len(s[1]), s[0]))
        quote = next((s for _, s in ranked if s not in used), "")
        used.add(quote)
        covered.append({"id": ob["id"], "title": ob["title"], "status": status,
                        "evidence": (entry["evidenced"] + entry["gap"])[:data["max_evidence"]],
                        "quote": quote})
    tpl = next((t for t in data["templates"] if t["id"] == genre), None)
    expected = tpl["expected"] if tpl else data["common"]
    by_id = {ob["id"]: ob for ob in data["obligations"]}
    anchor = "#" + data["examples_anchor"]
    missing = [{"id": o, "title": by_id[o]["title"], "url": by_id[o]["url"] + anchor,
                "page": by_id[o]["page"]}
               for o in expected if o not in found and o in by_id]
    findings = with_placeholders(data, lines, paras, _hygiene(data, lines, paras))
    counts = {"evidenced": sum(c["status"] == "evidenced" for c in covered),
              "gap": sum(c["status"] == "gap" for c in covered),
              "missing": len(missing), "findings": len(findings)}
    line = data["summary_format"]
    for key, value in counts.items():
        line = line.replace("{" + key + "}", str(value))
    return {"file": file, "genre": genre, "covered": covered, "missing": missing,
            "findings": findings, "genre_reason": reason,
            "expected_from": "genre" if tpl else "common",
            "summary": {**counts, "line": line}}


def check_file(cat: Catalog, path: Path, genre: str | None = None) -> dict:
    """Check one draft file against the catalogue."""
    data = checker_data(cat)
    if genre is not None and genre not in {t["id"] for t in data["templates"]}:
        raise ValueError(f"unknown genre '{genre}' — use a template id: "
                         + ", ".join(t["id"] for t in data["templates"]))
    return check_lines(data, read_draft(path, data), genre, str(path))
