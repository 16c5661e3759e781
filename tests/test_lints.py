"""Content lints catch copied text, bad typography, placeholders, junk and personal data."""

from __future__ import annotations

import pytest

from macros.checks.lints import copied_run, reference_runs
from macros.checks.loader import load
from macros.model.reference import reference_dir

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
def _references(monkeypatch):
    folder = reference_dir(ROOT)
    assert folder is not None, "the reference samples (../shared/reference) must be present"
    monkeypatch.setenv("KB_REFERENCE_DIR", str(folder))


@pytest.mark.parametrize("case,rel,old,new,where,words", CASES, ids=[c[0] for c in CASES])
def test_lint_catches_planted_defect(mini, case, rel, old, new, where, words):
    assert not load(mini).problems, "the fixture is clean before planting"
    assert_reported(mini, rel, old, new, where, words)


def test_copied_run_ignores_set_formulas_and_titles():
    runs = reference_runs(str(reference_dir(ROOT)))
    assert copied_run(COPIED, runs)
    assert copied_run("深入学习《关于推动市直单位进一步落实党委（党组）意识形态工作责任制的指导意见》",
                      runs) is None
    assert copied_run("本局今年修订了学习制度，每月安排一次集中学习。", runs) is None


def test_real_content_passes_every_lint():
    cat = load(ROOT)
    assert not cat.problems, cat.problems.report()
