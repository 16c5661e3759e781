"""Running the page's scripts under node: the one helper every node-backed test uses."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

NODE = shutil.which("node") or shutil.which("nodejs")
ASSETS = ROOT / "docs" / "assets"
MISSING = "node is missing: `make browser` (run by `make test`) installs Debian's nodejs"


def node(*args: str | Path, stdin: str | None = None, timeout: int = 300,
         env: dict | None = None) -> str:
    """node's output for ARGS (a script and its arguments, or -e CODE); the test fails with
    node's own message when it exits non-zero."""
    if NODE is None:
        pytest.fail(MISSING)
    done = subprocess.run([NODE, *map(str, args)], input=stdin, capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env=env)
    assert done.returncode == 0, f"node {' '.join(map(str, args))[:200]} failed:\n" \
        f"{done.stdout[-4000:]}{done.stderr[-4000:]}"
    return done.stdout


def node_json(script: str | Path, job, *args: str | Path, timeout: int = 300):
    """Run a node script (a file, or code given as a string) on JOB sent as JSON on stdin;
    what it prints, as JSON."""
    head = ("-e", script) if isinstance(script, str) else (script,)
    return json.loads(node(*head, *args, stdin=json.dumps(job, ensure_ascii=False),
                           timeout=timeout))


def evaluate(body: str, modules: dict[str, str], **values):
    """The JSON of BODY (a function body) with each name of MODULES bound to the script of
    docs/assets it names (require()d as node does) and each keyword to its value."""
    lines = [f"const {name} = require({json.dumps(str(ASSETS / file))});"
             for name, file in modules.items()]
    lines += [f"const {name} = {json.dumps(value, ensure_ascii=False)};"
              for name, value in values.items()]
    lines.append(f"process.stdout.write(JSON.stringify((() => {{ {body} }})()));")
    return json.loads(node("-e", "\n".join(lines)))
