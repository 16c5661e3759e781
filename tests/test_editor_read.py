"""The editor's read of 25 random examples is reproducible and at least 23 went unedited."""

from __future__ import annotations

import yaml

from macros.checks.loader import load

from .conftest import ROOT

LOG = ROOT / "tests" / "content_review" / "editor-read-2026-12-07.yml"


def test_editor_read_is_the_seeded_sample_and_passes():
    log = yaml.safe_load(LOG.read_text(encoding="utf-8"))
    cat = load(ROOT)
    read = [e["id"] for e in log["examples"]]
    assert len(read) == log["sample_size"] == 25
    assert all(i in cat.examples for i in read), "every example read still exists"
    unedited = [e for e in log["examples"] if e["verdict"] == "unedited"]
    assert len(unedited) >= 23
    assert len(log["worked_examples"]) == len(cat.templates)
    assert all(set(e) <= {"template", "verdict", "note"} for e in log["worked_examples"])
