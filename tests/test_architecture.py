"""The defects found where the pieces of the core join, each shown to give a clean message.

Settings files are checked at load, every calendar rule the schema accepts is computed, the
cache is keyed on everything it depends on, and no module keeps the catalogue in a global.
"""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from macros.checks.loader import load
from macros.model import cache
from macros.model.problems import Problems
from macros.model.settings import load_settings
from macros.views.reporting_calendar import events, months

from .conftest import ROOT, mkdocs_build
from .test_bad_inputs import EXAMPLE_RECORD, mutate


def test_a_broken_layout_stops_the_build_with_its_line(mini, tmp_path):
    mutate(mini, "data/layout.yml", "  margin_top_mm: 37", "  margin_topp_mm: 37")
    result = mkdocs_build(mini, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/layout.yml:8: unknown field 'margin_topp_mm'" in output
    assert "Traceback" not in output and "KeyError" not in output


def test_the_real_settings_files_pass_their_schemas():
    problems = Problems()
    for name in ("layout.yml", "lint.yml"):
        assert load_settings(ROOT, name, problems) is not None, problems.report()


@pytest.mark.parametrize("rule,expected", [
    ("FREQ=DAILY", list(range(3, 13))),
    ("FREQ=WEEKLY;INTERVAL=2", list(range(3, 13))),
    ("FREQ=MONTHLY;INTERVAL=3", [3, 6, 9, 12]),
    ("FREQ=MONTHLY;BYMONTH=3,9", [3, 9]),
    ("FREQ=YEARLY", [3]),
])
def test_every_frequency_the_schema_accepts_is_computed(rule, expected):
    assert months({"rrule": rule, "start": date(2026, 3, 20)}) == expected


def test_a_daily_calendar_entry_builds_the_calendar(mini):
    mutate(mini, "data/vocab.yml", 'rrule: "FREQ=WEEKLY"', 'rrule: "FREQ=DAILY"')
    cat = load(mini)
    assert not cat.problems, cat.problems.report()
    for event in events(cat, 2026):
        assert months(event)


def _key(root: Path) -> str:
    return cache.fingerprint(root)


@pytest.mark.parametrize("change", ["add-yaml", "change-yml", "remove-yml", "change-md",
                                    "add-asset", "change-module", "add-module"])
def test_the_cache_key_changes_with_any_source(mini, tmp_path, monkeypatch, change):
    package = tmp_path / "pkg"
    (package / "model").mkdir(parents=True)
    (package / "model" / "a.py").write_text("A = 1\n")
    monkeypatch.setattr(cache, "PACKAGE", package)
    before = _key(mini)
    assert _key(mini) == before                       # stable while nothing changes
    if change == "add-yaml":
        (mini / "data" / "examples" / "extra.yaml").write_text(EXAMPLE_RECORD)
    elif change == "change-yml":
        mutate(mini, "data/examples/ex.yml", "每季度", "每月")
    elif change == "remove-yml":
        (mini / "data" / "phrases" / "daoyu.yml").unlink()
    elif change == "change-md":
        mutate(mini, "docs/obligations/yigang-shuangze.md", "", "\n补充一段。\n")
    elif change == "add-asset":
        (mini / "docs" / "assets" / "new.png").write_bytes(b"\x89PNG")
    elif change == "change-module":
        (package / "model" / "a.py").write_text("A = 2\n")
        cache.code_key.cache_clear()
    elif change == "add-module":
        (package / "model" / "b.py").write_text("B = 1\n")
        cache.code_key.cache_clear()
    assert _key(mini) != before


def test_a_yaml_record_added_after_a_good_build_is_checked(mini, tmp_path):
    """The checked-catalogue cache must not let a new .yaml file skip the checks."""
    assert mkdocs_build(mini, tmp_path / "one").returncode == 0
    bad = EXAMPLE_RECORD.replace("ex-yigang-shuangze-01", "ex-extra").replace(
        "[yigang-shuangze]", "[no-such-duty]")
    (mini / "data" / "examples" / "extra.yaml").write_text(bad, encoding="utf-8")
    result = mkdocs_build(mini, tmp_path / "two")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/examples/extra.yaml:3: unknown obligation id 'no-such-duty'" in output
    assert "Traceback" not in output


def test_no_module_keeps_the_catalogue_in_a_global():
    """Module-level names are constants, functions and classes: no catalogue, no `global`."""
    for file in sorted((ROOT / "macros").rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            assert not isinstance(node, ast.Global), f"{file}: `global` statement"
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                value = node.value
                assert not (isinstance(value, ast.Constant) and value.value is None), (
                    f"{file}:{node.lineno}: a module-level slot filled later")
