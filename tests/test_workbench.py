"""The data a template page's workbench is built from: sections, examples, slots, profile."""

from __future__ import annotations

import json
import re

from macros.checks.loader import load
from macros.views.workbench import island, panel, template_data

from .conftest import ROOT

ISLAND = re.compile(r'<script type="application/json" id="([a-z-]+)">(.*?)</script>', re.S)


def test_island_is_data_no_text_can_close_it():
    hostile = {"text": "</script><script>alert(1)</script> & <b>"}
    out = island("kb-x", hostile)
    (element_id, body), = ISLAND.findall(out)
    assert element_id == "kb-x" and "<" not in body and "&" not in body
    assert json.loads(body) == hostile


def test_template_data_holds_sections_examples_slots_and_the_profile():
    cat = load(ROOT)
    tpl = cat.templates["bannian-zicha"]
    data = template_data(cat, tpl)
    assert data["format"] == "kb-draft/1" and data["template"] == "bannian-zicha"
    assert [s["id"] for s in data["sections"]] == [s["id"] for s in tpl["sections"]]
    daoyu = next(s for s in data["sections"] if s["id"] == "daoyu")
    assert daoyu["level"] == 0 and daoyu["skeleton"][0] == "【上级党委】："
    assert all("\n" not in p for s in data["sections"] for p in s["skeleton"])
    examples = [e for s in data["sections"] for e in s["examples"]]
    assert examples and all(e["unit_type"] in data["unit_types"] + ["通用"] for e in examples)
    slots = {s["name"]: s for s in data["slots"]}
    assert list(slots) == tpl["slots"]
    assert slots["成文日期"]["type"] == "date" and slots["成文日期"]["example"]
    assert slots["单位名称"]["profile"] and not slots["自查问题数"]["profile"]
    assert {"单位名称", "单位简称", "上级党委", "报告年度"} <= set(data["profile"])


def test_panel_carries_both_islands_and_the_static_word_link():
    cat = load(ROOT)
    out = panel(cat, cat.templates["bannian-zicha"], "x.docx", {"page": {"width_mm": 210}})
    found = dict(ISLAND.findall(out))
    assert json.loads(found["kb-layout-data"]) == {"page": {"width_mm": 210}}
    assert json.loads(found["kb-template-data"])["title"] == "上半年意识形态工作自查报告"
    assert 'href="x.docx" download' in out
