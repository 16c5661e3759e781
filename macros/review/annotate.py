"""A reviewed report as Word with comments (批注) at each flagged sentence.

A .docx report keeps its own layout; a .txt or .md report is laid out as an official
document by the one Word layout of the project (macros/outputs/word.py, data/layout.yml).
Each comment cites the duty or rule and its basis.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from docx.oxml.ns import qn

from macros.outputs.wordplan import clean
from macros.review.batch import DATE
from macros.review.copying import HEAD_END, HEADING, TITLE_MAX, TITLE_STOP, line_mask

AUTHOR, INITIALS = "审阅台", "审"
LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
SIGNATURE_MAX = 24
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_HAN = re.compile(r"[\u4e00-\u9fff]")
PRACTICE = {"common-practice": "各地单位报告的通行做法"}


# ---- what to say, and where ---------------------------------------------------------

def comment_notes(cat) -> dict:
    """What the comments cite, as plain data (shared with the page): each obligation's basis,
    and each template's numbered sections with the obligations they hold; ``level1``: the
    checker's pattern of a top-level heading (data/checker.yml), which the Word copy of a
    .txt/.md report follows."""
    basis = {}
    for ob in cat.obligations.values():
        names = []
        for doc_id in ob.get("basis", []):
            doc = cat.documents.get(doc_id)
            names.append(f"《{doc['title']}》" if doc else PRACTICE.get(doc_id, doc_id))
        basis[ob["id"]] = "、".join(names) or "知识库责任条目"
    sections = {tpl["id"]: [{"heading": str(s["heading"]), "obligations": list(
        s.get("obligations", []))} for s in tpl["sections"] if int(s["level"]) >= 1]
        for tpl in cat.templates.values()}
    return {"basis": basis, "sections": sections, "level1": cat.settings.need("checker")["level1"],
            "lines": {"heading": HEADING, "head_end": HEAD_END, "title_max": TITLE_MAX,
                      "title_stop": TITLE_STOP}}


def _heading_for(notes: dict, row: dict, ob_id: str) -> int:
    """The line of the report's heading where a missing duty belongs (the template
    section holding it, matched by the heading's characters), else the title's line."""
    lines = row["lines"]
    title = next((n for n, t in enumerate(lines, 1) if t.strip()), 1)
    wanted = [set(_HAN.findall(_NUMBERING.sub("", s["heading"])))
              for s in notes["sections"].get(row.get("genre") or "", [])
              if ob_id in s["obligations"]]
    best, where = 0.0, title
    for n, text in enumerate(lines, 1):
        text = text.strip()
        if not _NUMBERING.search(text) or len(text) > 40:
            continue
        have = set(_HAN.findall(_NUMBERING.sub("", text)))
        for want in wanted:
            score = len(have & want) / max(1, len(have | want))
            if score > best:
                best, where = score, n
    return where if best >= 0.3 else title


COPY_WHAT = {"previous": "本单位上年报告", "units": "本批其他单位报告",
             "examples": "本知识库的示例或模板"}


def flags(notes: dict, row: dict) -> list[dict]:
    """Every comment of a report: {line, anchor (text to mark), text}."""
    out = []
    genre = row.get("genre_title") or "各类报告"
    for m in row.get("missing", []):
        basis = notes["basis"].get(m["id"], "知识库责任条目")
        out.append({"line": _heading_for(notes, row, m["id"]), "anchor": "",
                    "text": f"未见“{m['title']}”：{genre}应体现这项责任。"
                            f"依据：{basis}。写法示例：知识库 {m['url']}"})
    for f in row.get("findings", []):
        why = f"（{row['year']}年报告）" if f["kind"] == "outdated" and row.get("year") else ""
        out.append({"line": f["line"], "anchor": f["text"].split(" → ")[0],
                    "text": f"{f['label']}{why}：{f['text']}。依据：知识库检查规则"
                            f"（data/checker.yml，{f['kind']}）"})
    for kind, what in COPY_WHAT.items():
        res = (row.get("copy") or {}).get(kind) or {}
        for group in _copied_blocks(row["lines"], res.get("passages", [])):
            sources = list(dict.fromkeys(p["source"] for p in group))
            chars = sum(len(_HAN.findall(p["text"])) for p in group)
            first, last = group[0], group[-1]
            where = ("本段" if first["line"] == last["line"] else
                     f"自本段至第{last['line']}行")
            out.append({"line": first["line"], "anchor": _span(row["lines"], group, first),
                        "end_line": last["line"], "end_anchor": _span(row["lines"], group, last),
                        "text": f"与{what}相同：{'、'.join(sources)}（{where}共{chars}字）。"
                                f"请核实是否照抄；全文相同比例{res.get('share', 0)}%。"})
    return out


def _copied_blocks(lines: list[str], passages: list[dict]) -> list[list[dict]]:
    """Passages grouped into blocks of consecutive lines (blank lines and headings or title
    lines between them do not break a block): one comment per block, however long the
    copied stretch."""
    blocks: list[list[dict]] = []
    for p in passages:
        if blocks:
            prev = blocks[-1][-1]["line"]
            gap = lines[prev:p["line"] - 1]
            if p["line"] == prev or all(line_mask(t) >= len(t.rstrip()) for t in gap):
                blocks[-1].append(p)
                continue
        blocks.append([p])
    return blocks


def _span(lines: list[str], group: list[dict], at: dict) -> str:
    """The text to mark on ``at``'s line: from its first to its last passage there."""
    on = [p for p in group if p["line"] == at["line"]]
    text = lines[at["line"] - 1]
    a, b = text.find(on[0]["text"]), text.rfind(on[-1]["text"])
    return text[a:b + len(on[-1]["text"])] if 0 <= a <= b else on[0]["text"]


# ---- Word -----------------------------------------------------------------------------

def _split_run(run, text: str, at: int):
    """Split ``run`` (whose text is ``text``) at character ``at``; returns the second run
    (a copy of the first holding the rest)."""
    from docx.text.run import Run

    twin = copy.deepcopy(run._element)
    run._element.addnext(twin)
    second = Run(twin, run._parent)
    for element, part in ((run._element, text[:at]), (twin, text[at:])):
        content = [c for c in element if c.tag != qn("w:rPr")]
        if len(content) == 1 and content[0].tag == qn("w:t"):    # plain text: set it directly
            content[0].text = part
            content[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        else:
            Run(element, run._parent).text = part
    return second


def _anchor_runs(para, anchor: str) -> list:
    """The runs of ``para`` holding ``anchor`` (split out of their neighbours), or all its
    runs when the text is not found. Each run's text is read once (python-docx reads it by
    XPath)."""
    runs = list(para.runs)
    texts = [r.text for r in runs]
    start = "".join(texts).find(anchor) if anchor else -1
    if start < 0:
        return runs
    end, pos, picked = start + len(anchor), 0, []
    for run, text in zip(runs, texts, strict=True):
        r_start, r_end = pos, pos + len(text)
        pos = r_end
        if not text or r_end <= start or r_start >= end:
            continue
        if r_start < start:
            run = _split_run(run, text, start - r_start)
            text, r_start = text[start - r_start:], start
        if r_end > end:
            _split_run(run, text, end - r_start)
        picked.append(run)
    return picked or runs


def _draft_of(lines: list[str], name: str, level1: str) -> dict:
    """A .txt/.md report as the Word plan's draft: title, headings by their numbering, the
    closing signature and date (never exported, so without the kb-draft format tag)."""
    texts = [clean(t) for t in lines if t.strip()]
    title = texts[0] if texts else name
    body = texts[1:]
    tail: list[str] = []
    if body and DATE.fullmatch(body[-1].replace(" ", "")) and len(body[-1]) <= SIGNATURE_MAX:
        tail = [body.pop()]
        if body and len(body[-1]) <= SIGNATURE_MAX and "。" not in body[-1]:
            tail.insert(0, body.pop())
    sections = [{"id": "biaoti", "level": 0, "heading": "标题", "paragraphs": [title]},
                {"id": "s0", "level": 0, "heading": "正文", "paragraphs": []}]
    for text in body:
        level = 1 if re.search(level1, text) else 2 if LEVEL2.search(text) else 0
        short = len(text) <= 40 and not re.search("[。；]", text[:-1])
        if level and short:
            sections.append({"id": f"s{len(sections)}", "level": level, "heading": text,
                             "paragraphs": []})
        else:
            sections[-1]["paragraphs"].append(text)
    if tail:
        sections.append({"id": "luokuan", "level": 0, "heading": "落款", "paragraphs": tail})
    return {"template": "", "title": title, "values": {}, "sections": sections}


def _document(row: dict, layout: dict, level1: str):
    """(python-docx Document, paragraph of each line number)."""
    import docx

    path = Path(row["path"])
    if path.suffix.lower() == ".docx":
        doc = docx.Document(str(path))
        where, n = {}, 0
        for para in doc.paragraphs:
            for _ in para.text.replace("\r", "\n").split("\n"):
                n += 1
                where[n] = para
        return doc, where
    from macros.outputs.word import draft_document

    doc = draft_document(_draft_of(row["lines"], path.stem, level1), layout)
    paras = [p for p in doc.paragraphs if p.text.strip()]
    where, k = {}, 0
    for n, line in enumerate(row["lines"], 1):
        want = clean(line)
        if not want:
            continue
        for j in range(k, len(paras)):
            if paras[j].text == want:
                where[n], k = paras[j], j + 1
                break
    return doc, where


def write_annotated(notes: dict, row: dict, layout: dict, out: Path) -> int:
    """Write ``row``'s report with its comments to ``out``; returns the number of comments."""
    doc, where = _document(row, layout, notes["level1"])
    first = next((where[n] for n in sorted(where)), None)
    count = 0
    for flag in flags(notes, row):
        para = where.get(flag["line"]) or first
        if para is None:
            continue
        if not para.runs:
            para.add_run("")
        runs = _anchor_runs(para, flag["anchor"])
        end = where.get(flag.get("end_line", flag["line"])) or para
        if end is not para and end.runs:
            runs = [runs[0], _anchor_runs(end, flag["end_anchor"])[-1]]
        doc.add_comment(runs, text=flag["text"], author=AUTHOR, initials=INITIALS)
        count += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return count
