"""`mkdocs serve` keeps one worker process, the pages' conversions and their search entries
from one build to the next: a rebuild after an edit must give exactly the site a fresh
build of the edited sources gives, edit included."""

from __future__ import annotations

import json
import os
import subprocess

from .conftest import BIN
from .test_bad_inputs import mutate

# Builds as `mkdocs serve` does: one process, the plugins kept, a new config each build.
SERVE_LIKE = r'''
import json, logging, os, sys
from mkdocs.config import load_config
from mkdocs.commands.build import build
log = logging.getLogger("mkdocs")
log.setLevel(logging.ERROR)
log.addHandler(logging.StreamHandler())
os.chdir(sys.argv[1])
steps = json.loads(sys.argv[2])
first = load_config("mkdocs.yml", site_dir=steps[0]["out"])
first.plugins.on_startup(command="serve", dirty=False)
for step in steps:
    for rel, old, new in step.get("edits", []):
        with open(rel, encoding="utf-8") as f:
            text = f.read()
        assert old in text, (rel, old)
        with open(rel, "w", encoding="utf-8") as f:
            f.write(text.replace(old, new, 1))
    build(load_config("mkdocs.yml", site_dir=step["out"]))
kb = first.plugins["kb"]
print(json.dumps({"hits": kb.renders.hits, "misses": kb.renders.misses}))
first.plugins.on_shutdown()
'''

PAGE = "docs/obligations/yigang-shuangze.md"
EXAMPLE = "data/examples/ex.yml"


def _serve_like(root, steps, **env):
    return subprocess.run([str(BIN / "python"), "-c", SERVE_LIKE, str(root), json.dumps(steps)],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})


def _files(out):
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and p.suffix != ".docx"}


def test_a_rebuild_after_edits_equals_a_fresh_build(mini, tmp_path):
    steps = [{"out": str(tmp_path / "a")},
             {"out": str(tmp_path / "b"), "edits": [[PAGE, "## 要求\n", "## 要求\n\n正文改动甲。\n"]]},
             {"out": str(tmp_path / "c"), "edits": [[EXAMPLE, "十六次", "十七次"]]}]
    result = _serve_like(mini, steps, KB_SERIAL="0")
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts["hits"] > 0                    # unchanged pages were not converted again
    fresh = _serve_like(mini, [{"out": str(tmp_path / "fresh")}], KB_SERIAL="0")
    assert fresh.returncode == 0, fresh.stderr
    rebuilt, expected = _files(tmp_path / "c"), _files(tmp_path / "fresh")
    assert rebuilt.keys() == expected.keys()
    assert [name for name in expected if rebuilt[name] != expected[name]] == []
    page = rebuilt["obligations/yigang-shuangze/index.html"].decode("utf-8")
    assert "正文改动甲" in page and "十七次" in page and "十六次" not in page
    index = rebuilt["search/search_index.json"].decode("utf-8")
    assert "改动" in index and "\u2063kb-" not in index


def test_a_rebuild_that_breaks_a_record_fails_and_the_next_fix_recovers(mini, tmp_path):
    steps = [{"out": str(tmp_path / "a")},
             {"out": str(tmp_path / "b"),
              "edits": [[EXAMPLE, "obligations: [yigang-shuangze]", "obligations: [no-such]"]]}]
    broken = _serve_like(mini, steps, KB_SERIAL="0")
    assert broken.returncode != 0
    assert "data/examples/ex.yml:3: unknown obligation id 'no-such'" in broken.stderr
    mutate(mini, EXAMPLE, "obligations: [no-such]", "obligations: [yigang-shuangze]")
    again = _serve_like(mini, [{"out": str(tmp_path / "c")}], KB_SERIAL="0")
    assert again.returncode == 0, again.stderr
