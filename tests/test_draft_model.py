"""The draft model of the workbench (docs/assets/kb-draft.js) run under node: the kb-draft/1
export and the checks on an imported file (the value rules shared with `kb` are in
tests/rules_cases.yml, run by tests/test_rules.py)."""

from __future__ import annotations

import json

import pytest
import yaml

from .conftest import ROOT
from .node import evaluate

RULES = yaml.safe_load((ROOT / "data" / "rules.yml").read_text(encoding="utf-8"))
DATA = {
    "template": "t", "title": "某报告",
    "sections": [
        {"id": "biaoti", "level": 0, "heading": "标题", "skeleton": ["【单位名称】【报告年度】年报告"]},
        {"id": "yi", "level": 1, "heading": "一、做法", "skeleton": ["召开会议【次数】次。"]},
        {"id": "er", "level": 1, "heading": "二、问题", "skeleton": ["问题一。"]},
    ],
    "slots": [{"name": "单位名称", "type": "text"}, {"name": "报告年度", "type": "year"},
              {"name": "次数", "type": "count"}],
}


def run(script: str):
    return evaluate(f"D.useRules(rules); {script}", {"D": "kb-draft.js"}, data=DATA, rules=RULES)


def test_export_fills_the_title_keeps_slots_and_marks_dropped_sections():
    got = run("""const draft = D.reconcile(data, null);
        draft.sections[2].dropped = true;
        const values = D.usable(data, {'单位名称': '某局党组', '报告年度': '26', '次数': '4'});
        return [D.exported(data, draft, values), D.plainText(data, draft, values)];""")
    draft, text = got
    assert draft["title"] == "某局党组【报告年度】年报告", "an invalid year is not used"
    assert draft["values"] == {"单位名称": "某局党组", "次数": "4"}
    assert [(s["id"], s["dropped"]) for s in draft["sections"]] == [
        ("biaoti", False), ("yi", False), ("er", True)]
    assert draft["sections"][1]["paragraphs"] == ["召开会议【次数】次。"]
    assert text == "某局党组【报告年度】年报告\n一、做法\n召开会议4次。"


@pytest.mark.parametrize("change,message", [
    ({"format": "other"}, "kb-draft/1"),
    ({"template": "x"}, "另一个模板"),
    ({"sections": [{"id": "yi", "paragraphs": [1]}]}, "不是一列文字"),
    ({"sections": [{"id": "yi", "paragraphs": ["段"] * 201}]}, "超过200个"),
])
def test_import_refuses_a_file_that_is_not_a_draft_of_this_template(change, message):
    doc = {"format": "kb-draft/1", "template": "t", "values": {}, "sections": [], **change}
    got = run(f"try {{ D.imported(data, {json.dumps(json.dumps(doc, ensure_ascii=False))}); "
              "return ''; } catch (e) { return e.message; }")
    assert message in got


def test_import_keeps_known_sections_and_slots_and_notes_the_rest():
    doc = {"format": "kb-draft/1", "template": "t",
           "values": {"单位名称": "某镇党委", "外来": "x", "报告年度": "26"},
           "sections": [{"id": "yi", "dropped": True, "paragraphs": ["改写的段落。"]},
                        {"id": "nope", "paragraphs": []}]}
    got = run(f"return D.imported(data, {json.dumps(json.dumps(doc, ensure_ascii=False))});")
    assert got["values"] == {"单位名称": "某镇党委", "报告年度": "26"}
    secs = {s["id"]: s for s in got["draft"]["sections"]}
    assert secs["yi"] == {"id": "yi", "dropped": True, "paragraphs": ["改写的段落。"]}
    assert secs["er"]["paragraphs"] == ["问题一。"], "a section the file lacks starts afresh"
    notes = "；".join(got["notes"])
    assert "nope" in notes and "外来" in notes and "报告年度" in notes
