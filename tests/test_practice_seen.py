"""An obligation whose basis is common practice says in how many real reports it is seen:
the stored ``practice_seen`` equals what the checker finds in tests/eval/real today (the
fresh test set of tests/eval/split.yml excepted: it is for measuring, and what the checker
reads in it is never written into the knowledge base)."""

from __future__ import annotations

import re
from collections import Counter

import yaml

from macros.checker.engine import check_lines, checker_data
from macros.checks.loader import load

from .conftest import ROOT

SOURCE = re.compile(r"source:\s*(\S+)")


def seen_counts(cat) -> Counter:
    """Distinct real reports (by source address) in which each duty is evidenced."""
    data = checker_data(cat)
    split = yaml.safe_load((ROOT / "tests" / "eval" / "split.yml").read_text("utf-8"))
    fresh = set((split.get("fresh_test") or {}).get("files") or [])
    by_source: dict[str, set] = {}
    for file in sorted((ROOT / "tests" / "eval" / "real").glob("*.txt")):
        if file.name in fresh:
            continue
        text = file.read_text(encoding="utf-8")
        m = SOURCE.search(text)
        found = {c["id"] for c in check_lines(data, text.split("\n"))["covered"]
                 if c["status"] == "evidenced"}
        by_source.setdefault(m.group(1) if m else file.name, set()).update(found)
    return Counter(i for ids in by_source.values() for i in ids)


def test_common_practice_duties_state_how_often_real_reports_show_them():
    cat = load(ROOT)
    counts = seen_counts(cat)
    assert sum(counts.values()) > 100, "the real reports are read"
    wrong, unstated = [], []
    for ob in cat.obligations.values():
        if "common-practice" not in ob["basis"]:
            continue
        if "practice_seen" not in ob:
            unstated.append(ob["id"])
        elif ob["practice_seen"] != counts.get(ob["id"], 0):
            wrong.append(f"{ob['id']}: practice_seen {ob['practice_seen']}, "
                         f"found in {counts.get(ob['id'], 0)}")
    assert not unstated, "no practice_seen: " + ", ".join(unstated)
    assert not wrong, ("\n".join(wrong) + "\nthe checker's cues or the real reports changed: "
                       "run `.venv/bin/python -m tests.test_practice_seen` to restate the numbers")


def restate() -> None:
    """Rewrite every ``practice_seen:`` line to what the checker finds now."""
    cat = load(ROOT)
    counts = seen_counts(cat)
    for ob in cat.obligations.values():
        if "practice_seen" not in ob:
            continue
        page = ROOT / "docs" / ob.page_rel
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"(?m)^practice_seen: \d+$",
                               f"practice_seen: {counts.get(ob['id'], 0)}", text, count=1),
                        encoding="utf-8")


if __name__ == "__main__":
    restate()
