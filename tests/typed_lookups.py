"""How many string-key look-ups the type checker can check: a developer's measure, not a test.

    .venv/bin/python -m macros.model.typegen
    .venv/bin/python -m tests.typed_lookups [-v] macros/outputs/*.py macros/cli/*.py …

Each ``x["key"]`` and ``x.get("key", …)`` of the files is counted as *typed* when mypy infers
``x`` as a TypedDict or a protocol (the generated records of macros/model/records.py), else
as *untyped* (``dict``, ``Any``: a misspelt key passes unseen); ``-v`` lists the untyped ones
with the type mypy gives their receiver. mypy's types are read after its run (``export_types``);
a look-up is placed in its file by line, column and key text.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from mypy import build
from mypy.find_sources import create_source_list
from mypy.nodes import CallExpr, IndexExpr, MemberExpr, StrExpr
from mypy.options import Options
from mypy.types import Instance, NoneType, TypedDictType, UnionType, get_proper_type


def _typed(t) -> bool:
    t = get_proper_type(t)
    items = [get_proper_type(i) for i in t.items] if isinstance(t, UnionType) else [t]
    items = [i for i in items if not isinstance(i, NoneType)]
    return bool(items) and all(
        isinstance(i, TypedDictType) or (isinstance(i, Instance) and i.type.is_protocol)
        for i in items)


def lookups(files: list[str]) -> dict[tuple[str, int, int], tuple[bool, str, str]]:
    """(file, line, column) → (typed, key, the receiver's type) of every string-key look-up."""
    opts = Options()
    opts.export_types = True
    opts.follow_imports = "silent"
    opts.ignore_missing_imports = True
    opts.check_untyped_defs = True
    opts.incremental = False
    types = build.build(create_source_list(files, opts), opts).types
    sources = {f: Path(f).read_text(encoding="utf-8").split("\n") for f in files}
    found = {}
    for expr in list(types):
        if isinstance(expr, IndexExpr) and isinstance(expr.index, StrExpr):
            key, base, at = expr.index.value, expr.base, expr.index
        elif (isinstance(expr, CallExpr) and isinstance(expr.callee, MemberExpr)
              and expr.callee.name == "get" and expr.args and isinstance(expr.args[0], StrExpr)):
            key, base, at = expr.args[0].value, expr.callee.expr, expr.args[0]
        else:
            continue
        for file, lines in sources.items():
            if at.line <= len(lines) and lines[at.line - 1][at.column:].startswith(
                    (f'"{key}"', f"'{key}'")):
                t = types.get(base)
                found[(file, at.line, at.column)] = (t is not None and _typed(t), key, str(t))
    return found


def main(argv: list[str]) -> None:
    files = [a for a in argv if not a.startswith("-")]
    found = lookups(files)
    total: Counter = Counter()
    for file in files:
        mine = sorted((k, v) for k, v in found.items() if k[0] == file)
        counts = Counter("typed" if v[0] else "untyped" for _, v in mine)
        total.update(counts)
        print(f"{file}: typed {counts['typed']}, untyped {counts['untyped']}")
        if "-v" in argv:
            for (_, line, _), (typed, key, kind) in mine:
                if not typed:
                    print(f"    {line} {key!r} on {kind}")
    print(f"total: typed {total['typed']}, untyped {total['untyped']}")


if __name__ == "__main__":
    main(sys.argv[1:])
