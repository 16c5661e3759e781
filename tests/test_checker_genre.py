"""The learned genre scorer (issue 22): its weights are what the trainer writes from the
committed inputs, it never trains on the held-back half, a broken weights file is a
``file:line`` problem, and short texts of each kind get their genre (the same in both engines:
the genre-*.txt cases run through tests/test_checker_conformance.py)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from macros.checker.drafts import lines_of
from macros.checker.engine import check_lines, checker_data
from macros.checker.genre_model import MODEL, load_model
from macros.checker.train_genre import catalogue_docs, dumps, folds, labelled_docs, train
from macros.model.problems import Problems

from .conftest import ROOT

CASES = ROOT / "tests" / "checker_cases"
EVAL = ROOT / "tests" / "eval"


def test_committed_weights_are_what_the_trainer_writes(cat):
    model, figures = train(cat, ROOT)
    assert (ROOT / MODEL).read_text("utf-8") == dumps(model), \
        "run `python -m macros.checker.train_genre` and commit data/checker-genre.json"
    assert figures["loo"][0] >= 0.85   # leave-one-out on the labelled tuning texts
    assert figures["lobo"][0] >= 0.80  # each batch of real tuning texts read by a model without it
    assert None in model["classes"]  # "none of the templates" is a class of its own


def test_the_trainer_reads_the_own_drafts_and_the_tuning_half_only(cat):
    split = yaml.safe_load((EVAL / "split.yml").read_text("utf-8"))
    names = {d.name for d in labelled_docs(checker_data(cat, genre_model=False), ROOT)}
    assert not names & set(split["held_back"])
    assert not names & set((split.get("fresh_test") or {}).get("files") or [])
    assert set(split["tuning"]) <= names
    assert {p.name for p in (EVAL / "drafts").iterdir()} <= names


def test_the_trainer_refuses_a_held_back_text_added_to_tuning(cat, tmp_path):
    shutil.copytree(EVAL, tmp_path / "tests" / "eval")
    split_file = tmp_path / "tests" / "eval" / "split.yml"
    split = yaml.safe_load(split_file.read_text("utf-8"))
    split["tuning_added"] = [{"date": "2026-12-07", "files": [split["held_back"][0]]}]
    split_file.write_text(yaml.safe_dump(split, allow_unicode=True), "utf-8")
    with pytest.raises(SystemExit, match="never training material"):
        labelled_docs(checker_data(cat, genre_model=False), tmp_path)


@pytest.mark.parametrize("fresh", [
    lambda name: [name],                                    # a list of names
    lambda name: {"date": "2026-12-08", "files": [name]},   # an entry with files
    lambda name: [{"date": "2026-12-08", "files": [name]}],
])
def test_the_trainer_refuses_a_fresh_test_text(cat, tmp_path, fresh):
    shutil.copytree(EVAL, tmp_path / "tests" / "eval")
    split_file = tmp_path / "tests" / "eval" / "split.yml"
    split = yaml.safe_load(split_file.read_text("utf-8"))
    split["fresh_test"] = fresh(split["tuning"][0])
    split_file.write_text(yaml.safe_dump(split, allow_unicode=True), "utf-8")
    with pytest.raises(SystemExit, match="never training material"):
        labelled_docs(checker_data(cat, genre_model=False), tmp_path)


def test_leave_one_batch_out_trains_without_the_whole_batch(cat):
    # Texts of one collecting batch share sources and wording: each batch of real tuning
    # texts is read by a model that saw none of it; catalogue and own drafts always train.
    data = checker_data(cat, genre_model=False)
    labelled = labelled_docs(data, ROOT)
    real = [d for d in labelled if d.batch]
    docs = catalogue_docs(cat, data) + labelled
    parts = folds(docs, real, "lobo")
    assert {d.name for tests, _ in parts for d in tests} == {d.name for d in real}
    assert len(parts) >= 7                 # r01–r24 … r62–r93 and each tuning_added entry
    batch = {d.name: d.batch for d in real}
    assert batch["r03.txt"] == batch["r23.txt"] != batch["r26.txt"]
    assert batch["r94.txt"] != batch["r104.txt"] != batch["r88.txt"]
    drafts = [d for d in labelled if not d.batch]
    for tests, rest in parts:
        assert not {d.batch for d in tests} & {d.batch for d in rest if d.batch}
        assert all(any(r is d for r in rest) for d in drafts)


def test_the_trainer_refuses_a_fresh_test_text_added_to_tuning(cat, tmp_path):
    # The fresh test set (split.yml fresh_test) is in neither half and never training material.
    shutil.copytree(EVAL, tmp_path / "tests" / "eval")
    split_file = tmp_path / "tests" / "eval" / "split.yml"
    split = yaml.safe_load(split_file.read_text("utf-8"))
    split["tuning_added"] = [{"date": "2026-12-08", "files": [split["fresh_test"]["files"][0]]}]
    split_file.write_text(yaml.safe_dump(split, allow_unicode=True), "utf-8")
    with pytest.raises(SystemExit, match="fresh-test text is never training material"):
        labelled_docs(checker_data(cat, genre_model=False), tmp_path)


@pytest.mark.parametrize("text,why", [
    ("{not json", "not valid JSON"),
    ('{"classes": [], "margin": 1, "channels": {}}', "malformed"),
    ('{"classes": ["a", null], "margin": 1, "channels": {"title": {}, "opening": {}, '
     '"headings": {}}}', "integer weight"),
])
def test_a_broken_weights_file_is_a_file_line_problem(tmp_path, text, why):
    (tmp_path / "data").mkdir()
    (tmp_path / MODEL).write_text(text, "utf-8")
    problems = Problems()
    assert load_model(tmp_path, problems) is None
    report = problems.report()
    assert report.startswith(f"{MODEL}:1: ") and why in report and "train_genre" in report


def test_a_missing_weights_file_says_how_to_restore_it(tmp_path):
    problems = Problems()
    assert load_model(tmp_path, problems) is None
    assert "python -m macros.checker.train_genre" in problems.report()


@pytest.mark.parametrize("name,genre", [
    ("genre-annual-report.txt", "niandu-qingkuang-baogao"),
    ("genre-half-year-selfcheck.txt", "bannian-zicha"),
    ("genre-quarterly-analysis.txt", "fenxi-yanpan-baogao"),
    ("genre-duty-list.txt", "zeren-qingdan"),
    ("genre-work-points.txt", "niandu-gongzuo-yaodian"),
    ("genre-personal-review.txt", "geren-duizhao"),
    ("genre-rectification-plan.txt", "zhenggai-fangan"),
    ("genre-meeting-minutes.txt", "zhuanti-huiyi-jiyao"),
    ("genre-other-summary.txt", None),
    # general statements about a genre (data/checker.yml genre_openings), not one text's words
    ("genre-news-dated-midsentence.txt", None),            # 近日…召开 in the first sentence
    ("genre-news-dateline.txt", None),                     # 某某讯 记者…报道
    ("genre-duty-report-other-work.txt", None),            # 述职述责述廉 on all of one's work
    ("genre-duty-report-names-ideology.txt", "shuzhi-yishixingtai"),  # …意识形态…述职如下
])
def test_short_texts_of_each_kind_get_their_genre(data, name, genre):
    lines = lines_of(data, name, (CASES / name).read_text("utf-8"))
    assert check_lines(data, lines)["genre"] == genre


def test_a_text_without_a_title_is_read_from_its_opening_and_headings(data):
    lines = ["现将本局2026年度落实意识形态工作责任制情况报告如下。", "一、主要做法和成效",
             "局党组全年专题研究意识形态工作4次。", "二、存在的问题", "三、下一步工作打算"]
    assert check_lines(data, lines)["genre"] == "niandu-qingkuang-baogao"


def test_an_opening_that_names_the_kind_leads_even_under_a_vague_title(data):
    # The title names no kind of document; the opening says 上半年…自查. The scorer either
    # settles on the half-year self-check or, when not clear, names it first.
    result = check_lines(data, [
        "某区文旅局党组意识形态工作",
        "根据区委通知要求，现将本局上半年意识形态工作自查情况报告如下。",
        "一、自查情况", "二、存在的问题", "三、下半年打算"])
    assert result["genre"] == "bannian-zicha" or result["genre_reason"].startswith(
        "标题、开头和小标题既像“上半年意识形态工作自查报告”"), result["genre_reason"]
