"""Content lints catch copied text, bad typography, placeholders, junk and personal data."""

from __future__ import annotations

import shutil

import pytest

from macros.checks.lints import copied_run
from macros.checks.loader import load
from macros.model.reference import (
    FINGERPRINT,
    fingerprint_text,
    reference_hashes,
    sample_files,
    write_fingerprint,
)

from .conftest import ROOT
from .test_bad_inputs import EX, OB, assert_reported

# A clause of reference sample 003, planted to prove the copied-text check bites.
COPIED = "市人大机关党组认真落实市委关于进一步加强当前意识形态工作的安排部署"

CASES = [
    ("copied-sentence", EX, "做到业务工作", COPIED + "，做到业务工作", f"{EX}:7",
     "shares the run"),
    ("ascii-comma", EX, "认真履行一岗双责，", "认真履行一岗双责,", f"{EX}:7", "ASCII punctuation ','"),
    ("ascii-paren", OB, "这是领导干部", "(这是领导干部)", f"{OB}:14", "ASCII punctuation '('"),
    ("ascii-colon-in-body", OB, "写明分管领导", "写明:分管领导", f"{OB}:18", "ASCII punctuation ':'"),
    ("placeholder-xx", EX, "局党组班子成员", "XX局党组班子成员", f"{EX}:7", "leftover placeholder 'XX'"),
    ("placeholder-times", EX, "十六次", "×次", f"{EX}:7", "leftover placeholder '×'"),
    ("placeholder-n", "data/glossary/terms.yml", "意识形态工作。", "意识形态工作n次。",
     "data/glossary/terms.yml:3", "leftover placeholder 'n'"),
    ("junk", OB, "## 要求", "## 要求\n\n下面是小编为大家整理的。", f"{OB}:14", "scraping junk '小编'"),
    ("real-name", "data/glossary/terms.yml", "领导干部既抓", "周能同志既抓",
     "data/glossary/terms.yml:3", "real name '周能'"),
    ("phone", "data/documents/register.yml", "总体要求。", "总体要求。电话13812345678。",
     "data/documents/register.yml:6", "a mobile phone number"),
    ("qq", "data/documents/register.yml", "总体要求。", "总体要求。客服QQ：403000000。",
     "data/documents/register.yml:6", "a QQ number"),
    ("id-card", EX, "十六次", "十六次，身份证110101199001011234", f"{EX}:7", "an ID card number"),
    ("undeclared-slot", "docs/templates/niandu-baogao.md", "      班子成员履行", "      【分管领导】履行",
     "docs/templates/niandu-baogao.md:24", "undeclared slot '【分管领导】'"),
]


@pytest.fixture(autouse=True)
def _fingerprint(mini, monkeypatch):
    """The fixture copy checks copied text against the committed fingerprint alone (no
    samples beside it), as a clone without ../shared does."""
    monkeypatch.delenv("KB_REFERENCE_DIR", raising=False)
    shutil.copy(ROOT / FINGERPRINT, mini / FINGERPRINT)


@pytest.mark.parametrize("case,rel,old,new,where,words", CASES, ids=[c[0] for c in CASES])
def test_lint_catches_planted_defect(mini, case, rel, old, new, where, words):
    assert not load(mini).problems, "the fixture is clean before planting"
    assert_reported(mini, rel, old, new, where, words)


def test_copied_run_ignores_set_formulas_and_titles(mini):
    runs = reference_hashes(mini)
    assert copied_run(COPIED, runs)
    assert copied_run("深入学习《关于推动市直单位进一步落实党委（党组）意识形态工作责任制的指导意见》",
                      runs) is None
    assert copied_run("本局今年修订了学习制度，每月安排一次集中学习。", runs) is None


def test_real_content_passes_every_lint():
    cat = load(ROOT)
    assert not cat.problems, cat.problems.report()


def test_the_fingerprint_holds_no_sample_text():
    text = (ROOT / FINGERPRINT).read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert len(body) > 10_000 and all(len(h) == 12 and int(h, 16) >= 0 for h in body)
    assert COPIED[:24] not in text and "意识形态" not in text


def test_the_committed_fingerprint_matches_the_samples_when_they_are_here(monkeypatch):
    monkeypatch.delenv("KB_REFERENCE_DIR", raising=False)
    files = sample_files(ROOT)
    if not files:
        pytest.skip("no ../shared beside the clone: only the committed fingerprint is checked")
    assert fingerprint_text(files) == (ROOT / FINGERPRINT).read_text(encoding="utf-8"), (
        "the samples changed: run `make fingerprint` and commit data/reference-fingerprint.txt")


def test_make_fingerprint_writes_hashes_that_catch_a_copied_run(tmp_path, monkeypatch):
    samples, project = tmp_path / "samples", tmp_path / "proj"
    samples.mkdir()
    (project / "data").mkdir(parents=True)
    sample = "某单位党组坚持把意识形态工作摆在全局工作的突出位置，每季度专题研究一次。"
    (samples / "s.txt").write_text(sample, encoding="utf-8")
    monkeypatch.setenv("KB_REFERENCE_DIR", str(samples / "none"))
    with pytest.raises(SystemExit, match="no reference samples"):
        write_fingerprint(project)
    monkeypatch.setenv("KB_REFERENCE_DIR", str(samples))
    assert "of 1 sample(s)" in write_fingerprint(project)
    text = (project / FINGERPRINT).read_text(encoding="utf-8")
    assert "党组" not in text
    monkeypatch.delenv("KB_REFERENCE_DIR")
    runs = reference_hashes(project)            # no samples beside it: the file alone
    assert copied_run("我们" + sample[3:30] + "。", runs)
    assert copied_run("本局今年修订了学习制度，每月安排一次集中学习。", runs) is None
