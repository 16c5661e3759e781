"""The ``kb`` command: validate, stats and export the catalogue."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .catalog import load
from .export import export, stats


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding mkdocs.yml and data/."""
    for folder in [start, *start.parents]:
        if (folder / "mkdocs.yml").is_file() and (folder / "data").is_dir():
            return folder
    raise SystemExit(f"kb: no knowledge base (mkdocs.yml and data/) at or above {start}; "
                     "run kb inside the project or pass --root")


def _load_or_report(root: Path):
    cat = load(root)
    if cat.problems:
        print(cat.problems.report(), file=sys.stderr)
        return None
    return cat


def cmd_validate(args) -> int:
    cat = _load_or_report(args.root)
    if cat is None:
        return 1
    counts = stats(cat)
    print("ok: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def cmd_stats(args) -> int:
    cat = _load_or_report(args.root)
    if cat is None:
        return 1
    counts = stats(cat)
    if args.json:
        print(json.dumps(counts, ensure_ascii=False))
    else:
        width = max(map(len, counts))
        for key, value in counts.items():
            print(f"{key:<{width}}  {value}")
    return 0


def cmd_export(args) -> int:
    cat = _load_or_report(args.root)
    if cat is None:
        return 1
    print(json.dumps(export(cat), ensure_ascii=False, indent=1 if args.pretty else None))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description="Knowledge base for writing "
                                     "意识形态工作责任制 reports: validate, export, check, fill.")
    parser.add_argument("--root", type=Path, default=None,
                        help="project folder (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check every record and reference; exit 1 on problems")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("stats", help="counts per record kind")
    p.add_argument("--json", action="store_true", help="print counts as JSON")
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser("export", help="print the whole validated catalogue")
    p.add_argument("--json", action="store_true", required=True, help="JSON output (required)")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.root = args.root.resolve() if args.root else find_root(Path.cwd().resolve())
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
