"""The first draft and the check before a file is written (docs/assets/kb-compose.js, with
kb-draft.js's slot rules) under node: which example a unit gets, 换一段, 示例事实 and the
list of what is unfinished."""

from __future__ import annotations

import json

import pytest
import yaml

from macros.model.settings import read_settings
from macros.views.workbench import placeholder_spec

from .conftest import ROOT
from .node import ASSETS, evaluate, node, node_json

RULES = yaml.safe_load((ROOT / "data" / "rules.yml").read_text(encoding="utf-8"))
EX = [
    {"id": "a-xiangzhen", "unit_type": "乡镇党委", "text": "镇党委〖全年研判4次〗。"},
    {"id": "b-tongyong", "unit_type": "通用", "text": "【单位简称】全年研判【研判次数】次。"},
    {"id": "c-ju", "unit_type": "局党组", "text": "局党组2025年〖召开会议3次〗。"},
    {"id": "d-ju", "unit_type": "局党组", "text": "局党组〖召开会议5次〗。"},
]
DATA = {
    "template": "t", "title": "某报告", "placeholders": placeholder_spec(read_settings(ROOT).need("checker")),
    "sections": [
        {"id": "biaoti", "level": 0, "heading": "标题", "skeleton": ["【单位名称】【报告年度】年报告"],
         "examples": []},
        {"id": "yi", "level": 1, "heading": "一、做法", "skeleton": ["召开党委（党组）会议……次。"],
         "skeleton_duties": [["zhuanti-yanjiu"]], "skeleton_frame": [False],
         "obligations": ["zhuanti-yanjiu"], "examples": EX},
        {"id": "er", "level": 1, "heading": "二、问题", "skeleton": ["问题XX。"], "examples": []},
    ],
    "slots": [{"name": "单位名称", "type": "text"}, {"name": "报告年度", "type": "year"},
              {"name": "单位简称", "type": "text"}, {"name": "研判次数", "type": "count"}],
}


def run(script: str):
    return evaluate(f"D.useRules(rules); {script}", {"D": "kb-draft.js", "C": "kb-compose.js"},
                    data=DATA, rules=RULES)


@pytest.mark.parametrize("unit,year,order", [
    ("局党组", "2026", ["d-ju", "c-ju", "b-tongyong"]),   # own type, the report's year first
    ("局党组", "2025", ["c-ju", "d-ju", "b-tongyong"]),
    ("乡镇党委", "2026", ["a-xiangzhen", "b-tongyong"]),
    ("村党组织", "2026", ["b-tongyong"]),                 # only the example for every type
])
def test_fitting_examples_own_type_first_then_for_all_types(unit, year, order):
    got = run(f"return C.fitting(data.sections[1], {json.dumps(unit)}, {json.dumps(year)})"
              ".map(e => e.id);")
    assert got == order


def test_first_draft_takes_one_example_per_section_and_keeps_the_rest():
    got = run("return C.firstDraft(data, '乡镇党委', '2026');")
    secs = {s["id"]: s for s in got["sections"]}
    assert secs["yi"] == {"id": "yi", "dropped": False, "example": "a-xiangzhen",
                          "paragraphs": ["镇党委〖全年研判4次〗。", "召开党委（党组）会议……次。"]}, \
        "the example does not cover the section's duty: the framework's paragraph stays after it"
    assert secs["biaoti"]["paragraphs"] == ["【单位名称】【报告年度】年报告"]
    assert secs["er"]["paragraphs"] == ["问题XX。"]


SEC = {"id": "s", "level": 0, "heading": "导语", "obligations": ["a", "b"],
       "skeleton": ["【上级党委】：", "框架导语，说a。", "框架说b。", "特此报告。"],
       "skeleton_duties": [[], ["a"], ["b"], []], "skeleton_frame": [True, False, False, True]}


@pytest.mark.parametrize("covers,unmet,paragraphs", [
    (["a", "b"], None, ["【上级党委】：", "示例。", "特此报告。"]),
    (["a"], None, ["【上级党委】：", "示例。", "框架说b。", "特此报告。"]),
    ([], None, ["【上级党委】：", "示例。", "框架导语，说a。", "框架说b。", "特此报告。"]),
    ([], ["b"], ["【上级党委】：", "示例。", "框架说b。", "特此报告。"]),  # a: another example
])
def test_compose_keeps_structural_lines_in_place_and_framework_only_for_uncovered_duties(
        covers, unmet, paragraphs):
    ex = {"id": "x", "text": "示例。", "covers": covers}
    got = run(f"return C.compose({json.dumps(SEC, ensure_ascii=False)}, "
              f"{json.dumps(ex, ensure_ascii=False)}, "
              f"{json.dumps(None if unmet is None else dict.fromkeys(unmet, True))});")
    assert got == paragraphs
    from macros.views.first_draft import compose
    assert compose(SEC, ex, None if unmet is None else set(unmet)) == paragraphs, \
        "the Python twin composes alike"


def test_compose_keeps_only_the_sentences_of_a_framework_paragraph_for_an_uncovered_duty():
    sec = {**SEC, "skeleton_sentences": [[], [{"text": "框架导语，", "duties": []},
                                              {"text": "说a。", "duties": ["a"]}], [], []]}
    sec["skeleton"] = ["【上级党委】：", "框架导语，说a。另说c。", "框架说b。", "特此报告。"]
    sec["skeleton_sentences"][1] = [{"text": "框架导语，说a。", "duties": ["a"]},
                                    {"text": "另说c。", "duties": ["c"]}]
    sec["skeleton_duties"] = [[], ["a", "c"], ["b"], []]
    ex = {"id": "x", "text": "示例。", "covers": ["b", "c"]}
    want = ["【上级党委】：", "示例。", "框架导语，说a。", "特此报告。"]
    assert run(f"return C.compose({json.dumps(sec, ensure_ascii=False)}, "
               f"{json.dumps(ex, ensure_ascii=False)}, {{a: true}});") == want
    from macros.views.first_draft import compose
    assert compose(sec, ex, {"a"}) == want


@pytest.mark.parametrize("template,unit,year", [
    ("niandu-qingkuang-baogao", "县直部门党组", "2026"),
    ("niandu-qingkuang-baogao", "村党组织", "2025"),
    ("geren-duizhao", "学校党支部", "2026"),
    ("zhenggai-fangan", "医院党委", "2026"),
])
def test_page_and_python_give_the_same_first_draft(cat, template, unit, year):
    from macros.checker.reading import duty_reader
    from macros.views.first_draft import draft_sections
    from macros.views.workbench import template_data
    reads = duty_reader(cat)
    data = template_data(cat, cat.templates[template], reads)
    code = ((ASSETS / "kb-compose.js").read_text(encoding="utf-8")
            + "\nconst job = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
            + "\nconsole.log(JSON.stringify(module.exports.firstDraft(job[0], job[1], job[2])));")
    drafted = node_json(code, [data, unit, year], timeout=60)
    page = [(s["id"], s["paragraphs"]) for s in drafted["sections"]]
    python = [(s["id"], s["paragraphs"]) for s in draft_sections(cat, template, unit, year, reads)]
    assert page == python
    heads = [p for _, ps in page for p in ps if p.startswith("【上级党委】")]
    assert len(heads) <= 1


def test_the_annual_opening_keeps_the_address_line_before_the_example(cat):
    from macros.checker.reading import duty_reader
    from macros.views.first_draft import draft_sections
    secs = {s["id"]: s for s in draft_sections(cat, "niandu-qingkuang-baogao", "县直部门党组",
                                                "2026", duty_reader(cat))}
    opening = secs["daoyu"]["paragraphs"]
    assert opening[0] == "【上级党委】：", "the 主送 line keeps its place before the example"
    assert opening[1].startswith("【报告年度】年，【单位简称】"), "then the example's opening"


def test_swap_cycles_fitting_examples_and_keeps_an_edited_paragraph():
    got = run("""const d = C.firstDraft(data, '局党组', '2026'), s = d.sections[1], out = [];
        for (let i = 0; i < 3; i++) {
          const n = C.nextExample(data.sections[1], s, '局党组', '2026');
          s.paragraphs.splice(n.index, n.replace ? 1 : 0, n.example.text);
          s.example = n.example.id;
          out.push([n.example.id, s.paragraphs.length]);
        }
        s.paragraphs[0] = '本局改写的段落。';
        const edited = C.nextExample(data.sections[1], s, '局党组', '2026');
        return [out, edited.replace, edited.example.id];""")
    assert got[0] == [["c-ju", 2], ["b-tongyong", 2], ["d-ju", 2]]
    assert got[1] is False and got[2] == "c-ju", "the writer's text is never replaced"


def test_confirm_and_rewrite_remove_the_brackets_of_a_fact():
    got = run("""const known = C.exampleFacts(data);
        return [C.confirmFact('甲〖一〗乙〖二〗', 1),
                C.settleFacts('镇党委〖全年研判6次〗，〖全年研判4次〗。', known),
                C.facts('〖a〗b〖c〗').map(f => f.inner)];""")
    assert got == ["甲〖一〗乙二", "镇党委全年研判6次，〖全年研判4次〗。", ["a", "c"]]


def test_preflight_lists_profile_slots_facts_and_placeholders_by_section():
    got = run("""const d = C.firstDraft(data, '乡镇党委', '2026');
        d.sections[2].paragraphs.push('召开党委（党组）会议……次，某某同志参加。');
        return C.preflight(data, d, {'单位名称': '', '报告年度': '26'}, D.validate,
                           data.placeholders);""")
    kinds = [(i["kind"], i["section"], i["paragraph"], i.get("slot") or i["text"]) for i in got]
    assert ("单位信息", None, -1, "单位名称") in kinds
    assert ("单位信息", None, -1, "报告年度") in kinds
    assert not any(k[0] == "未填槽位" and k[3] in ("单位名称", "报告年度") for k in kinds), \
        "a profile field is listed once, as 单位信息"
    assert ("示例事实", "yi", 0, "全年研判4次") in kinds
    texts = [i["text"] for i in got if i["kind"] == "占位文字"]
    assert len([t for t in texts if "XX" in t]) == 1
    assert any("党委（党组）" in t for t in texts) and any("……" in t for t in texts)
    assert any("某某" in t for t in texts)


def test_preflight_is_empty_for_a_finished_draft():
    got = run("""const d = C.firstDraft(data, '村党组织', '2026');
        d.sections[1].paragraphs.pop();
        d.sections[2].paragraphs = ['问题一。'];
        return C.preflight(data, d, {'单位名称': '某村党支部', '报告年度': '2026',
                                     '单位简称': '村党支部', '研判次数': '3'}, D.validate,
                           data.placeholders);""")
    assert got == []


# ---- 成稿前检查 by the site's checker (assets/checker.js): the page says what `kb check` says --

def run_with_checker(tmp_path, cat, template: str, script: str):
    """``script`` under node with kb-draft.js, kb-compose.js, checker.js and the real data:
    T (the template's page data), K (kb.checker), KD (its data)."""
    from macros.checker.engine import checker_data
    from macros.checker.reading import duty_reader
    from macros.views.workbench import template_data
    data = template_data(cat, cat.templates[template], duty_reader(cat))
    code = ("global.window = {};\n" + (ASSETS / "kb-draft.js").read_text(encoding="utf-8")
            + "\n" + (ASSETS / "kb-compose.js").read_text(encoding="utf-8")
            + "\nconst K = (function () { const window = undefined; const module = {exports: {}};\n"
            + (ASSETS / "checker.js").read_text(encoding="utf-8")
            + "\nreturn module.exports; })();\n"
            + "const D = window.kb.draft, C = window.kb.compose;\n"
            + f"const T = {json.dumps(data, ensure_ascii=False)};\n"
            + f"const KD = {json.dumps(checker_data(cat), ensure_ascii=False)};\n"
            + f"D.useRules({json.dumps(RULES, ensure_ascii=False)});\n"
            + f"console.log(JSON.stringify((() => {{ {script} }})()));")
    file = tmp_path / "run.js"
    file.write_text(code, encoding="utf-8")
    return json.loads(node(file, timeout=120))


def test_preflight_reports_a_confirmed_unchanged_example_as_copied_as_kb_check_does(tmp_path, cat):
    from macros.checker.engine import check_lines, checker_data
    values = {name: str(slot["example"]) for name, slot in cat.slots.items()}
    got = run_with_checker(tmp_path, cat, "niandu-qingkuang-baogao", f"""
        const d = C.firstDraft(T, '县直部门党组', '2026'), raw = {json.dumps(values)};
        d.sections.forEach(s => {{ s.paragraphs = s.paragraphs.map(p => p.replace(/[〖〗]/g, '')); }});
        const checker = {{api: K, data: KD}};
        return [C.preflight(T, d, raw, D.validate, T.placeholders, checker),
                C.preflight(T, d, raw, D.validate, T.placeholders),
                C.checkedLines(T, d, D.usable(T, raw)).lines];""")
    with_checker, fallback, lines = got
    kinds = {i["kind"] for i in with_checker}
    assert "照抄示例" in kinds, "every fact confirmed, the paragraph still another unit's text"
    assert not [i for i in fallback if i["kind"] != "单位信息"], \
        "the page's own matching alone called it finished (why the checker decides)"
    copied = [i for i in with_checker if i["finding"] == "copied-example"]
    assert all(i["section"] and i["paragraph"] >= 0 for i in copied), "mapped to its place"
    python = check_lines(checker_data(cat), lines, "niandu-qingkuang-baogao")
    assert len(copied) == len([f for f in python["findings"] if f["kind"] == "copied-example"])


def test_preflight_with_the_checker_lists_slots_once_and_facts_by_section(tmp_path, cat):
    got = run_with_checker(tmp_path, cat, "niandu-qingkuang-baogao", """
        const d = C.firstDraft(T, '县直部门党组', '2026');
        return C.preflight(T, d, {'单位名称': '某局党组', '报告年度': '2026'}, D.validate,
                           T.placeholders, {api: K, data: KD});""")
    slots = [i["slot"] for i in got if i["kind"] == "未填槽位"]
    assert slots and len(slots) == len(set(slots)), "one item a slot"
    assert "单位名称" not in slots and "报告年度" not in slots
    facts = [i for i in got if i["kind"] == "示例事实"]
    assert facts and all(i["section"] for i in facts)
