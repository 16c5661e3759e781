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
