"""The checker on wording seen in real reports: each case is a paraphrase written for this
test of a sentence the checker once missed or misread (issue 15), never the sentence itself.
Also: both evaluation sets meet their thresholds, and a broken set stops with file:line."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from macros.checker.engine import check_lines, checker_data
from macros.checker.evaluate import EvalError, evaluate, load_labels

from .conftest import BIN, ROOT

EVAL = ROOT / "tests" / "eval"


def found(data, sentence: str) -> dict:
    """Duties found in a one-paragraph draft, id → status."""
    result = check_lines(data, ["某单位意识形态工作情况", "一、主要做法", sentence])
    return {c["id"]: c["status"] for c in result["covered"]}


# (paraphrase, duty it must evidence): one row per miss listed in the issue.
MISSES = [
    ("局党组每两个月召开一次意识形态工作会议，对下阶段任务作出安排部署。", "zhuanti-yanjiu"),
    ("镇党委按季度召开意识形态工作会议，研究阵地管理中的具体问题。", "zhuanti-yanjiu"),
    ("党工委每季度研究部署一次意识形态工作。", "zhuanti-yanjiu"),
    ("建立意识形态工作例会制度，每月听取各科室情况汇报。", "zhuanti-yanjiu"),
    ("局班子会专门研究了上级宣传思想工作会议精神的贯彻措施。", "zhuanti-yanjiu"),
    ("党委召开会议专题研判意识形态领域的风险隐患。", "zhuanti-yanjiu"),
    ("今年召开党组专题会议2次，研究意识形态领域重点问题。", "zhuanti-yanjiu"),
    ("将意识形态工作与教学科研同部署、同安排。", "si-tong"),
    ("坚持意识形态工作和中心任务同谋划、同部署。", "si-tong"),
    ("全面推进意识形态（网络意识形态）工作责任制落地见效。", "wangluo-zerenzhi"),
    ("全面推进意识形态（网络意识形态）工作责任制落地见效。", "zerenzhi"),
    ("局党组切实担负网络意识形态主体责任。", "wangluo-zerenzhi"),
    ("加强网络宣传阵地监管，指定专人负责日常监测。", "zhendi-guanli"),
    ("修订《宣传思想阵地管理规定》，明确各类阵地的主管科室。", "zhendi-guanli"),
    ("年初研究确定全年理论学习计划，列出十个学习专题。", "niandu-jihua"),
    ("意识形态工作在街道党工委统一领导下推进。", "dangguan"),
    ("全局现有微信工作群9个，逐一明确群主并登记备案。", "wangshang-xingwei"),
    ("本单位党组严格落实意识形态工作责任制，年初即分解任务。", "zerenzhi"),
    ("对照上级下发的检查清单逐项开展自查，形成问题清单。", "zijian-zicha"),
    ("党组书记带头讲授专题党课，围绕网络阵地管理讲形势。", "shuji-dangke"),
]

# (paraphrase, duty it must NOT report): one row per false positive or look-alike.
LOOK_ALIKES = [
    ("局党组把巡察反馈问题整改作为重大政治责任扛在肩上。", "zhuti-zeren"),
    ("成立由主要负责同志任组长的巡察整改工作领导小组。", "lingdao-xiaozu"),
    ("党组把意识形态工作纳入全局重要议事日程。", "zhuti-zeren"),
    ("现将巡察整改进展向社会公开通报如下。", "tongbao"),
    ("中心组围绕党的创新理论开展专题研讨3次。", "zhuanti-yanjiu"),
    ("本人严格落实全面从严治党主体责任。", "zhuti-zeren"),
    ("坚决扛起党风廉政建设第一责任人责任。", "diyi-zerenren"),
    ("按照谁使用、谁管理、谁负责的原则管好办公电脑。", "shudi-guanli"),
    ("牢牢掌握对外交流中的话语权。", "sanquan"),
    ("支部书记带头抓好本支部意识形态工作。", "sange-daitou"),
    ("组织党员开展专题党课学习12场次。", "shuji-dangke"),
    ("某局党组关于落实意识形态工作责任制情况的报告", "zerenzhi"),
    ("某中学党支部意识形态工作自查报告", "zijian-zicha"),
]


@pytest.mark.parametrize("sentence,duty", MISSES,
                         ids=[f"{d}-{i}" for i, (_, d) in enumerate(MISSES, 1)])
def test_real_wording_is_found(data, sentence, duty):
    assert found(data, sentence).get(duty) == "evidenced", sentence


@pytest.mark.parametrize("sentence,duty", LOOK_ALIKES,
                         ids=[f"not-{d}-{i}" for i, (_, d) in enumerate(LOOK_ALIKES, 1)])
def test_look_alikes_are_not_taken_for_the_duty(data, sentence, duty):
    assert duty not in found(data, sentence), sentence


def test_two_parts_of_si_tong_from_one_verb_group_do_not_count(data):
    # 同安排 and 同谋划 are one part; a second, different verb is needed.
    assert "si-tong" not in found(data, "坚持同谋划、同安排，抓好意识形态工作。")


def test_gap_wording_of_a_real_duty_stays_a_gap(data):
    assert found(data, "个别单位舆情应对不够及时，未能第一时间处置。").get("yuqing-yingji") == "gap"


def test_both_sets_meet_the_thresholds(cat):
    # The own drafts keep their precision and recall; the real texts of both halves are held
    # to the issue-22 measures (recall, false positives among absent duties) — the held-back
    # half on its own in tests/test_checker_eval.py. The fresh test set (split.yml
    # fresh_test) is measured, not asserted: it must not become something to tune against.
    result = evaluate(cat, EVAL)
    drafts, sets = result["sets"]["drafts"], result["sets"]
    assert drafts["precision"] >= 0.95, drafts["per_obligation"][:6]
    assert drafts["recall"] >= 0.92, drafts["per_obligation"][:6]
    halves = [sets["tuning"], sets["held_back"]]
    tp, fp, fn = (sum(h[k] for h in halves) for k in ("tp", "fp", "fn"))
    duties = len(checker_data(cat)["obligations"])
    absent = sum(duties * h["drafts"] - h["tp"] - h["fn"] for h in halves)
    assert sum(h["drafts"] for h in halves) >= 93
    assert tp / (tp + fn) >= 0.92
    assert fp / absent <= 0.02


def test_real_set_is_labelled_and_sourced():
    labels = load_labels(EVAL, "real-labels.yml", "real")
    assert len(labels) >= 39
    for name in labels:
        first = (EVAL / "real" / name).read_text("utf-8").split("\n", 1)[0]
        assert first.startswith("# source: http"), name


def test_eval_json_reports_each_set(tmp_path):
    out = subprocess.run([str(BIN / "kb"), "eval", "--json"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert {"drafts", "real", "tuning", "held_back"} <= set(result["sets"])
    assert {"precision", "recall", "genre_accuracy"} <= set(result["sets"]["real"])
    text = subprocess.run([str(BIN / "kb"), "eval"], cwd=ROOT, capture_output=True, text=True)
    assert "own drafts (14 texts): precision" in text.stdout
    assert "real excerpts (" in text.stdout


def copy_eval(tmp_path):
    dest = tmp_path / "tests" / "eval"
    shutil.copytree(EVAL, dest)
    return dest


def test_missing_draft_is_a_clean_file_line_message(tmp_path):
    dest = copy_eval(tmp_path)
    (dest / "drafts" / "05-niandu-zongjie-jihua-guoqi.txt").unlink()
    out = subprocess.run([str(BIN / "kb"), "--root", str(ROOT), "eval", "--dir", str(dest)],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    line = next(n for n, text in enumerate((dest / "labels.yml").read_text("utf-8").split("\n"),
                                           start=1)
                if text.startswith("05-niandu-zongjie-jihua-guoqi.txt:"))
    assert f"tests/eval/labels.yml:{line}:" in out.stderr
    assert "drafts/05-niandu-zongjie-jihua-guoqi.txt is missing" in out.stderr
    assert "add the file" in out.stderr


def test_unknown_obligation_in_labels_is_reported(cat, tmp_path):
    dest = copy_eval(tmp_path)
    labels = dest / "real-labels.yml"
    labels.write_text(labels.read_text("utf-8").replace("[shuji-dangke]", "[shuji-dangkee]", 1),
                      "utf-8")
    with pytest.raises(EvalError, match=r"real-labels\.yml:[0-9]+: unknown obligation "
                                        r"'shuji-dangkee'"):
        evaluate(cat, dest)
