"""The settings files (data/layout.yml, lint.yml, checker.yml, rules.yml) are loaded and
checked once, by macros.model.settings, onto the catalogue; every command reads them from
the project ``--root`` names, never from the package's own copy."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import docx
import pytest

from macros.model import settings as settings_module
from macros.model.settings import FILES, OPTIONAL

from .conftest import ROOT
from .test_bad_inputs import mutate, run_kb

PACKAGE = ROOT / "macros"
LOADER = {"macros/model/settings.py"}
# Modules that use __file__ for the package's own code or assets, never for data/:
OWN_FILES = {
    "macros/model/cache.py": "hashes the package's modules into the cache key",
    "macros/model/typegen.py": "writes the generated records module beside itself",
    "macros/review/tables.py": "the review desk's own CSS and script (macros/review/assets)",
    "macros/site/search_worker.py": "the search worker script and vendored lunr it runs",
}
NAMES = set(FILES) | {f"data/{name}" for name in FILES}
OPENERS = {"open", "read_text", "read_bytes", "load_yaml_file", "load_settings", "safe_load"}


def _strings(node) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)}


def _settings_access(tree) -> list[tuple[int, str]]:
    """(line, what) of every place a module names a settings file to open it: a path built
    with ``/ "lint.yml"``, or a call that opens or loads a file given its name."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            if _strings(node.right) & NAMES:
                found.append((node.lineno, "a path to a settings file"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in OPENERS and any(_strings(arg) & NAMES for arg in node.args):
                found.append((node.lineno, f"{name}() of a settings file"))
            if name == "load_settings":
                found.append((node.lineno, "load_settings() outside the loader"))
        elif isinstance(node, ast.Name) and node.id == "__file__":
            found.append((node.lineno, "__file__"))
    return found


def test_only_the_loader_opens_settings_files_and_nothing_finds_data_through_file():
    offenders = []
    for file in sorted(PACKAGE.rglob("*.py")):
        rel = file.relative_to(ROOT).as_posix()
        for line, what in _settings_access(ast.parse(file.read_text(encoding="utf-8"))):
            if rel in LOADER or (what == "__file__" and rel in OWN_FILES):
                continue
            offenders.append(f"{rel}:{line}: {what}")
    assert offenders == [], ("read settings from the catalogue (cat.settings), loaded once by "
                             "macros.model.settings:\n" + "\n".join(offenders))


def test_the_access_scan_finds_what_it_forbids():
    """The scan above is not vacuous: the forms it forbids are found."""
    code = ('lists = load_yaml_file(root / "data" / "lint.yml", "data/lint.yml", p)\n'
            "here = Path(__file__).parent\n"
            'spec = load_settings(root, "checker.yml", problems)\n')
    assert len(_settings_access(ast.parse(code))) >= 4


def test_each_settings_file_is_read_once_per_catalogue(mini, monkeypatch):
    """Loading the catalogue, its checks, the checker's data, a template's workbench data and
    a Word file read each settings file once."""
    from macros.checker.engine import checker_data
    from macros.checks.loader import load
    from macros.outputs.word import build_document
    from macros.views.workbench import template_data

    reads: list[str] = []
    real = settings_module.load_yaml_file

    def counted(file, rel, problems):
        reads.append(rel)
        return real(file, rel, problems)

    monkeypatch.setattr(settings_module, "load_yaml_file", counted)
    cat = load(mini)
    assert not cat.problems, cat.problems.report()
    checker_data(cat)
    tpl = next(iter(cat.templates.values()))
    template_data(cat, tpl)
    build_document(cat, tpl["id"])
    present = [name for name in FILES if (mini / "data" / name).is_file()]
    assert set(FILES) - set(OPTIONAL) <= set(present)
    assert sorted(reads) == sorted(f"data/{name}" for name in present)


# ---- every command reads the settings of --root ------------------------------------------

DRAFT = "某局党组2026年意识形态工作责任制落实情况报告\n一、主要做法\n局党组召开会议研究意识形态工作。\n"


def test_kb_check_reads_the_checker_settings_of_root(mini, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    mutate(mini, "data/checker.yml", 'summary_format: "体现', 'summary_format: "另一项目：体现')
    code, text, _ = run_kb("--root", str(mini), "check", "--json", str(draft))
    assert code == 0, text
    assert json.loads(text)["summary"]["line"].startswith("另一项目：体现")
    code, text, _ = run_kb("--root", str(ROOT), "check", "--json", str(draft))
    assert code == 0 and not json.loads(text)["summary"]["line"].startswith("另一项目")


def test_kb_fill_reads_the_layout_of_root(mini, tmp_path):
    mutate(mini, "data/layout.yml", "width_mm: 210", "width_mm: 200")
    out = tmp_path / "out.docx"
    code, text, _ = run_kb("--root", str(mini), "fill", "niandu-baogao", "--set",
                           "单位名称=某局党组", "--set", "报告年度=2026", "-o", str(out))
    assert code == 0, text
    assert round(docx.Document(str(out)).sections[0].page_width.mm) == 200


def test_kb_validate_reads_the_lint_lists_of_root(mini):
    mutate(mini, "data/lint.yml", "deny_names:\n", "deny_names:\n  - 研究意识形态\n")
    text = (mini / "docs" / "templates" / "niandu-baogao.md").read_text(encoding="utf-8")
    if "研究意识形态" not in text:
        mutate(mini, "docs/templates/niandu-baogao.md", "交代年度和总体情况。",
               "交代年度和总体情况，研究意识形态工作。")
    code, text, _ = run_kb("--root", str(mini), "validate")
    assert code == 1 and "real name '研究意识形态' (data/lint.yml deny list)" in text, text
    code, text, _ = run_kb("--root", str(ROOT), "validate")
    assert "研究意识形态' (data/lint.yml" not in text


@pytest.mark.parametrize("old,new,words", [
    ("junk:\n", "junk: 不是列表\nold_junk:\n", "'junk'"),        # a list that is not one
    ("deny_names:\n", "deny_names: {a: 1}\nold_deny:\n", "'deny_names'"),
    ('  groups: "', '  groups: "(第', "named_bodies groups is not a valid pattern"),
])
def test_a_broken_lint_setting_is_a_file_line_problem_never_a_traceback(mini, old, new, words):
    """`kb validate` (and so the build) names the line of data/lint.yml; the lints and the
    checker that read the file never see the broken value."""
    mutate(mini, "data/lint.yml", old, new)
    lines = (mini / "data" / "lint.yml").read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, 1) if text.startswith(new.split("\n")[0]))
    code, text, _ = run_kb("--root", str(mini), "validate")
    assert code == 1 and "Traceback" not in text and "internal error" not in text, text
    hits = [m for m in text.splitlines() if m.startswith(f"data/lint.yml:{line}: ")]
    assert hits and words in hits[0] and " — " in hits[0], text
    code, text, _ = run_kb("--root", str(mini), "check", str(ROOT / "README.md"))
    assert code == 1 and "Traceback" not in text and f"data/lint.yml:{line}: " in text, text


def test_a_project_without_a_settings_file_says_so(mini):
    (mini / "data" / "checker.yml").unlink()
    code, text, _ = run_kb("--root", str(mini), "validate")
    assert code == 1 and "data/checker.yml:1: settings file is missing — restore" in text, text


def test_settings_need_names_the_file_of_an_unusable_setting(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "layout.yml").write_text("page: 1\n", encoding="utf-8")
    loaded = settings_module.read_settings(Path(tmp_path))
    assert loaded.layout is None and loaded.checker is None
    with pytest.raises(ValueError, match=r"data/layout\.yml:1: "):
        loaded.need("layout")
