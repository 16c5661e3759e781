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
from macros.checker.train_genre import dumps, labelled_docs, train
from macros.model.problems import Problems

from .conftest import ROOT

CASES = ROOT / "tests" / "checker_cases"
EVAL = ROOT / "tests" / "eval"


def test_committed_weights_are_what_the_trainer_writes(cat):
    model, accuracy = train(cat, ROOT)
    assert (ROOT / MODEL).read_text("utf-8") == dumps(model), \
        "run `python -m macros.checker.train_genre` and commit data/checker-genre.json"
    assert accuracy >= 0.85          # leave-one-out on the labelled tuning texts
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
