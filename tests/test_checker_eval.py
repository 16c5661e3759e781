"""Honest evaluation of the draft checker (issue 22): the fixed tuning/held-back split, the
targets on the held-back half, the sentences that must never count as evidence, the full
seed reports, and one paraphrase (new wording, written for this test) for each cause of a
miss or a false positive that the issue lists."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
import yaml

from macros.checker.engine import check_lines
from macros.checker.evaluate import EvalError, evaluate, format_report, seed_folder

from .conftest import BIN, ROOT

EVAL = ROOT / "tests" / "eval"


@cache
def _result():
    from macros.checks.loader import load
    return evaluate(load(ROOT), EVAL)


def covered(data, *lines: str, title: str = "某单位意识形态工作情况") -> dict:
    """Duties found in a short draft, id → status."""
    result = check_lines(data, [title, "一、主要做法", *lines])
    return {c["id"]: c["status"] for c in result["covered"]}


# ---- the split and the evaluation sets --------------------------------------------------

def test_split_is_the_recorded_rule_and_covers_every_text():
    split = yaml.safe_load((EVAL / "split.yml").read_text("utf-8"))
    labels = yaml.safe_load((EVAL / "real-labels.yml").read_text("utf-8"))

    def rank(first, last):
        names = [f"r{i:02d}.txt" for i in range(first, last + 1)]
        return sorted(names, key=lambda n: hashlib.sha256(f"{split['seed']}:{n}".encode())
                      .hexdigest())

    old, new = rank(1, 61), rank(62, 93)
    assert sorted(split["tuning"]) == sorted(old[:31] + new[:8])
    assert sorted(split["held_back"]) == sorted(old[31:] + new[8:])
    # Dated addenda add later texts to the tuning half only, never to the held-back half.
    added = [n for a in split.get("tuning_added") or [] for n in a["files"]]
    assert all(str(a["date"]) >= "2026-12-07" for a in split.get("tuning_added") or [])
    assert not set(added) & set(old + new)
    fresh = (split.get("fresh_test") or {}).get("files") or []
    assert set(split["tuning"]) | set(added) | set(split["held_back"]) | set(fresh) == set(labels)
    assert not (set(split["tuning"]) | set(added)) & set(split["held_back"])
    assert str(split["date"]) == "2026-12-07"


def test_new_excerpts_are_sourced_labelled_and_from_new_pages():
    labels = yaml.safe_load((EVAL / "real-labels.yml").read_text("utf-8"))
    urls = {}
    for i in range(1, 94):
        name = f"r{i:02d}.txt"
        first = (EVAL / "real" / name).read_text("utf-8").split("\n", 1)[0]
        assert first.startswith("# source: http"), name
        urls[name] = first.split("source:", 1)[1].strip()
        assert name in labels and "genre" in labels[name], name
    new = [urls[f"r{i}.txt"] for i in range(62, 94)]
    assert len(new) >= 30 and len(set(new)) == len(new)
    assert not set(new) & {urls[f"r{i:02d}.txt"] for i in range(1, 62)}
    held = yaml.safe_load((EVAL / "split.yml").read_text("utf-8"))["held_back"]
    assert sum(f"r{i}.txt" in held for i in range(62, 94)) > 16   # most new ones held back
    # The genre batch (r94–r103): labelled, from pages no earlier text used.
    later = {}
    for i in range(94, 104):
        first = (EVAL / "real" / f"r{i}.txt").read_text("utf-8").split("\n", 1)[0]
        assert first.startswith("# source: http") and f"r{i}.txt" in labels
        later[f"r{i}.txt"] = first.split("source:", 1)[1].strip()
    assert len(set(later.values())) == 10 and not set(later.values()) & set(urls.values())


def _source(name: str) -> str:
    """The page a real excerpt was taken from (its first line, `# source: <url>`)."""
    first = (EVAL / "real" / name).read_text("utf-8").split("\n", 1)[0]
    assert first.startswith("# source: http"), name
    return first.split("source:", 1)[1].strip()


def test_seventh_batch_is_sourced_labelled_from_new_pages_and_tuning_only():
    """r109–r123 (2026-12-08): each from a page no earlier text (nor a shared excerpt) used,
    an opening of 300–700 Han characters, labelled with a genre, added to the tuning half by
    a dated addendum and never to the held-back half; about a third have no template."""
    labels = yaml.safe_load((EVAL / "real-labels.yml").read_text("utf-8"))
    split = yaml.safe_load((EVAL / "split.yml").read_text("utf-8"))
    batch = [f"r{i}.txt" for i in range(109, 124)]
    earlier = {_source(f"r{i:02d}.txt") for i in range(1, 109)}
    urls = [_source(name) for name in batch]
    assert len(set(urls)) == len(batch) and not set(urls) & earlier
    shared = ROOT.parent / "shared" / "real-excerpts" / "sources.yml"
    if shared.is_file():
        assert not {u for u in urls if u in shared.read_text("utf-8")}
    for name in batch:
        body = (EVAL / "real" / name).read_text("utf-8").split("\n", 1)[1]
        assert 300 <= sum("\u4e00" <= ch <= "\u9fff" for ch in body) <= 700, name
        assert name in labels and "genre" in labels[name], name
    added = [a for a in split["tuning_added"] if set(batch) <= set(a["files"])]
    assert len(added) == 1 and str(added[0]["date"]) == "2026-12-08"
    assert not set(batch) & set(split["held_back"])
    genres = [labels[name]["genre"] for name in batch]
    assert 4 <= genres.count(None) <= 7 and len(set(genres) - {None}) >= 6


# ---- the fresh test set (split.yml fresh_test): measured, never tuned on ------------------

FRESH = [f"r{i}.txt" for i in range(124, 139)]


def test_the_fresh_test_set_is_r124_to_r138_dated_and_in_neither_half():
    split = yaml.safe_load((EVAL / "split.yml").read_text("utf-8"))
    labels_text = (EVAL / "real-labels.yml").read_text("utf-8")
    labels = yaml.safe_load(labels_text)
    fresh = split["fresh_test"]
    assert str(fresh["date"]) == "2026-12-08" and fresh["files"] == FRESH
    added = [n for a in split.get("tuning_added") or [] for n in a["files"]]
    assert not set(FRESH) & (set(split["tuning"]) | set(added) | set(split["held_back"]))
    assert set(FRESH) <= set(labels)
    # Appended at the end of the labels after their own comment line, not mixed in a half.
    assert labels_text.index("# fresh test set") < min(labels_text.index(f"\n{n}:")
                                                         for n in FRESH)


def test_fresh_test_excerpts_are_sourced_labelled_and_from_new_pages():
    labels = yaml.safe_load((EVAL / "real-labels.yml").read_text("utf-8"))
    urls = {name: _source(name) for name in FRESH}
    others = {_source(p.name) for p in (EVAL / "real").glob("r*.txt") if p.name not in FRESH}
    assert len(set(urls.values())) == len(FRESH)
    assert not set(urls.values()) & others
    for name in FRESH:
        assert "genre" in labels[name] and "evidenced" in labels[name], name
        body = (EVAL / "real" / name).read_text("utf-8").split("\n", 1)[1]
        assert 300 <= len(re.findall(r"[\u4e00-\u9fff]", body)) <= 700, name


def test_kb_eval_gives_the_fresh_test_set_as_totals_only():
    # Like the held-back half: its totals are shown, never which of its texts is misread.
    result = _result()
    labels = yaml.safe_load((EVAL / "real-labels.yml").read_text("utf-8"))
    sealed = result["sets"]["fresh_test"]
    assert sealed["drafts"] == len(FRESH)
    assert "per_draft" not in sealed and "per_obligation" not in sealed
    assert result["sets"]["real"]["drafts"] == len(labels)   # "real" is still every real text
    assert not {d["draft"] for d in result["sets"]["real"]["per_draft"]} & set(FRESH)
    text = format_report(result, -1)
    assert f"fresh test set ({len(FRESH)} texts): precision" in text
    assert not [name for name in FRESH if f"  {name}:" in text]


def small_eval(tmp_path, split: dict) -> Path:
    """An evaluation folder of four own drafts: one in labels.yml, three as real texts."""
    dest = tmp_path / "eval"
    (dest / "drafts").mkdir(parents=True)
    (dest / "real").mkdir()
    own = yaml.safe_load((EVAL / "labels.yml").read_text("utf-8"))
    names = sorted(own)[:4]
    shutil.copy(EVAL / "drafts" / names[0], dest / "drafts" / names[0])
    real = {}
    for i, name in enumerate(names[1:], 1):
        shutil.copy(EVAL / "drafts" / name, dest / "real" / f"t{i}.txt")
        real[f"t{i}.txt"] = own[name]
    (dest / "labels.yml").write_text(yaml.safe_dump({names[0]: own[names[0]]},
                                                    allow_unicode=True), "utf-8")
    (dest / "real-labels.yml").write_text(yaml.safe_dump(real, allow_unicode=True), "utf-8")
    (dest / "split.yml").write_text(yaml.safe_dump(split, allow_unicode=True), "utf-8")
    return dest


def test_held_back_detail_unlocks_the_fresh_test_rows_and_no_key_still_works(cat, tmp_path):
    split = {"tuning": ["t1.txt"], "held_back": ["t2.txt"],
             "fresh_test": {"date": "2026-12-08", "files": ["t3.txt"]}}
    folder = small_eval(tmp_path, split)
    shut = evaluate(cat, folder)["sets"]
    assert shut["fresh_test"]["drafts"] == 1 and "per_draft" not in shut["fresh_test"]
    assert shut["real"]["drafts"] == 3
    audit = evaluate(cat, folder, held_back_detail=True)["sets"]
    assert [d["draft"] for d in audit["fresh_test"]["per_draft"]] == ["t3.txt"]
    del split["fresh_test"]
    split["tuning"].append("t3.txt")
    plain = evaluate(cat, small_eval(tmp_path / "plain", split))["sets"]
    assert "fresh_test" not in plain and plain["tuning"]["drafts"] == 2


@pytest.mark.parametrize("fresh,why", [
    ({"date": "2026-12-08"}, "fresh_test needs a date and a list of files"),
    (["t3.txt"], "fresh_test needs a date and a list of files"),
    ({"date": "2026-12-08", "files": ["t3.txt", "t2.txt"]}, "in fresh_test and in a half"),
    ({"date": "2026-12-08", "files": ["t3.txt", "t9.txt"]}, "'t9.txt' in fresh_test has no labels"),
    ({"date": "2026-12-08", "files": ["t3.txt", "t3.txt"]}, "listed twice in fresh_test"),
])
def test_a_broken_fresh_test_entry_is_a_file_line_problem(cat, tmp_path, fresh, why):
    folder = small_eval(tmp_path, {"tuning": ["t1.txt"], "held_back": ["t2.txt"],
                                   "fresh_test": fresh})
    with pytest.raises(EvalError, match=r"split\.yml:[0-9]+: " + re.escape(why)):
        evaluate(cat, folder)


def test_kb_eval_reports_a_broken_fresh_test_entry_without_a_traceback(tmp_path):
    folder = small_eval(tmp_path, {"tuning": ["t1.txt"], "held_back": ["t2.txt"],
                                   "fresh_test": {"date": "2026-12-08", "files": ["t2.txt"]}})
    out = subprocess.run([str(BIN / "kb"), "eval", "--dir", str(folder)], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "split.yml:" in out.stderr and "in fresh_test and in a half" in out.stderr
    assert "Traceback" not in out.stderr


def test_held_back_half_meets_recall_and_false_positive_targets():
    held = _result()["sets"]["held_back"]
    assert held["drafts"] >= 50
    assert held["recall"] >= 0.92
    assert held["false_positive_rate"] <= 0.02


@pytest.mark.xfail(strict=True, reason="issue 22 target genre ≥ 0.85 on the held-back half is "
                   "not met yet (learned scorer, 2026-12-07: 0.80 midway, 0.72 at the end; "
                   "2026-12-08, 15 KB model: 0.70, leave-one-out on the tuning material "
                   "0.91; leave-one-batch-out trainer with r109–r123: 0.72, nested estimate "
                   "0.81, fresh test set 0.73)")
def test_held_back_half_meets_the_genre_target():
    assert _result()["sets"]["held_back"]["genre_accuracy"] >= 0.85


def test_no_requirement_plan_problem_or_rectification_sentence_counts_as_evidence():
    result = _result()["not_evidence"]
    assert result["sentences"] >= 40
    assert result["counted"] == 0, result["counted_list"]


def test_full_seed_reports_are_read_with_the_target_recall():
    if not seed_folder(EVAL).is_dir():
        pytest.skip("../shared/reference is not present beside the project")
    seed = _result()["sets"]["seed"]
    assert seed["drafts"] == 2
    assert seed["recall"] >= 0.90, seed["per_obligation"][:6]
    assert seed["false_positive_rate"] <= 0.05


def test_kb_eval_shows_both_halves_side_by_side():
    text = subprocess.run([str(BIN / "kb"), "eval"], cwd=ROOT, capture_output=True, text=True)
    assert text.returncode == 0, text.stderr
    split = yaml.safe_load((EVAL / "split.yml").read_text("utf-8"))
    tuning = len(split["tuning"]) + sum(len(a["files"]) for a in split.get("tuning_added") or [])
    assert f"tuning half ({tuning} texts): precision" in text.stdout
    assert "held-back half (54 texts): precision" in text.stdout
    header = next(line for line in text.stdout.split("\n") if line.startswith("obligation"))
    assert "tuning half" in header and "held-back hal" not in header
    assert "not-evidence sentences: 0 of 48 counted as evidence" in text.stdout
    out = subprocess.run([str(BIN / "kb"), "eval", "--json"], cwd=ROOT, capture_output=True,
                         text=True)
    result = json.loads(out.stdout)
    assert {"drafts", "real", "tuning", "held_back"} <= set(result["sets"])
    assert result["not_evidence"]["sentences"] == 48


def test_kb_eval_gives_the_held_back_half_as_totals_only():
    # Nobody tuning the checker may read which held-back text it gets wrong: per-text and
    # per-obligation rows of that half (and of the whole real set) are left out unless asked.
    result = _result()
    held = set(yaml.safe_load((EVAL / "split.yml").read_text("utf-8"))["held_back"])
    assert "per_draft" not in result["sets"]["held_back"]
    assert "per_obligation" not in result["sets"]["held_back"]
    assert "per_obligation" not in result["sets"]["real"]
    assert result["sets"]["real"]["per_draft"]
    assert not {d["draft"] for d in result["sets"]["real"]["per_draft"]} & held
    text = subprocess.run([str(BIN / "kb"), "eval", "--weakest", "-1"], cwd=ROOT,
                          capture_output=True, text=True).stdout
    assert not [name for name in held if f"  {name}:" in text]


# ---- readings: who did it, how, and where ------------------------------------------------

@pytest.mark.parametrize("sentence,duty", [
    ("会议要求，各支部每季度至少开展一次意识形态形势研判。", "fenxi-yanpan"),
    ("各科室要把网评员队伍建起来，重要节点及时发声。", "wangpingyuan"),
    ("明年拟对本系统政务新媒体开展一次全面排查。", "xinmeiti-guanli"),
    ("下一步将把意识形态工作纳入干部年度考核。", "kaohe"),
    ("希望各支部以这次评议为契机，定期开展意识形态形势研判。", "fenxi-yanpan"),
])
def test_a_requirement_or_plan_is_planned_not_evidence(data, sentence, duty):
    assert covered(data, sentence).get(duty) == "planned", sentence


@pytest.mark.parametrize("sentence,duty", [
    ("深入学习习近平总书记对宣传思想文化工作的重要指示批示精神。", "diyi-zerenren"),
    ("总书记亲自部署、亲自推动宣传思想文化工作。", "sange-qinzi"),
    ("市委宣传部对全市各部门开展了意识形态工作专项督查。", "dudao-jiancha"),
    ("省委专门召开常委会会议研究意识形态工作。", "zhuanti-yanjiu"),
    ("党组书记履行巡察整改第一责任人职责，亲自研究整改措施。", "diyi-zerenren"),
    ("召开巡察问题整改专题会议，研究部署整改任务。", "zhuanti-yanjiu"),
    ("党委对全镇意识形态工作负总责。", "diyi-zerenren"),
])
def test_another_body_or_a_rectification_is_not_the_units_duty(data, sentence, duty):
    assert covered(data, sentence).get(duty) != "evidenced", sentence


def test_one_sentence_can_report_one_duty_done_and_require_another(data):
    found = covered(data, "党组召开专题会议研究意识形态工作，要求各支部加强宣传阵地管理。")
    assert found.get("zhuanti-yanjiu") == "evidenced"
    assert found.get("zhendi-guanli") == "planned"


def test_in_a_report_titled_as_a_rectification_a_cleared_problem_is_that_rectification(data):
    lines = ["某局党组关于市委巡察组反馈问题整改情况的报告", "一、整改落实情况",
             "关于网评员队伍建设的问题，已组建12人的队伍，该问题已于6月销号。"]
    found = {c["id"]: c["status"] for c in check_lines(data, lines)["covered"]}
    assert found.get("zhenggai") == "evidenced"
    plain = {c["id"] for c in check_lines(data, ["某局党组意识形态工作情况报告", *lines[1:]])[
        "covered"]}
    assert "zhenggai" not in plain


def test_a_county_committee_is_the_unit_when_its_own_report_says_so(data):
    result = check_lines(data, ["2026年意识形态工作情况报告",
                                "现将我县落实意识形态工作责任制情况报告如下。", "一、主要做法",
                                "县委每半年专题研究一次意识形态工作。"])
    assert {c["id"]: c["status"] for c in result["covered"]}.get("zhuanti-yanjiu") == "evidenced"


def test_evidence_quotes_the_proving_sentence_never_the_heading(data):
    result = check_lines(data, ["某局党组意识形态工作情况报告", "一、主要做法",
                                "（一）压实主体责任，专题研究部署。局党组年内召开4次会议，听取各科室"
                                "意识形态工作汇报。"])
    quotes = {c["id"]: c["quote"] for c in result["covered"]}
    assert quotes.get("zhuanti-yanjiu", "").startswith("局党组年内召开4次会议")
    assert all("压实主体责任" not in q for q in quotes.values())


@pytest.mark.parametrize("lines,duty", [
    (["局党组会议坚持把学习上级最新部署作为“第一议题”。"], "jishi-chuanda"),
    (["今年以来召开意识形态工作专题党委会两次。"], "zhuanti-yanjiu"),
    (["对意识形态工作与业务工作实行统一部署、统一考核。"], "si-tong"),
    (["严格意识形态阵地管理，确保各类载体导向正确。"], "zhendi-guanli"),
    (["机关干部按月开展集中学习，围绕形势政策交流体会。"], "changtai-xuexi"),
    (["考核时对意识形态工作单独设置分值，并同各科室年终绩效奖励挂钩。"], "kaohe"),
    (["对举办的各类论坛、讲座和报告会，一律事先向党委宣传部门报告并备案。"], "zhendi-guanli"),
    (["建立网络舆情处置台账，逐条记录处置经过。"], "henji-guanli"),
    (["党委把意识形态工作纳入重要议事日程。", "同时纳入党建工作责任制。"], "si-naru"),
])
def test_wording_the_cues_once_missed_is_found(data, lines, duty):
    # The lines form one paragraph (a list written over two sentences is gathered).
    assert covered(data, "".join(lines)).get(duty) == "evidenced", lines


# ---- false credits that generalise (issue 22, second round) ------------------------------

@pytest.mark.parametrize("sentence", [
    "局党组书记参加了县委组织的年度民主生活会，会上听取了其他同志的批评意见。",
    "年末召开中层干部述职会，各科室负责人逐一汇报全年业务完成情况。",
])
def test_a_meeting_or_duty_report_without_ideology_is_not_that_duty(data, sentence):
    assert "shenghuohui-shuzhi" not in covered(data, sentence), sentence


@pytest.mark.parametrize("sentence", [
    "班子成员在民主生活会上逐一对照检查了本人履行意识形态工作责任的情况。",
    "各支部书记年终述职时，把抓意识形态工作情况作为一项必述内容。",
])
def test_a_meeting_or_duty_report_with_ideology_content_is_that_duty(data, sentence):
    assert covered(data, sentence).get("shenghuohui-shuzhi") == "evidenced", sentence


@pytest.mark.parametrize("sentence,duties", [
    ("会议强调，要坚持党管意识形态原则，落实属地管理要求。", ["dangguan", "shudi-guanli"]),
    ("督导组要求各单位做到守土有责、守土尽责。", ["shoutu-youze"]),
])
def test_a_principle_quoted_as_a_requirement_is_not_read_as_a_duty(data, sentence, duties):
    found = covered(data, sentence)
    assert not [d for d in duties if d in found], (sentence, found)


def test_in_meeting_minutes_a_principle_the_meeting_required_is_its_decision(data):
    lines = ["某局党组意识形态工作专题会议纪要", "时间：2026年3月12日", "一、会议议定事项",
             "会议强调，局属各单位要坚持党管意识形态原则，按照属地管理要求管好本单位阵地。"]
    result = check_lines(data, lines)
    assert result["genre"] == "zhuanti-huiyi-jiyao"
    assert {c["id"]: c["status"] for c in result["covered"]}.get("dangguan") == "planned"


def test_a_principle_followed_by_what_the_unit_did_is_still_evidence(data):
    found = covered(data, "按照“谁主管谁负责”的原则，局属各单位的公众号由本单位党组织负责审核。")
    assert found.get("shudi-guanli") == "evidenced"


@pytest.mark.parametrize("sentence,credited", [
    ("局党组认真履行全面从严治党主体责任，全年开展廉政谈话30余人次。", False),
    ("党委落实党风廉政建设主体责任，与各科室签订廉政责任书。", False),
    ("党委统筹履行全面从严治党和意识形态工作主体责任，年初制定任务清单。", True),
    ("党组切实扛起主体责任，年初把意识形态工作任务分解到每名班子成员。", True),
])
def test_main_responsibility_for_discipline_is_not_the_ideology_one(data, sentence, credited):
    assert (covered(data, sentence).get("zhuti-zeren") == "evidenced") is credited, sentence


@pytest.mark.parametrize("lines,genre", [
    (["某局党组书记2026年度个人报告", "根据安排，现将本人一年来抓意识形态工作情况述职如下：",
      "一、履职情况", "本人带头讲授专题党课2次。"], "shuzhi-yishixingtai"),
    (["某镇2026年意识形态工作总结", "一、主要做法", "（一）风险点研判",
      "镇党委每季度开展一次分析研判。"], "niandu-zongjie-jihua"),
    (["某局意识形态工作研判会议纪要", "时间：2026年3月5日", "一、会议议定事项",
      "会议分析了一季度舆情。"], "zhuanti-huiyi-jiyao"),
    (["某街道召开意识形态工作部署会", "3月5日，某街道党工委召开意识形态工作部署会。"], None),
    (["2026年5月8日，某学院召开意识形态工作会议，分析研判校园舆情。"], None),
    (["某镇2026年上半年党建工作总结", "一、主要做法", "镇党委召开会议研究部署党建工作。"], None),
])
def test_the_kind_of_document_is_read_from_title_and_opening(data, lines, genre):
    assert check_lines(data, lines)["genre"] == genre


# ---- false credits that generalise (issue 22, third round) -------------------------------

@pytest.mark.parametrize("sentence,duty", [
    ("镇党委书记履行抓基层党建第一责任人职责，全年走访村级党组织20余次。", "diyi-zerenren"),
    ("各村党组织书记认真履行抓党建职责，带头落实“三会一课”制度。", "diyi-zerenren"),
    ("作为支部书记，我始终把提升服务群众能力放在首位。", "diyi-zerenren"),
    ("年底召开村党组织书记抓基层党建工作述职评议会，逐一点评。", "shuji-zhua"),
    ("区宣传思想文化工作领导小组召开全体会议，听取各项工作汇报。", "lingdao-xiaozu"),
    ("会议要求领导小组办公室牵头，各成员单位分工负责。", "lianxi-huiyi"),
    ("我局召开民主生活会，上级督导组全程列席并作了点评。", "dudao-jiancha"),
    ("办公室统筹抓好文稿起草、督查督办、机要保密等日常工作。", "dudao-jiancha"),
    ("本人团结带领全校教职工，紧扣立德树人根本任务推动学校高质量发展。", "xiaoyuan"),
    ("机关党委推动党建和业务工作同谋划、同部署、同考核。", "si-tong"),
])
def test_party_building_or_a_higher_bodys_group_is_not_that_ideology_duty(data, sentence, duty):
    assert duty not in covered(data, sentence), sentence


@pytest.mark.parametrize("sentence,duty", [
    ("党组书记履行意识形态工作第一责任人职责，重要活动亲自部署。", "diyi-zerenren"),
    ("作为局党组书记，我每季度听取一次意识形态工作情况汇报。", "diyi-zerenren"),
    ("局党组明确书记为第一责任人、分管党建的副局长为直接责任人。", "diyi-zerenren"),
    ("组织下属支部书记抓基层党建述职时，把意识形态工作单列一项。", "shuji-zhua"),
    ("年底听取各支部书记抓意识形态工作述职。", "shuji-zhua"),
    ("局党组作为市意识形态工作联席会议成员单位，每季度报送工作情况。", "lianxi-huiyi"),
    ("年内三次召开局党组会议，对全系统网络意识形态工作进行研究部署。", "zhuanti-yanjiu"),
    ("局党组组建两个督导组，对所属单位阵地管理情况开展督导。", "dudao-jiancha"),
    ("分管副院长对全院意识形态工作负直接领导责任。", "zhijie-zerenren"),
    ("局党组指定专人牵头，妥善处置一起突发网络舆情。", "yuqing-yingji"),
    ("各支部全年组织党员集中学习36次，每次围绕一个专题交流。", "changtai-xuexi"),
    ("本人在年度民主生活会上围绕分管的宣传思想文化工作作了对照检查。", "shenghuohui-shuzhi"),
    ("全年开展主题党日10次、书记党课4次。", "shuji-dangke"),
    ("局党组会讨论了《关于进一步加强和改进全局宣传文化工作的若干措施》和《局党组网络意识形态工作责任制实施细则》。", "zhuanti-yanjiu"),
])
def test_the_same_duty_with_ideology_in_the_clause_is_still_found(data, sentence, duty):
    assert covered(data, sentence).get(duty) == "evidenced", sentence


def test_handling_a_sudden_incident_is_emergency_response_not_routine_analysis(data):
    found = covered(data, "局党组指定专人牵头，妥善处置一起突发网络舆情。")
    assert "yuqing-yanpan" not in found
    assert covered(data, "局党组及时处置网上涉及本单位的舆情，逐条登记。").get(
        "yuqing-yanpan") == "evidenced"
