"""Normalisation, genre and result shape of the draft checker, on paraphrased cases."""

from __future__ import annotations

import json
import subprocess

import pytest

from macros.checker.engine import check_lines
from macros.checker.normalise import normalise, paragraphs, readings

from .conftest import BIN, ROOT

CASES = ROOT / "tests" / "checker_cases"


def covered(result) -> dict:
    return {c["id"]: c["status"] for c in result["covered"]}


@pytest.mark.parametrize("raw,clean", [
    ("召开会议 3 次", "召开会议3次"),                   # spaces between digits and Han
    ("意 识 形 态", "意识形态"),                         # spaces inside Chinese (PDF text)
    ("全年１２次，ＸＸ单位", "全年12次，XX单位"),          # full-width digits and letters
    ("建⽴制度，⼯作群", "建立制度，工作群"),              # Kangxi radicals from PDF extraction
    ("坚持「同部署」", "坚持“同部署”"),                   # quotation variants
    ("研究工作,部署任务;(试行)", "研究工作，部署任务；（试行）"),  # ASCII punctuation in Chinese
    ("1, 2 and 3", "1, 2 and 3"),                       # ASCII text keeps its punctuation
])
def test_normalisation(data, raw, clean):
    assert normalise(data, raw) == clean


def test_hard_wrapped_lines_join_and_keep_the_first_line_number(data):
    lines = ["某局党组关于意识形态工作的报告", "一、主要做法",
             "局党组坚持把意识形态工作摆上重要议事日程，全年召开党组专题会",
             "议 3 次，研究部署阵地管理等工作。", "二、存在的问题"]
    assert paragraphs(data, lines) == [
        (1, "某局党组关于意识形态工作的报告"), (2, "一、主要做法"),
        (3, "局党组坚持把意识形态工作摆上重要议事日程，全年召开党组专题会议3次，研究部署阵地管理等工作。"),
        (5, "二、存在的问题")]


def test_aside_reads_both_ways(data):
    views = readings(data, "全面落实意识形态（网络意识形态）工作责任制。")
    assert "全面落实意识形态工作责任制。" in views
    assert "全面落实网络意识形态工作责任制。" in views
    assert readings(data, "党委（党组）书记带头。")[-1] == "党组书记带头。"


def test_paraphrased_pdf_text_is_read_like_clean_text(data):
    wrapped = ["某县局党组2026年度落实意识形态工作责任制情况的报告", "一、主要做法",
               "年内局党组把意识形态工作摆上重要议程，先后召开党组专题会", "议 2 次，研究部署意识形态工作。"]
    clean = wrapped[:2] + ["年内局党组把意识形态工作摆上重要议程，先后召开党组专题会议2次，研究部署意识形态工作。"]
    assert covered(check_lines(data, wrapped)) == covered(check_lines(data, clean))
    assert covered(check_lines(data, wrapped))["zhuanti-yanjiu"] == "evidenced"


def test_full_width_heading_opens_the_problem_part(data):
    lines = (CASES / "fullwidth-heading.txt").read_text("utf-8").split("\n")
    assert covered(check_lines(data, lines))["yuqing-yanpan"] == "gap"


def test_aside_evidences_the_network_duty(data):
    lines = ["某局党组关于意识形态工作的报告",
             "局党组压紧压实意识形态（网络意识形态）工作责任制，明确分工。"]
    assert covered(check_lines(data, lines)).get("wangluo-zerenzhi") == "evidenced"


def test_unclear_genre_is_said_and_common_duties_are_checked(data):
    result = check_lines(data, ["关于有关情况的说明", "局党组召开会议专题研究意识形态工作2次。"])
    assert result["genre"] is None and result["genre_reason"]
    assert result["expected_from"] == "common"
    missing = {m["id"] for m in result["missing"]}
    assert missing and missing <= set(data["common"])
    assert "zhuanti-yanjiu" not in missing
    tie = check_lines(data, ["党支部对照检查材料"])          # cues of two genres, equally
    assert tie["genre"] is None or tie["genre_reason"].startswith("按标题")


def test_no_sentence_is_quoted_twice(data):
    lines = ["某局党组2026年度落实意识形态工作责任制情况的报告", "一、主要做法",
             "局党组履行主体责任，书记履行第一责任人职责，班子成员落实一岗双责。",
             "局党组召开会议专题研究意识形态工作4次。"]
    result = check_lines(data, lines)
    quotes = [c["quote"] for c in result["covered"] if c["quote"]]
    assert len(quotes) == len(set(quotes)) and len(result["covered"]) > len(quotes)


def test_junk_and_personal_data_are_findings(data):
    lines = (CASES / "junk-and-personal.md").read_text("utf-8").split("\n")
    found = {(f["kind"], f["line"]) for f in check_lines(data, lines)["findings"]}
    assert {("junk", 8), ("junk", 12), ("personal", 6), ("ascii_punctuation", 5)} <= found


def test_kb_check_prints_summary_then_missing_then_fixes_then_evidence(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("某局党组2026年度落实意识形态工作责任制情况的报告\n一、主要做法\n"
                     "局党组召开会议专题研究意识形态工作4次，XX同志参加。\n", "utf-8")
    out = subprocess.run([str(BIN / "kb"), "check", str(draft)], cwd=ROOT, capture_output=True,
                         text=True).stdout.split("\n")
    assert out[1].startswith("体现 1 项 / 缺 ") and out[1].endswith(" / 需修改 1 处")
    heads = [i for i, line in enumerate(out) if line.startswith(("本类报告应体现但未见", "需要修改",
                                                                  "已体现"))]
    assert [out[i][:2] for i in heads] == ["本类", "需要", "已体"]
    assert "  第3行 未填占位：XX" in out
    assert any(line.startswith("  ✗ ") and "/#examples" in line for line in out)
    result = json.loads(subprocess.run([str(BIN / "kb"), "check", str(draft), "--json"],
                                       cwd=ROOT, capture_output=True, text=True).stdout)
    assert result["summary"]["line"] == out[1]
