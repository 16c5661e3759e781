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

# A clause of reference sample 003, planted to prove the copied-text check bites.
COPIED = "市人大机关党组认真落实市委关于进一步加强当前意识形态工作的安排部署"



@pytest.fixture(autouse=True)
def _fingerprint(mini, monkeypatch):
    """The fixture copy checks copied text against the committed fingerprint alone (no
    samples beside it), as a clone without ../shared does."""
    monkeypatch.delenv("KB_REFERENCE_DIR", raising=False)
    shutil.copy(ROOT / FINGERPRINT, mini / FINGERPRINT)




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
