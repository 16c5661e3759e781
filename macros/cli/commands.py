"""The ``kb`` command: validate, stats and export the catalogue."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from macros.checker.engine import check_file
from macros.checker.evaluate import evaluate, format_report
from macros.checks.loader import load, load_cached
from macros.cli.scaffold import ScaffoldError, new
from macros.model.anchors import EXAMPLES
from macros.model.problems import Problems
from macros.model.yamlsrc import load_yaml_file
from macros.outputs.layout import load_layout
from macros.outputs.word import write_docx
from macros.views.export import export, stats


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding mkdocs.yml and data/."""
    for folder in [start, *start.parents]:
        if (folder / "mkdocs.yml").is_file() and (folder / "data").is_dir():
            return folder
    raise SystemExit(f"kb: no knowledge base (mkdocs.yml and data/) at or above {start}; "
                     "run kb inside the project or pass --root")


def _load_or_report(root: Path):
    cat = load_cached(root)
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


def _slot_list(cat, tpl) -> str:
    lines = []
    for name in tpl["slots"]:
        slot = cat.slots[name]
        mark = "（必填）" if slot.get("required") else ""
        lines.append(f"  {name}{mark} [{slot['type']}] {slot['hint']}")
    return "\n".join(lines)


def _read_values(args) -> dict:
    values = {}
    if args.values:
        problems = Problems()
        data = load_yaml_file(Path(args.values), str(args.values), problems)
        if problems:
            raise SystemExit(f"kb fill: {problems.report()}")
        if not isinstance(data, dict):
            raise SystemExit(f"kb fill: {args.values}:1: values file must map 槽位名 to 值 — "
                             "write lines like `单位名称: 某局党组`")
        values.update({str(k): "" if v is None else str(v) for k, v in data.items()})
    for item in args.set or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise SystemExit(f"kb fill: --set {item!r} is not 槽位=值 — write e.g. "
                             "--set 单位名称=某局党组")
        values[name.strip().strip("【】")] = value
    return values


def cmd_fill(args) -> int:
    cat = _load_or_report(args.root)
    if cat is None:
        return 1
    if args.template not in cat.templates:
        names = "\n".join(f"  {t['id']}  {t['title']}" for t in cat.templates.values())
        print(f"kb fill: unknown template '{args.template}'. Templates:\n{names}",
              file=sys.stderr)
        return 2
    tpl = cat.templates[args.template]
    values = _read_values(args)
    unknown = [n for n in values if n not in tpl["slots"]]
    missing = [n for n in tpl["slots"] if cat.slots[n].get("required") and not values.get(n)]
    if unknown or missing:
        what = []
        if unknown:
            what.append("unknown slot(s): " + "、".join(unknown))
        if missing:
            what.append("missing required value(s): " + "、".join(missing))
        print(f"kb fill: {'; '.join(what)}. Slots of {tpl['id']}:\n{_slot_list(cat, tpl)}",
              file=sys.stderr)
        return 2
    try:
        layout = load_layout(args.root)
    except ValueError as err:
        print(f"kb fill: {err}", file=sys.stderr)
        return 1
    out = write_docx(cat, tpl["id"], args.output, values, layout)
    unfilled = [n for n in tpl["slots"] if not values.get(n)]
    print(f"wrote {out} ({len(values)} slot(s) filled"
          + (f"; unfilled and highlighted: {'、'.join(unfilled)})" if unfilled else ")"))
    return 0


STATUS_MARK = {"evidenced": "✓", "gap": "△"}


def _print_check(result: dict, titles: dict) -> None:
    genre = result["genre"]
    print(f"草稿：{result['file']}")
    print(f"报告类型：{titles.get(genre, '未能推断')}（{genre or '-'}）")
    print(f"\n已体现（{len(result['covered'])}项，✓ 已写做法，△ 仅作为问题或未做提及）：")
    for c in result["covered"]:
        print(f"  {STATUS_MARK[c['status']]} {c['title']}（{c['id']}）—— {c['evidence'][0]}")
    print(f"\n本类报告应体现但未见（{len(result['missing'])}项）：")
    for m in result["missing"]:
        print(f"  ✗ {m['title']}（{m['id']}）—— 写法示例：/obligations/{m['id']}/#{EXAMPLES}")
    print(f"\n需要修改（{len(result['findings'])}处）：")
    for f in result["findings"]:
        print(f"  第{f['line']}行 [{f['kind']}] {f['text']}")


def cmd_check(args) -> int:
    cat = _load_or_report(args.root)
    if cat is None:
        return 1
    try:
        result = check_file(cat, Path(args.file), args.genre)
    except (OSError, ValueError) as err:
        print(f"kb check: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        _print_check(result, {t["id"]: t["title"] for t in cat.templates.values()})
    return 0


def cmd_eval(args) -> int:
    cat = _load_or_report(args.root)
    if cat is None:
        return 1
    result = evaluate(cat, Path(args.dir) if args.dir else args.root / "tests" / "eval")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(format_report(result, args.weakest))
    return 0


def cmd_new(args) -> int:
    cat = load(args.root)
    try:
        path = new(cat, args.kind, args.name, args.title, args.category)
    except ScaffoldError as err:
        print(f"kb new: {err}", file=sys.stderr)
        return 2
    print(f"wrote {path.relative_to(args.root)} — edit it, then run `kb validate`")
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
    p = sub.add_parser("fill", help="fill a report template and write it as Word (.docx)")
    p.add_argument("template", help="template id, e.g. niandu-qingkuang-baogao")
    p.add_argument("--set", action="append", metavar="槽位=值", help="a slot value (repeatable)")
    p.add_argument("--values", metavar="FILE", help="YAML file mapping 槽位名 to 值")
    p.add_argument("-o", "--output", required=True, type=Path, help="the .docx to write")
    p.set_defaults(func=cmd_fill)
    p = sub.add_parser("check", help="which obligations a draft evidences, misses; what to tidy")
    p.add_argument("file", help="a .txt, .md or .docx draft")
    p.add_argument("--genre", help="template id of the report type (default: inferred)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("eval", help="precision and recall of kb check on the evaluation set")
    p.add_argument("--dir", help="evaluation folder with labels.yml and drafts/ "
                   "(default: tests/eval)")
    p.add_argument("--weakest", type=int, default=12, help="rows of the per-obligation table")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("new", help="write a stub that validates: obligation, example, "
                       "template or phrase")
    p.add_argument("kind", choices=["obligation", "example", "template", "phrase"])
    p.add_argument("name", help="the new id (pinyin slug); for a phrase, its text")
    p.add_argument("--title", help="title of a new obligation or template")
    p.add_argument("--category", help="phrase category, e.g. 导语")
    p.set_defaults(func=cmd_new)
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
