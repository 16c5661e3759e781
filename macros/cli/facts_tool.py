"""``kb facts --mark FILE``: propose 〖…〗 around the unmarked figures of an example file
(the ``text:`` values of data/examples/*.yml) or of a template page's worked example (the
lines under ``## 完整示例`` of docs/templates/*.md).

The proposal covers figures, dates and named bodies (县发展改革委党组; macros/model/facts.py,
data/lint.yml ``named_bodies``); named events, local documents, platforms and posts are
marked by hand when reviewing the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

from macros.model.facts import BodyRule, propose

_TEXT_KEY = re.compile(r"^(\s*)(?:-\s+)?text:\s*(.*)$")


def mark_text(source: str, rule: BodyRule | None = None) -> str:
    """The YAML source with figures in every ``text:`` value proposed as facts."""
    out, indent = [], None
    for line in source.split("\n"):
        m = _TEXT_KEY.match(line)
        if m:
            indent = len(m.group(1))
            value = m.group(2)
            if value and value[0] not in ">|":
                line = line[:m.start(2)] + propose(value, rule)
                indent = None
            out.append(line)
            continue
        if indent is not None:
            stripped = line.lstrip()
            if stripped and len(line) - len(stripped) <= indent:
                indent = None
            elif stripped:
                line = line[:len(line) - len(stripped)] + propose(stripped, rule)
        out.append(line)
    return "\n".join(out)


def mark_worked_example(source: str, rule: BodyRule | None = None) -> str:
    """The Markdown page with figures proposed as facts in its ``## 完整示例`` section."""
    out, inside = [], False
    for line in source.split("\n"):
        if line.startswith("## "):
            inside = line.strip() == "## 完整示例"
        elif inside and line.strip() and not line.lstrip().startswith(("**", "#", "{", "<")):
            line = propose(line, rule)
        out.append(line)
    return "\n".join(out)


def mark_file(path: Path, write: bool, rule: BodyRule | None = None) -> tuple[str, int]:
    """(new source, number of facts proposed); writes the file when ``write``."""
    before = path.read_text(encoding="utf-8")
    mark = mark_worked_example if path.suffix == ".md" else mark_text
    after = mark(before, rule)
    added = after.count("〖") - before.count("〖")
    if write and after != before:
        path.write_text(after, encoding="utf-8")
    return after, added
