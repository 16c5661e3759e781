"""The error boundary: a bug of the tool is one line ("internal error in X — please report"),
never a traceback (unless asked for with --debug / --verbose)."""

from __future__ import annotations

import subprocess
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from macros.cli import commands
from macros.model.problems import Problems
from macros.site.boundary import guarded
from macros.site.macros_adapter import _guarded

from .conftest import BIN
from .test_bad_inputs import run_kb


def _broken(*args, **kwargs):
    raise KeyError("boom")


def test_an_internal_error_of_a_command_is_one_line(mini, monkeypatch):
    monkeypatch.setattr(commands, "stats", _broken)
    code, text, _ = run_kb("--root", str(mini), "stats")
    assert code == 70 and "Traceback" not in text
    assert "kb stats: internal error in kb stats (KeyError: 'boom') — please report" in text
    assert "--debug" in text


def test_debug_shows_the_traceback(mini, monkeypatch, capsys):
    monkeypatch.setattr(commands, "stats", _broken)
    assert commands.main(["--root", str(mini), "--debug", "stats"]) == 70
    assert "Traceback" in capsys.readouterr().err


def test_a_plugin_hook_turns_a_bug_into_a_plugin_error():
    hook = guarded("the kb plugin (on_demo)")(_broken)
    with pytest.raises(PluginError) as err:
        hook()
    assert "internal error in the kb plugin (on_demo) (KeyError: 'boom') — please report" in str(
        err.value)


def test_a_failing_macro_is_a_problem_at_the_line_of_its_call(tmp_path):
    page = tmp_path / "matrix.md"
    page.write_text("---\ntitle: x\nrender_macros: true\n---\n\n{{ stats() }}\n", "utf-8")
    plugin = SimpleNamespace(output_problems=Problems(), log_debug_traceback=lambda: None)
    env = SimpleNamespace(conf={"plugins": {"kb": plugin}, "docs_dir": str(tmp_path / "docs")},
                          page=SimpleNamespace(file=SimpleNamespace(
                              src_uri="matrix.md", abs_src_path=str(page))))
    assert _guarded(env, "stats", _broken)() == ""
    (problem,) = plugin.output_problems
    assert (problem.path, problem.line) == ("docs/matrix.md", 6)
    assert "internal error in the macro stats()" in problem.what


def test_a_missing_evaluation_draft_is_named(mini, tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "labels.yml").write_text("nope.txt: {genre: x, evidenced: []}\n", "utf-8")
    result = subprocess.run([str(BIN / "kb"), "--root", str(mini), "eval", "--dir",
                             str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "labels.yml:1: 'nope.txt' is labelled but drafts/nope.txt is missing" in result.stderr


def test_a_missing_reference_folder_is_a_warning(mini, monkeypatch):
    monkeypatch.setenv("KB_REFERENCE_DIR", str(mini / "no-such-folder"))
    code, text, _ = run_kb("--root", str(mini), "validate")
    assert code == 0 and "warning: no reference samples" in text
