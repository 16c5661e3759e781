"""Example facts (〖…〗) are marked in every example, shown as 示例事实 on pages, and a draft
with placeholders, slots, unconfirmed or copied example facts is reported line by line."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from macros.checker.engine import check_lines
from macros.cli.facts_tool import mark_text
from macros.model.facts import (
    propose,
    strip_markers,
    unmarked_bodies,
    unmarked_figures,
)
from macros.model.settings import read_settings
from macros.views.render import obligation_panel

from .conftest import BIN, ROOT
from .test_bad_inputs import EX, assert_reported

# ---- the figure rule and the proposal tool ------------------------------------------

@pytest.mark.parametrize("text,figures", [
    ("全年召开专题会议4次，培训干部120人次。", ["4次", "120人次"]),
    ("4月10日前报送，9月底前完成，2025年3月起执行。", ["4月10日前", "9月底前", "2025年3月起"]),
    ("满意度提高2.3分，占比15%，听取汇报十六次。", ["2.3分", "15%", "十六次"]),
    ("增强“四个意识”、坚定“四个自信”、做到“两个维护”，深刻领悟“两个确立”。", []),
    ("落实“第一议题”制度，一是抓学习，二是抓阵地；第一责任人要履行三会一课。", []),
    ("1.校党委落实责任；2.支部书记带头；11.落实网络意识形态工作责任制。", []),
    ("围绕以下六个方面，重点抓好四项工作，对照“八个严禁”逐项检查。", []),
    ("已标出的〖累计培训120人次〗和〖4月10日前〗不再提出。", []),
])
def test_figures_outside_markers_are_found_and_set_formulas_are_not(text, figures):
    assert [f for _, _, f in unmarked_figures(text)] == figures


def test_the_tool_proposes_markers_only_inside_example_texts():
    source = ("- id: ex-a\n  unit_type: 局党组\n  text: >-\n    全年召开会议4次，9月底前完成。\n"
              "- id: ex-b-2\n  template: t-2026\n  text: 培训120人次。\n")
    marked = mark_text(source)
    assert "召开会议〖4次〗，〖9月底前〗完成" in marked and "text: 培训〖120人次〗。" in marked
    assert "ex-b-2" in marked and "t-2026" in marked          # ids and keys untouched
    assert strip_markers(marked) == source
    assert propose(propose("会议4次")) == "会议〖4次〗"          # idempotent


def test_kb_facts_mark_prints_the_proposal_without_writing(tmp_path):
    file = tmp_path / "ex.yml"
    file.write_text("- id: ex-a\n  text: >-\n    全年召开会议4次。\n", "utf-8")
    run = subprocess.run([str(BIN / "kb"), "--root", str(ROOT), "facts", "--mark", str(file)],
                         capture_output=True, text=True)
    assert run.returncode == 0 and "〖4次〗" in run.stdout and "1 facts proposed" in run.stderr
    assert "〖" not in file.read_text("utf-8")


def test_kb_facts_mark_names_a_missing_file_with_how_to_fix(tmp_path, capsys):
    from macros import cli

    missing = tmp_path / "gone.yml"
    assert cli.main(["--root", str(ROOT), "facts", "--mark", str(missing)]) == 2
    said = capsys.readouterr().err
    assert f"kb facts: {missing}:1: no such file — give a data/examples/*.yml file" in said
    assert "internal error" not in said


# ---- named bodies: another unit's name is a fact of the example -----------------------

RULE = read_settings(ROOT).bodies


@pytest.mark.parametrize("text,bodies", [
    ("一年来，县发展改革委党组把意识形态工作作为政治任务。", ["县发展改革委党组"]),
    ("院党委在县委和县卫生健康局党组的领导下，与区住建局、区信访局建立联动机制。",
     ["县卫生健康局党组", "区住建局", "区信访局"]),
    ("县第一中学党委、市住房和城乡建设局党组、县总工会党组和县供销社党组。",
     ["县第一中学党委", "市住房和城乡建设局党组", "县总工会党组", "县供销社党组"]),
    ("〖5月12日〗，县委第一巡察组向镇党委反馈了问题。", ["县委第一巡察组"]),
    # the superiors every unit shares, generic self-references and place words in words
    ("按照县委和县委宣传部、县委网信办、县纪委监委的要求，在县融媒体中心发布。", []),
    ("局党组、镇党委、开发区党工委、社区党委、县直部门党组和【单位简称】党组。", []),
    ("会同市场监管部门、县民族宗教部门和派出所，在全县校长会上部署，市民反映。", []),
    ("已标出的〖县卫生健康委党组〗不再提出。", []),
])
def test_named_bodies_outside_markers_are_found_and_shared_superiors_are_not(text, bodies):
    assert [b for _, _, b in unmarked_bodies(text, RULE)] == bodies


def test_the_tool_proposes_named_bodies_and_figures_together():
    text = "县卫生健康委党组全年召开党组会议〖4次〗，在县委宣传部指导下开展研判2次。"
    marked = propose(text, RULE)
    assert marked == "〖县卫生健康委党组〗全年召开党组会议〖4次〗，在县委宣传部指导下开展研判〖2次〗。"
    assert propose(marked, RULE) == marked and strip_markers(marked) == strip_markers(text)
    assert propose(text) == "县卫生健康委党组全年召开党组会议〖4次〗，在县委宣传部指导下开展研判〖2次〗。"


def test_kb_facts_mark_proposes_a_named_body(tmp_path):
    file = tmp_path / "ex.yml"
    file.write_text("- id: ex-a\n  text: >-\n    县发展改革委党组在县委领导下开展工作。\n", "utf-8")
    run = subprocess.run([str(BIN / "kb"), "--root", str(ROOT), "facts", "--mark", str(file),
                          "--write"], capture_output=True, text=True)
    assert run.returncode == 0 and "1 facts proposed" in run.stderr
    assert "〖县发展改革委党组〗在县委领导下" in file.read_text("utf-8")


def test_every_example_marks_its_named_bodies(cat):
    unmarked = [(ex["id"], b) for ex in cat.examples.values()
                for _, _, b in unmarked_bodies(str(ex["text"]), RULE)]
    assert not unmarked, unmarked[:10]


def test_lint_refuses_an_unmarked_named_body_with_file_line_and_fix(mini):
    message = assert_reported(mini, EX, "局党组班子成员", "县交通运输局党组班子成员", f"{EX}:7",
                              "unmarked named body '县交通运输局党组'")
    assert "〖县交通运输局党组〗" in message and "kb facts --mark" in message


def test_the_qa_draft_names_another_unit_and_the_checker_now_says_so(data, cat):
    """A 县农业农村局's draft kept the example's 县卫生健康委党组 and its health topics."""
    ex = cat.examples["ex-niandu-qingkuang-baogao-yanpan-baogao-01"]
    text = str(ex["text"]).replace("\n", "")
    assert "〖县卫生健康委党组〗" in text and "〖医保支付方式改革、" in text
    found = _findings(data, ["标题", text])
    assert ("unconfirmed-fact", 2, "县卫生健康委党组") in found
    own = re.sub("〖([^〗]*)〗", lambda m: m.group(1) if re.search("[局委组]$|改革", m.group(1))
                 else "97项", text)           # own figures, the other unit's names kept
    reported = {t.split("（")[0] for k, _, t in _findings(data, ["标题", own])
                if k == "example-fact"}
    assert {"县卫生健康委党组", "医保支付方式改革、基层卫生人才招聘、健康知识传播和医疗纠纷调处"} <= reported


def test_lint_accepts_the_shared_superior_and_a_marked_body(mini):
    from .test_bad_inputs import mutate
    mutate(mini, EX, "局党组班子成员", "局党组在县委宣传部指导下，〖县交通运输局党组〗班子成员")
    from macros.checks.loader import load
    assert not [str(p) for p in load(mini).problems if "named body" in str(p)]


# ---- the lint ----------------------------------------------------------------------

def test_every_example_marks_its_figures(cat):
    unmarked = [(ex["id"], f) for ex in cat.examples.values()
                for _, _, f in unmarked_figures(str(ex["text"]))]
    assert not unmarked, unmarked[:10]
    assert sum(str(ex["text"]).count("〖") for ex in cat.examples.values()) > 1000


def test_lint_refuses_an_unmarked_figure_with_file_line_and_fix(mini):
    message = assert_reported(mini, EX, "〖十六次〗", "16次", f"{EX}:7", "unmarked figure '16次'")
    assert "〖16次〗" in message and "kb facts --mark" in message


def test_lint_refuses_a_broken_marker(mini):
    assert_reported(mini, EX, "〖十六次〗", "〖十六次", f"{EX}:7", "unbalanced or nested fact marker")


def test_a_broken_named_body_pattern_is_reported_not_a_crash(mini):
    assert_reported(mini, "data/lint.yml", 'groups: "(?:', 'groups: "((?:', "data/lint.yml",
                    "named_bodies groups is not a valid pattern")


# ---- pages -------------------------------------------------------------------------

def test_example_panels_show_facts_as_marks_without_brackets(cat):
    ob = next(o for o in cat.obligations.values()
              if any("〖" in str(ex["text"]) for ex in cat.examples_by_obligation.get(o["id"], [])))
    md = obligation_panel(cat, ob, ob.page_rel)
    assert '<mark class="kb-fact" title="示例事实">' in md
    assert "〖" not in md and "〗" not in md and "style=" not in md


# ---- the checker (Python; tests/test_checker_conformance.py holds the page to it) -------

def _findings(data, lines):
    return [(f["kind"], f["line"], f["text"]) for f in check_lines(data, lines)["findings"]]


def test_placeholders_slots_and_unconfirmed_facts_are_reported_on_their_lines(data):
    lines = (ROOT / "tests" / "checker_cases" / "placeholders-and-facts.txt").read_text(
        "utf-8").split("\n")
    found = _findings(data, lines)
    assert ("placeholder", 2, "……") in found and ("placeholder", 2, "党委（党组）") in found
    assert ("placeholder", 3, "某某") in found
    assert not [f for f in found if f[1] == 4]      # the system's own name and a 《title》 pass
    assert ("slot", 5, "【单位名称】") in found
    assert ("unconfirmed-fact", 5, "累计培训120人次") in found


def test_either_or_forms_of_every_template_skeleton_are_reported(data, cat):
    forms = set(data["placeholders"]["either_or"])
    seen = set()
    for tpl in cat.templates.values():
        for sec in tpl["sections"]:
            seen.update(f for f in forms if f in str(sec.get("skeleton", "")))
    assert "党委（党组）" in forms and seen, "the list holds the skeletons' either/or forms"
    for form in forms:
        assert ("placeholder", 1, form) in _findings(data, [f"经{form}研究同意。"])


def test_a_placeholder_figure_evidences_nothing(data):
    head = ["某局党组2026年落实意识形态工作责任制情况报告", "一、主要做法"]
    ids = lambda r: {c["id"] for c in r["covered"]}  # noqa: E731
    real = check_lines(data, head + ["局党组召开党组会议专题研究意识形态工作4次。"])
    for figure in ("……", "XX", "××", "【专题研究次数】"):
        void = check_lines(data, head + [f"局党组召开党组会议专题研究意识形态工作{figure}次。"])
        assert "zhuanti-yanjiu" in ids(real) and "zhuanti-yanjiu" not in ids(void), figure


def _example(cat, with_named: bool):
    for ex in cat.examples.values():
        facts = re.findall("〖([^〗]*)〗", str(ex["text"]))
        named = [f for f in facts if not re.search("[0-9]", f) and len(f) >= 4]
        if facts and bool(named) == with_named and len(str(ex["text"])) > 120:
            return ex, facts
    raise AssertionError("no such example")


def test_a_pasted_example_is_reported_as_copied_and_the_writers_own_figures_are_not(data, cat):
    ex, facts = _example(cat, with_named=False)
    text = str(ex["text"]).replace("\n", "")
    pasted = strip_markers(text)
    found = _findings(data, ["标题", pasted])
    assert ("copied-example", 2) in {(k, n) for k, n, _ in found}
    shown = next(t for k, _, t in found if k == "copied-example")
    tpl = cat.templates[ex["template"]]
    assert shown.startswith(f"与示例相同（{tpl['title']}·") and "一节）：" in shown, shown
    assert ex["id"] not in shown and "ex-" not in shown          # no internal id shown
    own = re.sub("〖[^〗]*〗", lambda m: "97" + "项", text)
    assert not [f for f in _findings(data, ["标题", own]) if f[0] in
                ("copied-example", "example-fact")]


def test_named_example_facts_left_in_a_reworked_paragraph_are_reported(data, cat):
    ex, facts = _example(cat, with_named=True)
    text = str(ex["text"]).replace("\n", "")
    named = [f for f in facts if not re.search("[0-9]", f) and len(f) >= 4]
    reworked = re.sub("〖([^〗]*)〗", lambda m: m.group(1) if m.group(1) in named else "97项", text)
    found = _findings(data, ["标题", reworked])
    assert [f for f in found if f[0] == "example-fact" and named[0] in f[2]], found
    assert not [f for f in found if "ex-" in f[2]], found
    assert not [f for f in found if f[0] == "copied-example"]


def test_kb_check_json_carries_the_new_finding_kinds(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text((ROOT / "tests" / "checker_cases" / "placeholders-and-facts.txt")
                     .read_text("utf-8"), "utf-8")
    out = subprocess.run([str(BIN / "kb"), "check", "--json", str(draft)], cwd=ROOT,
                         capture_output=True, text=True).stdout
    kinds = {f["kind"] for f in json.loads(out)["findings"]}
    assert {"placeholder", "slot", "unconfirmed-fact"} <= kinds


def test_kb_fill_draft_warns_of_each_unconfirmed_fact_and_placeholder_by_line(tmp_path, cat):
    tpl = cat.templates["niandu-qingkuang-baogao"]
    sections = [{"id": s["id"], "paragraphs": []} for s in tpl["sections"]]
    sections[1]["paragraphs"] = ["全年开展培训，〖累计培训120人次〗。", "党委（党组）召开会议……次。"]
    draft = {"format": "kb-draft/1", "template": tpl["id"], "title": "某局党组2026年情况报告",
             "values": {"单位名称": "某局党组"}, "sections": sections}
    src = tmp_path / "draft.json"
    src.write_text(json.dumps(draft, ensure_ascii=False, indent=1), "utf-8")
    run = subprocess.run([str(BIN / "kb"), "fill", tpl["id"], "--draft", str(src), "-o",
                          str(tmp_path / "out.docx")], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0 and (tmp_path / "out.docx").is_file(), run.stderr
    raw = src.read_text("utf-8").split("\n")
    fact_line = next(i for i, line in enumerate(raw, 1) if "累计培训" in line)
    place_line = next(i for i, line in enumerate(raw, 1) if "……" in line)
    err = run.stderr
    assert f"{src}:{fact_line}: 未确认的示例事实“累计培训120人次” — " in err
    assert f"{src}:{place_line}: 未填占位“……” — " in err
    assert f"{src}:{place_line}: 未填占位“党委（党组）” — " in err


LIST_ITEM = re.compile(r"^(?:[0-9]+[.．]|（[一二三四五六七八九十]+）)", re.M)


# ---- coverage ----------------------------------------------------------------------

def test_every_section_that_takes_examples_fits_every_unit_type(cat):
    from macros.views.coverage import coverage
    cov = coverage(cat)
    assert cov["sections"] and len(cov["unit_types"]) >= 14 and "通用" not in cov["unit_types"]
    lacking = {(r["template"], r["section"]): r["missing"] for r in cov["sections"] if r["missing"]}
    assert not lacking, lacking
    assert cov["covered"] == cov["cells"]


def test_examples_for_all_types_are_distinct_and_of_report_length(cat):
    general = [ex for ex in cat.examples.values() if ex["unit_type"] == "通用"]
    assert general
    texts = [strip_markers(str(ex["text"])) for ex in general]
    # An example for a list section (its skeleton numbers one item per paragraph) is one
    # item: a full paragraph of at least 60 characters, not a section's worth of text.
    floors = [60 if len(LIST_ITEM.findall(cat.section(ex["template"], ex["section"])
                                          .get("skeleton") or "")) >= 2 else 120
              for ex in general]
    short = [(ex["id"], len(t)) for ex, t, low in zip(general, texts, floors, strict=True)
             if not low <= len(t) <= 320]
    assert not short, short
    assert 60 in floors and 120 in floors
    sentences = [s for t in texts for s in re.split("[。；]", t) if len(s) >= 16]
    assert len(sentences) == len(set(sentences)), "no sentence reused between examples"


def test_kb_stats_prints_the_coverage_table():
    text = subprocess.run([str(BIN / "kb"), "stats"], cwd=ROOT, capture_output=True,
                          text=True).stdout
    assert "example coverage (section × unit type): " in text and "(100%)" in text
    data = json.loads(subprocess.run([str(BIN / "kb"), "stats", "--json"], cwd=ROOT,
                                     capture_output=True, text=True).stdout)
    assert data["coverage"]["cells"] == data["coverage"]["covered"] > 1000


# ---- item 6: every template's own route makes a checker-clean draft ----------------------

TEMPLATES = sorted(p.stem for p in (ROOT / "docs" / "templates").glob("*.md") if p.stem != "index")


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_first_draft_of_every_template_is_checker_clean_for_every_unit_type(
        cat, data, template):
    from macros.checker.reading import duty_reader
    from macros.views.coverage import unit_types
    from macros.views.first_draft import first_draft
    values = {name: str(slot["example"]) for name, slot in cat.slots.items()}
    reads = duty_reader(cat)                 # as the site builds the page's data
    # a template without examples yet (a new one, as `kb new` writes it) has no facts to mark
    has_examples = any(tpl == template and found
                       for (tpl, _), found in cat.examples_by_section.items())
    for unit_type in unit_types(cat):
        marked = first_draft(cat, template, unit_type, values, reads=reads)
        if has_examples:
            assert any("〖" in line for line in marked), unit_type
            before = check_lines(data, marked, template)
            assert [f for f in before["findings"] if f["kind"] == "unconfirmed-fact"]
        result = check_lines(data, first_draft(cat, template, unit_type, values, confirm=True,
                                         reads=reads),
                             template)
        assert not result["missing"], (unit_type, [m["id"] for m in result["missing"]])
        left = [f for f in result["findings"] if f["kind"] in
                ("placeholder", "slot", "unconfirmed-fact")]
        assert not left, (unit_type, left)


def _without(line: str, values: dict) -> str:
    """The line with the writer's own profile values blanked (a 巡察组 may be one)."""
    for value in sorted(values.values(), key=len, reverse=True):
        line = line.replace(value, " " * len(value)) if len(value) >= 4 else line
    return line


def test_no_first_draft_carries_another_units_name_unmarked(cat):
    """Whatever the template and unit type, another unit's name reaches the draft only as
    a marked fact (shown as 示例事实, reported by the checker until confirmed)."""
    from macros.views.coverage import unit_types
    from macros.views.first_draft import first_draft
    values = {name: str(slot["example"]) for name, slot in cat.slots.items()}
    left = [(template, unit_type, body) for template in TEMPLATES
            for unit_type in unit_types(cat)
            for line in first_draft(cat, template, unit_type, values)
            for _, _, body in unmarked_bodies(_without(line, values), RULE)]
    assert not left, left[:5]
    draft = first_draft(cat, "niandu-qingkuang-baogao", "县直部门党组", values)
    assert any(body in line for line in draft for body in ("〖县发展改革委党组〗", "〖县卫生健康委党组〗"))


def test_the_first_draft_takes_the_unit_types_own_example_then_one_for_all_types(cat):
    from macros.views.first_draft import ranked_examples
    own = ranked_examples(cat, "niandu-qingkuang-baogao", "zuofa", "县直部门党组")
    assert own[0]["unit_type"] == "县直部门党组"
    other = ranked_examples(cat, "niandu-qingkuang-baogao", "daoyu", "村党组织")
    assert other[0]["unit_type"] in ("村党组织", "通用")
    assert ranked_examples(cat, "niandu-qingkuang-baogao", "lilun-wuzhuang", "局党组")[0][
        "unit_type"] in ("局党组", "通用")


def test_the_tool_marks_a_template_pages_worked_example_only(tmp_path):
    page = tmp_path / "t.md"
    page.write_text("---\nid: t\n---\n\n## 写作要点\n\n写明召开会议4次。\n\n## 完整示例\n\n"
                    "**一、主要做法**\n\n全年召开会议4次，培训120人次。\n", "utf-8")
    run = subprocess.run([str(BIN / "kb"), "--root", str(ROOT), "facts", "--mark", str(page)],
                         capture_output=True, text=True)
    assert "写明召开会议4次。" in run.stdout and "全年召开会议〖4次〗，培训〖120人次〗。" in run.stdout
    assert "**一、主要做法**" in run.stdout and "2 facts proposed" in run.stderr
