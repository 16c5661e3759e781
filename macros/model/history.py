"""When each source file last changed, from git; nothing (never an error) without it."""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(root: Path) -> dict[str, str]:
    """Map of path (relative to ``root``) to the date of its latest commit, YYYY-MM-DD."""
    try:
        out = subprocess.run(["git", "log", "--format=@%cs", "--name-only", "--", "docs", "data"],
                             cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return {}
    if out.returncode != 0:
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in out.stdout.splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line.strip() and line not in dates:
            dates[line] = current
    return dates
