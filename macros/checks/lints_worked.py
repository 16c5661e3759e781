"""Lints for what an office director checks before signing: colloquial forms in examples and
templates, sources on foreign, Hong Kong or Taiwan media, and in each template's worked
example (完整示例) its length against the template's own range, its stated totals against
the items it lists, and the documents it names in 《》 against the register.

The lists live in data/lint.yml (``colloquial``, ``colloquial_paths``, ``foreign_sources``);
one entry point, :func:`lint_worked`, called from ``lints_content.lint_content``.
"""

from __future__ import annotations

import re

from macros.model.text import prose_lines

QUOTED = re.compile("“[^”\n]*”|‘[^’\n]*’")
URL = re.compile(r"https?://[^\s)\]>\"'，。；、）]+")
LENGTH = re.compile(r"(\d+)\s*[—–~～-]+\s*(\d+)\s*字")
# What a length count leaves out: white space and Markdown markup (bold, headings, tables).
MARKUP = re.compile(r"[\s*#|>`:\-]")
WORKED = "\n## 完整示例"
CN_ORD = "一二三四五六七八九十"
GRADES = (("较高", "高"), ("一般", "中"), ("较低", "低"))
STATED_GRADES = re.compile(r"(较高|高)(?:风险)?(\d+)个、(一般|中)(?:风险)?(\d+)个、"
                           r"(较低|低)(?:风险)?(\d+)个")
LISTED_GRADE = re.compile(r"(?:评定为|等级为|定为)(较高|一般|较低|高|中|低)(?:风险)?")
STATED_TOTAL = re.compile(r"(风险点|风险隐患|问题|任务|措施|事项|条目)共(?:有|计)?(\d+)(个|项|条)")
NUMBERED = re.compile(r"^(?:(\d+)[.．、]|（(\d+)）)")
TITLE = re.compile(r"《([^《》\n]{2,60})》")


def _colloquial(cat, forms, paths, texts):
    """局里、县里 … are speech; a report writes 局机关、县委、全县 …"""
    rules = []
    for entry in forms:
        wrong = str(entry.get("wrong") or "")
        if not wrong:
            continue
        before = str(entry.get("not_after") or "")
        rx = re.compile((f"(?<![{re.escape(before)}])" if before else "") + re.escape(wrong))
        rules.append((rx, wrong, str(entry.get("right") or "")))
    if not rules:
        return
    for path, line, text in texts:
        if not any(str(path).startswith(p) for p in paths):
            continue
        for offset, raw in enumerate(str(text).split("\n")):
            flat = QUOTED.sub("", raw)
            for rx, wrong, right in rules:
                if rx.search(flat):
                    cat.problems.add(path, line + offset, f"colloquial form '{wrong}' in "
                                     "report text", f"write {right} (data/lint.yml colloquial)")
                    break


def _worked_example(page):
    """(line, text) of the page's 完整示例 section, or None."""
    body = "\n".join(prose_lines(page.body))
    at = body.find(WORKED)
    if at < 0:
        return None
    part = body[at + len(WORKED):]
    end = re.search(r"\n## ", part)
    part = part[:end.start()] if end else part
    return page.body_line + body[:at].count("\n") + 1, part


def _length(cat, tpl, path, line, text):
    m = LENGTH.search(str(tpl.get("length", "")))
    if not m:
        return
    low, high = int(m.group(1)), int(m.group(2))
    size = len(MARKUP.sub("", text))
    if not low <= size <= high:
        cat.problems.add(path, line, f"worked example is {size} characters, outside the "
                         f"template's length {low}—{high}",
                         "write it to the range a real report has, or correct the template's "
                         "length: with the evidence", fill=True)


def _table_grades(paras):
    """Grades of the rows of the first Markdown table with a 等级 column."""
    rows = [p for p in paras if p.startswith("|")]
    if not rows:
        return None
    head = [c.strip() for c in rows[0].strip("|").split("|")]
    col = next((i for i, c in enumerate(head) if "等级" in c), None)
    if col is None:
        return None
    out = []
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        if col < len(cells):
            out.append(cells[col].replace("风险", ""))
    return out


def _grade_counts(cat, path, line, paras, text):
    stated = STATED_GRADES.search(text)
    if not stated:
        return
    want = [int(stated.group(i)) for i in (2, 4, 6)]
    listed = _table_grades(paras)
    if listed is None:
        listed = [m.group(1) for m in LISTED_GRADE.finditer(text)]
    if not listed:
        return
    got = [sum(1 for g in listed if g in names) for names in GRADES]
    if got != want:
        cat.problems.add(path, line, f"stated grades {want[0]}/{want[1]}/{want[2]} but the "
                         f"items listed give {got[0]}/{got[1]}/{got[2]}",
                         "make the stated counts match the risks listed, or list every risk "
                         "with its grade")


def _inline_count(rest: str) -> int:
    n = 0
    while n < len(CN_ORD) and f"{CN_ORD[n]}是" in rest:
        n += 1
    return n


def _following_count(paras, i) -> int:
    n = 0
    for p in paras[i + 1:]:
        m = NUMBERED.match(p)
        if not m or int(m.group(1) or m.group(2)) != n + 1:
            break
        n += 1
    return n


def _stated_totals(cat, path, line, paras):
    for i, para in enumerate(paras):
        for m in STATED_TOTAL.finditer(para):
            rest = para[m.end():]
            if not rest.lstrip("，,").startswith(("：", "，分别是", "，即")) and rest.strip():
                continue
            got = _inline_count(rest) or (_following_count(paras, i) if not rest.strip()
                                          or rest.strip() == "：" else 0)
            if got and got != int(m.group(2)):
                cat.problems.add(path, line, f"'{m.group(0)}' but {got} are listed",
                                 "make the total match the items that follow")


def _titles(cat, path, line, text, known):
    for m in TITLE.finditer(text):
        if m.group(1) not in known:
            cat.problems.add(path, line, f"worked example cites 《{m.group(1)}》, which is not in "
                             "the documents register", "name it without 《》 (a superior's notice, "
                             "the unit's own plan), or add the document to data/documents/ with "
                             "an official source")


def _list_items(cat, path, line, paras):
    """清单 and 要点: one numbered item per paragraph, numbered on from the one before (or
    from 1 under a new heading)."""
    last = 0
    for para in paras:
        if para.startswith("**"):
            continue                       # a heading: the next item may restart at 1
        m = NUMBERED.match(para)
        if not m:
            continue
        n = int(m.group(1) or m.group(2))
        packed = re.search(r"[。；](\d+)[.．、]", para)
        if packed:
            cat.problems.add(path, line, f"items {n} and {packed.group(1)} packed into one "
                             "paragraph", "give every numbered item its own paragraph")
        if n not in (last + 1, 1):
            cat.problems.add(path, line, f"item {n} follows item {last}",
                             "number the items on without gaps, or from 1 under a new heading")
        last = n


def _worked(cat, lists):
    known = set()
    for doc in cat.documents.values():
        known.add(str(doc.get("title", "")))
        known.update(str(a) for a in doc.get("aliases") or [])
    for tpl in cat.templates.values():
        page = getattr(tpl, "page", None)
        found = _worked_example(page) if page else None
        if not found:
            continue
        line, text = found
        paras = [p.strip() for p in text.split("\n") if p.strip()]
        _length(cat, tpl, page.path, line, text)
        _grade_counts(cat, page.path, line, paras, text)
        _stated_totals(cat, page.path, line, paras)
        _titles(cat, page.path, line, text, known)
        if tpl["id"] in lists:
            _list_items(cat, page.path, line, paras)


def lint_worked(cat, settings: dict, texts) -> None:
    """Run the colloquial lint over ``texts`` and the files, and the worked example lints
    over every template page (sources: lints_sources)."""
    paths = [str(p) for p in settings.get("colloquial_paths") or []]
    _colloquial(cat, settings.get("colloquial") or [], paths, texts)
    _worked(cat, set(settings.get("list_templates") or []))
