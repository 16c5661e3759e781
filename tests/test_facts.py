"""Example facts (〖…〗) are marked in every example, shown as 示例事实 on pages, and a draft
with placeholders, slots, unconfirmed or copied example facts is reported line by line."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from macros.checker.engine import check_lines
from macros.cli.facts_tool import mark_text
from macros.model.facts import propose, strip_markers, unmarked_figures
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
    assert ex["id"] in next(t for k, _, t in found if k == "copied-example")
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
    assert all(120 <= len(t) <= 320 for t in texts), [len(t) for t in texts]
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
    for unit_type in unit_types(cat):
        marked = first_draft(cat, template, unit_type, values, reads=reads)
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
