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
from functools import lru_cache
from pathlib import Path

from macros.checker.drafts import read_draft
from macros.checker.genre_model import decide, load_model, scores
from macros.checker.normalise import fold, paragraphs, ranges_of, readings, sentences
from macros.checker.placeholders import example_prints, voids, with_placeholders
from macros.model.anchors import EXAMPLES
from macros.model.catalog import Catalog
from macros.model.problems import Problems

CHECKER_DATA = "assets/checker-data.js"


def _junk(cat: Catalog) -> list[str]:
    return [str(w) for w in cat.settings.lists.get("junk", [])]


def _synonyms(cat: Catalog, settings: dict) -> dict[str, list[str]]:
    """Obligation id → variant names of its cue words from the glossary: when a glossary
    term linked to the obligation is one of its cue keywords, the term's aliases (at least
    synonym_min_chars long) are cue keywords too (the aliases of a term such as 研判)."""
    out: dict[str, list[str]] = {}
    for term in cat.records.get("glossary", {}).values():
        for ob_id in term.get("obligations") or []:
            ob = cat.obligations.get(ob_id)
            if ob is None or term.get("term") not in ob.get("cues", {}).get("keywords", []):
                continue
            out.setdefault(ob_id, []).extend(
                w for w in term.get("aliases") or []
                if len(w) >= settings["synonym_min_chars"] and w not in settings["synonym_skip"])
    return out


def checker_data(cat: Catalog, genre_model: bool = True) -> dict:
    """Everything the checker needs, as plain data (also shipped to the browser);
    ``genre_model=False`` leaves out the learned genre weights (for their trainer).

    Raises ValueError with ``file:line`` problems when data/checker.yml or the genre model
    is unusable.
    """
    settings = cat.settings.need("checker")
    problems = Problems()
    model = load_model(cat.root, problems) if genre_model else None
    if problems:
        raise ValueError(problems.report())
    obligations = []
    synonyms = _synonyms(cat, settings)
    for ob in cat.obligations.values():
        cues = ob.get("cues", {})
        keywords = list(cues.get("keywords", []))
        keywords += [w for w in synonyms.get(ob["id"], []) if w not in keywords]
        obligations.append({
            "id": ob["id"], "title": ob["title"], "url": ob.page_rel[:-3] + "/",
            "page": "docs/" + ob.page_rel,
            "keywords": keywords, "patterns": list(cues.get("patterns", [])),
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
        templates.append({"id": tpl["id"], "title": tpl["title"], "expected": expected})
    share = settings["common_share"]
    known = {ob["id"] for ob in obligations}
    common = [ob["id"] for ob in obligations if ob["id"] in known and templates and sum(
        ob["id"] in t["expected"] for t in templates) >= share * len(templates)]
    avoid = [{"match": p["match"], "prefer": p.get("prefer", ""), "from": p.get("from")}
             for p in cat.phrases.values() if p.get("avoid") and p.get("match")]
    plain = json.loads(json.dumps(settings, ensure_ascii=False))
    # the draft files read (data/rules.yml, the same for kb and the pages: drafts.py, checker.js)
    plain["draft_files"] = json.loads(json.dumps(cat.settings.need("rules").spec["draft_files"]))
    return {**plain, "obligations": obligations, "templates": templates, "avoid": avoid,
            "junk": _junk(cat), "common": common, "genre_model": model,
            "examples_anchor": EXAMPLES,
            "example_prints": example_prints(cat.examples.values(),
                                             settings["placeholders"]["copy_min_chars"], cat)}


def checker_script(data: dict, site_url_of) -> str:
    """The checker data (``checker_data``, left unchanged) as a script for the browser
    (assets/checker-data.js), each obligation's address as the site writes it."""
    shipped = {**data, "obligations": [{**ob, "url": site_url_of(ob["url"])}
                                       for ob in data["obligations"]]}
    return ("(window.kb = window.kb || {}).checkerData = "
            + json.dumps(shipped, ensure_ascii=False) + ";\n")


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


def _any_of(words: list[str]) -> re.Pattern | None:
    """One pattern that finds any of ``words`` as a substring (None for no words): a single
    search where ``any(w in text for w in words)`` would test them one by one."""
    return re.compile("|".join(map(re.escape, words))) if words else None


@lru_cache(maxsize=4096)
def _cues(exclude: tuple, keywords: tuple, patterns: tuple, parts: tuple) -> dict:
    return {"patterns": [re.compile(p) for p in patterns], "parts": [re.compile(p) for p in parts],
            "exclude": _any_of(exclude), "keywords": _any_of(keywords)}


def _compiled(data: dict) -> dict[str, dict]:
    """Obligation id → its compiled cues, made once per set of cues (the first-draft reading
    reads a thousand paragraphs with the same data)."""
    return {ob["id"]: _cues(tuple(ob["exclude"]), tuple(ob["keywords"]), tuple(ob["patterns"]),
                            tuple(ob["parts"])) for ob in data["obligations"]}


def _matches(ob: dict, sentence: str, compiled: dict) -> bool:
    exclude, keywords = compiled["exclude"], compiled["keywords"]
    if exclude is not None and exclude.search(sentence):
        return False
    if keywords is not None and keywords.search(sentence):
        return True
    if any(p.search(sentence) for p in compiled["patterns"]):
        return True
    parts = compiled["parts"]
    return bool(parts) and sum(1 for p in parts if p.search(sentence)) >= ob["min_parts"]


def genre_texts(data: dict, paras: list[tuple[int, str]]) -> dict[str, str]:
    """What the genre is read from: the title (empty when the text opens without one), the
    opening (the paragraphs after it that are not headings) and the headings (each up to its
    first sentence end or colon)."""
    index = title_index(data, paras)
    heading = re.compile(data["heading"])
    clause = "[" + re.escape(data["heading_clause_end"]) + "]"
    rest = paras[(index + 1) if index is not None else 0:]
    return {"title": paras[index][1] if index is not None else "",
            "opening": "\n".join(t for _, t in rest if not heading.search(t)),
            "headings": "\n".join(re.split(clause, t, maxsplit=1)[0]
                                  for _, t in rest if heading.search(t))}


def genre_rule(data: dict, paras: list[tuple[int, str]]) -> tuple[bool, str | None, str]:
    """(decided, template id or None, why) by the structural rules on the title and the
    opening (news of a meeting, a speech, 述职如下)."""
    index = title_index(data, paras)
    title = paras[index][1] if index is not None else ""
    say = data["genre_messages"]
    after = (index + 1) if index is not None else 0
    where = {"title": title, "first": paras[after][1] if after < len(paras) else "",
             "opening": opening_of(data, paras)}
    where["first"] = where["first"] if index is not None else (paras[0][1] if paras else "")
    titles = {t["id"]: t["title"] for t in data["templates"]}
    for rule in data["genre_openings"]:
        text = where[rule["where"]]
        hit = bool(re.search(rule["pattern"], text))
        if rule.get("negate"):
            hit = bool(text) and not hit
        if hit:
            if rule["genre"] in titles:
                return True, rule["genre"], say["opening"].replace("{a}", titles[rule["genre"]])
            return True, None, say["other"]
    return False, None, ""


def genre_of(data: dict, paras: list[tuple[int, str]]) -> tuple[str | None, str]:
    """(template id or None, why): first the structural rules on the title and opening, then
    the learned scorer (data/checker-genre.json) on the title, opening and headings."""
    decided, genre, reason = genre_rule(data, paras)
    if decided:
        return genre, reason
    say, model = data["genre_messages"], data["genre_model"]
    total = scores(model, data["han"], genre_texts(data, paras))
    if not any(total):
        return None, say["none"]
    best, second, clear = decide(model, total)
    titles = {t["id"]: t["title"] for t in data["templates"]}
    name = model["classes"][best]
    other = model["classes"][second]
    if not clear and name in titles and other in titles:
        return None, say["unclear"].replace("{a}", titles[name]).replace("{b}", titles[other])
    if not clear:
        return None, say["none"]
    if name not in titles:
        return None, say["none"]
    return name, say["found"].replace("{a}", titles[name])


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


def _readers(data: dict) -> dict:
    """The compiled readings of data/checker.yml: moods, rectification, masks."""
    return {"moods": [(mood, [re.compile(p) for p in data["moods"][mood]])
                      for mood in ("requirement", "plan")],
            "heading": re.compile(data["heading"])}


def mood_of(readers: dict, sentence: str) -> str | None:
    """How a sentence means what it says: 'requirement', 'plan', or None (done)."""
    for mood, patterns in readers["moods"]:
        if any(p.search(sentence) for p in patterns):
            return mood
    return None


def title_index(data: dict, paras: list[tuple[int, str]]) -> int | None:
    """Which paragraph is the title: the first of the first `title_lines` that is not a
    numbered heading, has no sentence end and names a kind of document (site chrome may
    come first); None when the text opens without a title."""
    heading = re.compile(data["heading"])
    for index, (_, text) in enumerate(paras[:data["title_lines"]]):
        if (not heading.search(text) and not any(c in text for c in data["sentence_end"])
                and any(w in text for w in data["title_words"])):
            return index
    if paras and not any(c in paras[0][1] for c in data["sentence_end"]):
        return 0
    return None


def opening_of(data: dict, paras: list[tuple[int, str]]) -> str:
    """The title (first line, empty when there is none) and the paragraphs after it, where
    a report names its unit."""
    index = title_index(data, paras)
    start = 0 if index is None else index + 1
    title = "" if index is None else paras[index][1]
    after = [text for _, text in paras[start:start + data["opening_paragraphs"]]]
    return "\n".join([title] + after)


def by_other(data: dict, sentence: str, opening: str) -> bool:
    """Whether the sentence reports another body's act (a superior, the centre, 总书记):
    its first clause starts with such a body, and the title does not name the same body.
    A 县委 (区委 …) is the unit itself when the title names no unit of its own and the
    opening says 我县 or 全县; a department of it (县委宣传部) only when the title names it."""
    first = sentence.split("，", 1)[0]
    if first.endswith(tuple(data["other_not_after"])):
        return False
    title = opening.split("\n", 1)[0]
    for body in data["others"]:
        if not first.startswith(body):
            continue
        rest = first[len(body):]
        if rest.startswith(tuple(data["other_not_before"])):
            return False
        dept = next((d for d in data["other_departments"] if rest.startswith(d)), "")
        if dept or body in title:
            return body + dept not in title
        level = body[0] if len(body) == 2 and body[1] == "委" else ""
        if not level or any(w in title for w in data["unit_words"]):
            return True
        return not ("我" + level in opening or "全" + level in opening)
    return False


def _masked(data: dict, text: str) -> str:
    """The text as the cues read it: masked words replaced (总书记), and a duty word that
    names a rectification's own machinery (巡察整改第一责任人, 整改专题会议, 整改工作领导小组)
    replaced by rectification_mask, so it is not taken for the ideology duty."""
    for word, instead in data["masks"].items():
        text = text.replace(word, instead)
    return re.sub(data["rectification"], data["rectification_mask"], text)


def heading_sentences(data: dict, text: str, readers: dict) -> int:
    """How many leading sentences of a paragraph are its heading (never evidence): all of a
    heading line, or the first sentence of a numbered paragraph that goes on after it."""
    ends = data["sentence_end"]
    parts = sentences(data, text)
    numbered = bool(readers["heading"].search(text))
    if numbered and len(text) <= data["heading_max_chars"] and text[-1:] not in ends:
        return len(parts)
    if (not numbered and len(text) <= data["bare_heading_max_chars"]
            and text[-1:] not in data["bare_heading_not_end"]):
        return len(parts)
    if numbered and len(parts) > 1 and len(parts[0]) <= data["heading_max_chars"]:
        return 1
    return 0


def _status(part: str, sentence: str, ob: dict, data: dict, readers: dict,
            mood_text: str | None = None) -> str:
    """gap (a problems part or a negation in the sentence), planned (the mood of the text up
    to the duty's clause is a requirement or plan) or evidenced."""
    if part == "problem" or any(w in sentence for w in data["negations"] + ob["negative"]):
        return "gap"
    text = sentence if mood_text is None else mood_text
    return "planned" if mood_of(readers, text) else "evidenced"


def clause_prefix(data: dict, sentence: str, ob: dict, compiled: dict) -> str:
    """The sentence up to the end of the clause where the duty's cue is complete: the
    text whose mood is the duty's (局党组专题研究…，要求各科室加强阵地管理 — the research is
    done, the 阵地管理 is required)."""
    ends = data["clause_end"]
    prefix = ""
    for ch in sentence:
        prefix += ch
        # A clause ending in 的 (对……不力的，) is a topic or condition: read on.
        if ch in ends and prefix[-2:-1] != "的" and any(_matches(ob, _masked(data, v), compiled)
                              for v in readings(data, prefix)):
            return prefix
    return sentence


def _flat(data: dict, paras: list[tuple[int, str]], readers: dict) -> list[tuple]:
    """(part, sentence, heading, paragraph index) of every sentence outside plan parts; the
    title counts as a heading."""
    out = []
    context = "normal"
    for index, (_, text) in enumerate(paras):
        context = _context(data, text, context)
        if index == 0:
            titled = not any(c in text for c in data["sentence_end"])
            skip = len(sentences(data, text)) if titled else 0
        else:
            skip = heading_sentences(data, text, readers)
        for part, piece in _segments(data, text, context):
            for sentence in sentences(data, piece):
                heading = skip > 0
                skip -= 1
                if part != "plan":
                    out.append((part, sentence, heading, index))
    return out


def read_duties(data: dict, paras: list[tuple[int, str]], genre: str | None = None,
                keep_slogans: bool = False) -> dict[str, dict]:
    """Duty id → sentences by status (evidenced, gap, planned), read clause by clause: the
    part of the report, the mood, who did it, rectification wording and headings. A duty
    named only in a heading (or the title) is quoted by the first sentence below it. A
    principle required or planned is not read, unless ``genre`` is one where what a meeting
    required is its decision (``principles_required_in``) or ``keep_slogans`` (the composer's
    reading of one paragraph, which serves every kind of document)."""
    compiled = _compiled(data)
    readers = _readers(data)
    slogans = [] if keep_slogans or genre in data["principles_required_in"] else data[
        "principles"]
    opening = opening_of(data, paras)
    title = opening.split("\n", 1)[0]
    titled: dict[str, list[str]] = {}
    for rule in data["titled_cues"]:
        if title and re.search(rule["title"], title):
            titled.setdefault(rule["duty"], []).extend(rule["keywords"])
    gather = set(data["gather_parts"])
    flat = _flat(data, paras, readers)
    found: dict[str, dict] = {}

    def add(ob_id, status, sentence, heading=False):
        entry = found.setdefault(ob_id, {k: [] for k in
                                         ("evidenced", "gap", "planned", "headed")})
        if heading:
            entry["headed"].append((status, sentence))
        else:
            entry[status].append(sentence)

    def below(position):
        return next((s for _, s, h, _ in flat[position + 1:] if not h), "")

    listed: dict[tuple, list] = {}
    for position, (part, sentence, heading, index) in enumerate(flat):
        if by_other(data, sentence, opening) or voids(data, sentence):
            continue                  # another's deed, or a figure still a placeholder
        views = [_masked(data, v) for v in readings(data, sentence)]
        for ob in data["obligations"]:
            extra = titled.get(ob["id"], [])
            if any(_matches(ob, v, compiled[ob["id"]]) or (
                    extra and any(k in v for k in extra)
                    and not any(k in v for k in ob["exclude"])) for v in views):
                mood_text = None if heading else clause_prefix(data, sentence, ob,
                                                               compiled[ob["id"]])
                status = _status(part, sentence, ob, data, readers, mood_text)
                if status == "planned" and ob["id"] in slogans:
                    continue          # a principle required or planned is only a slogan
                proxy = below(position) if heading else sentence
                if proxy:
                    add(ob["id"], status, proxy, heading)
            elif ob["id"] in gather and not heading and not any(
                    k in sentence for k in ob["exclude"]):
                hits = {i for i, p in enumerate(compiled[ob["id"]]["parts"])
                        if any(p.search(v) for v in views)}
                if hits:
                    listed.setdefault((ob["id"], index, part), []).append((hits, sentence))
    by_id = {ob["id"]: ob for ob in data["obligations"]}
    for (ob_id, _, part), items in listed.items():
        ob = by_id[ob_id]
        if len(items) > 1 and len(set().union(*(h for h, _ in items))) >= ob["min_parts"]:
            joined = "".join(s for _, s in items)
            add(ob_id, _status(part, joined, ob, data, readers), joined)
    return found


def check_lines(data: dict, lines: list[str], genre: str | None = None,
                file: str = "") -> dict:
    """Check a draft given as lines; the result has the published JSON shape."""
    paras = paragraphs(data, lines)
    if genre is None:
        genre, reason = genre_of(data, paras)
    else:
        reason = data["genre_messages"]["given"]
    found = read_duties(data, paras, genre)
    covered, used = [], set()
    for ob in data["obligations"]:
        entry = found.get(ob["id"])
        if not entry:
            continue
        for status, sentence in entry["headed"]:
            if not any(entry[s] for s in ("evidenced", "gap", "planned")) or status == "gap":
                entry[status].append(sentence)
        status = next((s for s in ("evidenced", "gap", "planned") if entry[s]), None)
        if status is None:
            continue
        ranked = sorted(enumerate(entry[status]), key=lambda s: (len(s[1]), s[0]))
        quote = next((s for _, s in ranked if s not in used), "")
        used.add(quote)
        covered.append({"id": ob["id"], "title": ob["title"], "status": status,
                        "evidence": (entry["evidenced"] + entry["gap"]
                                     + entry["planned"])[:data["max_evidence"]],
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
              "planned": sum(c["status"] == "planned" for c in covered),
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
    return check_path(checker_data(cat), path, genre)


def check_path(data: dict, path: Path, genre: str | None = None) -> dict:
    """Check one draft file with the checker's data (:func:`checker_data`)."""
    if genre is not None and genre not in {t["id"] for t in data["templates"]}:
        raise ValueError(f"unknown genre '{genre}' — use a template id: "
                         + ", ".join(t["id"] for t in data["templates"]))
    return check_lines(data, read_draft(path, data), genre, str(path))
