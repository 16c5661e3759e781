"""Templates evidence their own duties: every template's skeletons, filled with every slot's
example value, and its worked example (完整示例) pass the checker for that template's genre —
no duty the template lists under its sections is reported missing."""

from __future__ import annotations

import re

import pytest

from macros.checker.engine import check_file
from macros.checks.loader import load
from macros.outputs.wordplan import fill, skeleton_draft

from .conftest import ROOT

CAT = load(ROOT)
TEMPLATES = sorted(CAT.templates)


def filled_skeleton(tpl: dict) -> str:
    """The report a writer gets by keeping every skeleton and filling every slot."""
    values = {name: CAT.slots[name]["example"] for name in tpl["slots"]}
    draft = skeleton_draft(tpl, values)
    lines = []
    for sec in draft["sections"]:
        if sec["level"] >= 1:
            lines.append(fill(sec["heading"], values))
        lines += [fill(p, values) for p in sec["paragraphs"]]
    return "\n".join(lines) + "\n"


def worked_example(tpl: dict) -> str:
    """The 完整示例 part of the template page (Markdown)."""
    body = (ROOT / "docs" / tpl.page_rel).read_text(encoding="utf-8")
    assert "\n## 完整示例" in body, f"{tpl.page_rel}: no 完整示例 section"
    part = body.split("\n## 完整示例", 1)[1]
    return re.split(r"\n## ", part, maxsplit=1)[0]


def missing(tmp_path, tpl_id: str, text: str, suffix: str) -> list[str]:
    draft = tmp_path / f"{tpl_id}{suffix}"
    draft.write_text(text, encoding="utf-8")
    result = check_file(CAT, draft, tpl_id)
    return [f"{m['id']}（{m['title']}）" for m in result["missing"]]


@pytest.mark.parametrize("tpl_id", TEMPLATES)
def test_filled_skeleton_evidences_every_listed_duty(tmp_path, tpl_id):
    tpl = CAT.templates[tpl_id]
    text = filled_skeleton(tpl)
    assert "【" not in text, "a slot without an example value"
    gaps = missing(tmp_path, tpl_id, text, ".txt")
    assert not gaps, (f"docs/templates/{tpl_id}.md: the filled skeleton does not evidence "
                      f"{'、'.join(gaps)} — say it in the section's skeleton or drop it from "
                      "the section's obligations")


@pytest.mark.parametrize("tpl_id", TEMPLATES)
def test_worked_example_evidences_every_listed_duty(tmp_path, tpl_id):
    gaps = missing(tmp_path, tpl_id, worked_example(CAT.templates[tpl_id]), ".md")
    assert not gaps, (f"docs/templates/{tpl_id}.md: the 完整示例 does not evidence "
                      f"{'、'.join(gaps)}")


def test_filled_skeleton_detects_a_removed_duty(tmp_path):
    """The check can fail: a skeleton without its 舆情 sentences misses those duties."""
    tpl = CAT.templates["bannian-zicha"]
    text = "\n".join(line for line in filled_skeleton(tpl).split("\n") if "舆情" not in line)
    assert missing(tmp_path, "bannian-zicha", text, ".txt")
