"""The build's second process (checks, downloads and search segmentation beside the pages)
gives the same site as doing everything in one process, and its findings stop the build."""

from __future__ import annotations

import os
import shutil

import pytest

from macros.site.background import Background

from .conftest import mkdocs_build
from .test_bad_inputs import mutate

PARALLEL, SERIAL = {"KB_SERIAL": "0"}, {"KB_SERIAL": "1"}


def _files(out):
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and p.suffix != ".docx"}


def test_the_second_process_gives_the_same_site_as_one_process(mini, tmp_path):
    one = mkdocs_build(mini, tmp_path / "one", **SERIAL)
    assert one.returncode == 0, one.stderr
    shutil.rmtree(mini / ".cache")
    two = mkdocs_build(mini, tmp_path / "two", **PARALLEL)
    assert two.returncode == 0, two.stderr
    serial, parallel = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert serial.keys() == parallel.keys()
    index = "search/search_index.json"
    assert "\u2063kb-" not in parallel[index].decode("utf-8")     # no placeholder left
    assert "\u200b" in parallel[index].decode("utf-8")            # segmented
    differ = [name for name in serial if serial[name] != parallel[name]]
    assert differ == []
    docx = sorted(p.name for p in (tmp_path / "two").rglob("*.docx"))
    assert docx == sorted(p.name for p in (tmp_path / "one").rglob("*.docx")) and docx


@pytest.mark.parametrize("env", [PARALLEL, SERIAL], ids=["second-process", "one-process"])
def test_a_problem_only_the_checks_find_stops_the_build_and_no_page_is_left(mini, tmp_path,
                                                                             env):
    mutate(mini, "data/examples/ex.yml", "obligations: [yigang-shuangze]",
           "obligations: [no-such-duty]")
    (tmp_path / "out").mkdir()
    result = mkdocs_build(mini, tmp_path / "out", **env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/examples/ex.yml:3: unknown obligation id 'no-such-duty'" in output
    assert "Traceback" not in output and "internal error" not in output
    assert not list((tmp_path / "out").rglob("*.html"))


def test_a_record_that_breaks_a_page_is_reported_as_its_problem_not_as_a_crash(mini, tmp_path):
    """The pages render from a quick read while the checks run beside them: a record the
    checks refuse may break a page first; the build then reports the record's problem."""
    mutate(mini, "docs/obligations/yigang-shuangze.md", "summary: 班子成员对分管领域的意识形态"
           "工作负领导责任。\n", "")
    result = mkdocs_build(mini, tmp_path / "out", **PARALLEL)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/obligations/yigang-shuangze.md:2: missing required field 'summary'" in output
    assert "Traceback" not in output and "internal error" not in output


def _dies_in_the_worker(build_pid: int) -> int:
    if os.getpid() != build_pid:
        os._exit(1)                     # the worker is killed mid-task (out of memory, say)
    return 42


def _fails() -> None:
    raise ValueError("a task's own error")


def test_a_task_whose_worker_dies_is_done_in_the_build_and_errors_reach_it():
    background = Background(parallel=True)
    try:
        assert background.collect(background.submit(_dies_in_the_worker, os.getpid())) == 42
        assert background.collect(background.submit(_dies_in_the_worker, os.getpid())) == 42
        with pytest.raises(ValueError, match="own error"):
            background.collect(background.submit(_fails))
    finally:
        background.close()


def test_kb_serial_keeps_every_task_in_the_build(monkeypatch):
    monkeypatch.setenv("KB_SERIAL", "1")
    background = Background()
    assert not background.parallel
    future = background.submit(os.getpid)
    assert future.done() and background.collect(future) == os.getpid()
