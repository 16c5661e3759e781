"""The kb commands reuse a passed check: faster, and never hiding a new problem."""

from __future__ import annotations

import subprocess

from macros.model.cache import cache_dir

from .conftest import BIN
from .test_bad_inputs import mutate


def _validate(root):
    return subprocess.run([str(BIN / "kb"), "--root", str(root), "validate"],
                          capture_output=True, text=True, timeout=60)


def test_validate_marks_a_pass_and_still_reports_a_later_problem(mini):
    assert _validate(mini).returncode == 0
    mark = (cache_dir(mini) / "checked").read_text()
    again = _validate(mini)
    assert again.returncode == 0 and again.stdout.startswith("ok:")
    assert (cache_dir(mini) / "checked").read_text() == mark      # reused, not re-marked
    mutate(mini, "docs/obligations/yigang-shuangze.md", "role: [班子成员]", "role: [班子成员2]")
    broken = _validate(mini)
    assert broken.returncode == 1 and "docs/obligations/yigang-shuangze.md:" in broken.stderr


def _check(root, draft):
    return subprocess.run([str(BIN / "kb"), "--root", str(root), "check", "--json", str(draft)],
                          capture_output=True, text=True, timeout=60)


def test_check_reuses_the_checker_data_of_checked_sources_and_never_a_stale_one(mini, tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("某局党组2026年意识形态工作情况报告\n班子成员严格落实一岗双责，"
                     "分管领域意识形态工作同部署、同检查。\n", encoding="utf-8")
    first = _check(mini, draft)
    assert first.returncode == 0, first.stderr
    stored = cache_dir(mini) / "checker-data.json"
    assert stored.is_file()
    again = _check(mini, draft)
    assert again.returncode == 0 and again.stdout == first.stdout
    # a file of another key (planted, or of other sources) is never read
    key, _, body = stored.read_text(encoding="utf-8").partition("\n")
    stored.write_text("0" * len(key) + "\n" + body.replace("一岗双责", "别的责任"), "utf-8")
    assert _check(mini, draft).stdout == first.stdout
    # an edited source gives new data, and a broken one is reported, not checked with old data
    mutate(mini, "docs/obligations/yigang-shuangze.md", "title: 一岗双责", "title: 一岗双责要求")
    edited = _check(mini, draft)
    assert edited.returncode == 0 and "一岗双责要求" in edited.stdout
    mutate(mini, "docs/obligations/yigang-shuangze.md", "role: [班子成员]", "role: [班子成员2]")
    broken = _check(mini, draft)
    assert broken.returncode == 1 and "docs/obligations/yigang-shuangze.md:" in broken.stderr
