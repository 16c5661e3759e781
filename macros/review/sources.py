"""The texts of this knowledge base a report may have been copied from: the example
paragraphs (data/examples), the templates' frameworks (skeletons) and their worked examples
(the ``## 完整示例`` part of each template page)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from macros.checker.placeholders import example_where
from macros.model.catalog import Catalog
from macros.model.problems import Problems
from macros.model.yamlsrc import load_yaml_file

WORKED = re.compile(r"^## 完整示例\s*$(.*?)(?=^## |\Z)", re.M | re.S)
_MARKUP = re.compile(r"\*\*|\{\{.*?\}\}|\{[:#.][^}\n]*\}")


def set_formulas(cat: Catalog) -> list[str]:
    """The set political formulas every report quotes (data/lint.yml ``set_formulas``)."""
    return [str(f) for f in cat.settings.lists.get("set_formulas", [])]


def set_phrases(cat: Catalog) -> list[str]:
    """What every report may share without copying: the set political formulas and the
    set lead-ins (data/lint.yml ``set_formulas``) and the templates' section headings."""
    from macros.review.copying import heading_phrase

    headings = {heading_phrase(sec.get("heading", "")) for tpl in cat.templates.values()
                for sec in tpl["sections"]}
    return set_formulas(cat) + sorted(h for h in headings if len(h) >= 4)


def kb_texts(cat: Catalog) -> list[tuple[str, list[str]]]:
    """(source name, lines) of every example, framework and worked example."""
    out = []
    for ex in cat.examples.values():
        out.append((f"知识库示例：{example_where(cat, ex)}", str(ex.get("text", "")).split("\n")))
    for tpl in cat.templates.values():
        lines = [line for sec in tpl["sections"] for line in
                 [str(sec.get("heading", ""))] + str(sec.get("skeleton", "")).split("\n")]
        out.append((f"知识库模板框架：{tpl['title']}", lines))
        page = cat.pages.get(f"templates/{tpl['id']}.md")
        m = WORKED.search(page.body) if page is not None else None
        if m:
            out.append((f"知识库完整示例：{tpl['title']}",
                        [_MARKUP.sub("", line) for line in m.group(1).split("\n")]))
    return out


REVIEW_DATA = "assets/review-data.js"


def review_data(cat: Catalog) -> dict:
    """What the page's review desk needs besides the checker data: the copy settings, the
    set formulas, the knowledge base's texts and the assessment rule sets (as plain data)."""
    from macros.review.annotate import comment_notes
    from macros.review.copying import (
        CLOSING,
        HEAD_END,
        HEADING,
        MASKS,
        MIN_RUN,
        OPENING,
        SHINGLE,
        TITLE_MAX,
        TITLE_STOP,
    )

    rules = []
    folder = Path(cat.root) / "data" / "assessment"
    for file in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        data = load_yaml_file(file, f"data/assessment/{file.name}", Problems())
        if isinstance(data, dict):
            rules.append(json.loads(json.dumps(data, ensure_ascii=False)))
    return {"shingle": SHINGLE, "masks": list(MASKS), "formulas": set_phrases(cat),
            "min_run": MIN_RUN, "heading": HEADING, "head_end": HEAD_END,
            "title_max": TITLE_MAX, "title_stop": TITLE_STOP, "opening": OPENING,
            "closing": CLOSING,
            "sources": [[name, lines] for name, lines in kb_texts(cat)], "rules": rules,
            "notes": comment_notes(cat)}


def review_script(cat: Catalog) -> str:
    """The review desk's data as a script for the browser (assets/review-data.js)."""
    return ("(window.kb = window.kb || {}).reviewData = "
            + json.dumps(review_data(cat), ensure_ascii=False) + ";\n")
