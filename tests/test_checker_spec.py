"""The checker specification (data/checker.yml and cue patterns): schema and portable
subset checked at load, problems reported by `kb validate` and `kb check` as file:line."""

from __future__ import annotations

import subprocess

import pytest

from macros.model.portable import portable_problem

from .conftest import BIN
from .test_bad_inputs import assert_reported, mutate

CK = "data/checker.yml"
OB = "docs/obligations/yigang-shuangze.md"

SETTINGS = [
    ("number-as-word", "duplicate_min_chars: 20", "duplicate_min_chars: twenty", 29,
     "field 'duplicate_min_chars' should be a whole number"),
    ("lookbehind-in-hygiene", 'pattern: "##[A-Za-z]+##"', 'pattern: "(?<=#)[A-Za-z]+##"', None,
     "lookbehind"),
    ("unknown-key", "max_evidence: 3", "max_evidence: 3\nmax_evidense: 4", None,
     "unknown field 'max_evidense'"),
    ("bad-marker-part", "  整改情况: normal", "  整改情况: done", None, "unknown value 'done'"),
    ("digit-class-in-heading", 'level1: "^[一二三四五六七八九十]+、"', 'level1: "^\\\\d+、"', None,
     "\\d"),
    ("lookbehind-in-a-mood", '    - "应当|应该"', '    - "(?<!不)应当"', None, "lookbehind"),
    ("lookbehind-in-an-opening", '{where: first, pattern: "^同志们", genre: null}',
     '{where: first, pattern: "(?<=^)同志们", genre: null}', None, "lookbehind"),
    ("unknown-opening-place", '{where: first, pattern: "^同志们", genre: null}',
     '{where: body, pattern: "^同志们", genre: null}', None, "unknown value 'body'"),
    ("unknown-reading-key", 'rectification_mask: 整改事项',
     'rectification_mask: 整改事项\nrectification_extra: "(?<=a)b"', None,
     "unknown field 'rectification_extra'"),
]


def _line_of(root, rel, text):
    lines = (root / rel).read_text("utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize("case,old,new,line,words", SETTINGS, ids=[s[0] for s in SETTINGS])
def test_bad_checker_setting_is_a_file_line_problem(mini, case, old, new, line, words):
    mutate(mini, CK, old, new)
    line = line or _line_of(mini, CK, new.split("\n")[-1])
    assert_reported(mini, CK, "", "", f"{CK}:{line}", words)


def test_bad_setting_stops_kb_check_cleanly(mini, tmp_path):
    mutate(mini, CK, "duplicate_min_chars: 20", 'duplicate_min_chars: "twenty"')
    draft = tmp_path / "d.txt"
    draft.write_text("某局党组关于意识形态工作的报告\n", "utf-8")
    result = subprocess.run([str(BIN / "kb"), "--root", str(mini), "check", str(draft)],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert f"{CK}:29: field 'duplicate_min_chars' should be a whole number" in result.stdout + \
        result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_cue_pattern_outside_the_portable_subset_is_reported(mini):
    text = (mini / OB).read_text("utf-8")
    cues = "cues:\n  keywords: [一岗双责]\n  patterns: [\"(?<!不)履行一岗双责\"]\n"
    (mini / OB).write_text(text.replace("\n---", "\n" + cues + "---", 1), "utf-8")
    line = _line_of(mini, OB, "patterns:")
    assert_reported(mini, OB, "", "", f"{OB}:{line}", "lookbehind")


PORTABLE = [
    ("[0-9]+次", None), ("专题会议?[^。；]{0,4}(研究|部署)", None), ("(^|[^A-Za-z])(XX)(?![A-Za-z])", None),
    ("[\\-a]", None), ("\\u4e00", None),
    ("(?<=a)b", "lookbehind"), ("(?<!a)b", "lookbehind"), ("\\d+", "\\d"), ("\\s", "\\s"),
    ("\\w", "\\w"), ("\\bfoo", "\\b"), ("a{x", "literal '{'"), ("\\，", "escapes"),
    ("(?i)qq", "inline flag"), ("(?P<x>a)", "named group"), ("[]a]", "starting with ']'"),
    ("a*+", "possessive"), ("a]", "unescaped ']'"), ("(", "invalid pattern"),
    ("x?", "matches empty text"),
]


@pytest.mark.parametrize("pattern,words", PORTABLE, ids=[p[0] for p in PORTABLE])
def test_portable_subset(pattern, words):
    bad = portable_problem(pattern)
    if words is None:
        assert bad is None
    else:
        assert bad and words in bad[0] and bad[1], bad


def test_every_pattern_shipped_to_the_browser_is_portable():
    from macros.checker.engine import checker_data
    from macros.checks.loader import load

    from .conftest import ROOT

    data = checker_data(load(ROOT))
    patterns = [data[k] for k in ("heading", "level1", "slot", "markdown_strip", "han")]
    patterns += [r["pattern"] for r in data["hygiene"]] + [a["match"] for a in data["avoid"]]
    patterns += [p for ob in data["obligations"] for p in ob["patterns"] + ob["parts"]]
    assert len(patterns) > 100
    assert [(p, portable_problem(p)) for p in patterns if portable_problem(p)] == []
