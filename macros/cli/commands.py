"""The ``kb`` command: validate, stats and export the catalogue."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from macros.checker.data_cache import cached_checker_data
from macros.checker.engine import check_path, checker_data
from macros.checker.evaluate import EvalError, evaluate, format_report
from macros.checks.loader import load, load_cached
from macros.cli.draft_warnings import draft_warnings
from macros.cli.facts_tool import mark_file
from macros.cli.fill_values import check_values, output_path
from macros.cli.scaffold import KINDS as NEW_KINDS
from macros.cli.scaffold import ScaffoldError, new_with_todo
from macros.model.catalog import Catalog
from macros.model.problems import ContentError, KbError, Problems, internal_error
from macros.model.reference import NO_REFERENCE, reference_hashes
from macros.model.rules import Rules
from macros.model.settings import read_settings
from macros.model.text import SLOT
from macros.model.yamlsrc import load_yaml_file
from macros.outputs.draftfile import DraftError, rebuild_draft
from macros.outputs.wordplan import fill, skeleton_draft, value_text
from macros.views.coverage import coverage, coverage_table
from macros.views.export import draft_counts, export, stats

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import Template


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding mkdocs.yml and data/."""
    for folder in [start, *start.parents]:
        if (folder / "mkdocs.yml").is_file() and (folder / "data").is_dir():
            return folder
    raise SystemExit(f"kb: no knowledge base (mkdocs.yml and data/) at or above {start}; "
                     "run kb inside the project or pass --root")


def _load_or_report(root: Path) -> Catalog | None:
    cat = load_cached(root)
    if cat.problems:
        print(cat.problems.report(), file=sys.stderr)
        return None
    return cat


def cmd_validate(args) -> int:
    cat = _load_or_report(args.root)
    if cat is None:
        return 1
    if reference_hashes(args.root) is None:
        print(f"kb validate: warning: {NO_REFERENCE}", file=sys.stderr)
    counts = stats(cat)
    print("ok: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    _print_drafts(cat)
    return 0


def _print_drafts(cat: Catalog) -> None:
    """What each draft still lacks: notes, not problems (a draft is never published)."""
    drafts = draft_counts(cat)
    if not drafts:
        return
    print("drafts (not published): " + ", ".join(f"{v} {k}" for k, v in drafts.items())
          + " — remove `status: draft` from each once it is filled in")
    for note in sorted(set(cat.notes)):
        print(f"  {note}")


def cmd_stats(args) -> int:
    cat = _load_or_report(args.root)
    if cat is None:
        return 1
    counts = stats(cat)
    cov = coverage(cat)
    if args.json:
        print(json.dumps({**counts, "coverage": cov}, ensure_ascii=False))
    else:
        width = max(map(len, counts))
        for key, value in counts.items():
            print(f"{key:<{width}}  {value}")
        drafts = draft_counts(cat)
        if drafts:
            print("drafts (not published): " + ", ".join(f"{v} {k}" for k, v in drafts.items()))
        print()
        print(coverage_table(cov))
    return 0


def cmd_export(args) -> int:
    cat = _load_or_report(args.root)
    if cat is None:
        return 1
    print(json.dumps(export(cat), ensure_ascii=False, indent=1 if args.pretty else None))
    return 0


def _slot_list(cat: Catalog, tpl: Template) -> str:
    lines = []
    for name in tpl["slots"]:
        slot = cat.slots[name]
        mark = "（必填）" if slot.get("required") else ""
        lines.append(f"  {name}{mark} [{slot['type']}] {slot['hint']}")
    return "\n".join(lines)


def _read_values(args) -> dict:
    values = {}
    if args.values:
        if not Path(args.values).is_file():
            raise KbError(args.values, 1, "the values file does not exist or is not a file",
                          "give a YAML file mapping 槽位名 to 值")
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
    if args.output:
        output_path(args.output)
    rules = cat.settings.rules
    if rules is None:
        raise SystemExit(f"kb fill: {cat.settings.problems.report()}")
    values, bad = check_values(_read_values(args), cat.slots, args.values or "--set", rules)
    if bad:
        print("\n".join(f"kb fill: {m}" for m in bad), file=sys.stderr)
        return 2
    if args.draft:
        return _fill_draft(args, cat, tpl, values, rules)
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
        layout = cat.settings.need("layout")
    except ValueError as err:
        print(f"kb fill: {err}", file=sys.stderr)
        return 1
    from macros.outputs.word import write_docx  # python-docx: loaded by the commands that write

    output = _output(args, rules, fill(skeleton_draft(tpl)["title"], values))
    try:
        out = write_docx(cat, tpl["id"], output, values, layout)
    except OSError as err:
        raise KbError(output, 1, f"cannot write the file ({err.strerror})",
                      "choose another name or folder, or close the file in Word") from None
    unfilled = [n for n in tpl["slots"] if not values.get(n)]
    print(f"wrote {out} ({len(values)} slot(s) filled"
          + (f"; unfilled and highlighted: {'、'.join(unfilled)})" if unfilled else ")"))
    return 0


def _output(args, rules: Rules, title: str) -> Path:
    """The -o file, else the title as a file name (the page's rule) in the current folder."""
    return output_path(args.output or Path(rules.file_name(title)))


def _fill_draft(args, cat: Catalog, tpl: Template, values: dict, rules: Rules) -> int:
    """kb fill TEMPLATE --draft FILE.json: the browser's draft rebuilt as Word."""
    try:
        draft, notes = rebuild_draft(Path(args.draft), tpl, rules, cat.slots, values)
        layout = cat.settings.need("layout")
    except ValueError as err:
        print("\n".join(f"kb fill: {line}" for line in str(err).splitlines()), file=sys.stderr)
        return 2 if isinstance(err, DraftError) else 1
    for note in notes:
        print(f"kb fill: {note}", file=sys.stderr)          # file:line: note: …
    from macros.outputs.word import write_draft_docx  # as in cmd_fill

    output = _output(args, rules, fill(draft["title"], draft["values"]))
    try:
        out = write_draft_docx(draft, output, layout)
    except OSError as err:
        raise KbError(output, 1, f"cannot write the file ({err.strerror})",
                      "choose another name or folder, or close the file in Word") from None
    for warning in draft_warnings(Path(args.draft), draft, checker_data(cat)):
        print(warning, file=sys.stderr)
    kept = [s for s in draft["sections"] if not s["dropped"]]
    texts = [draft["title"]] + [p for s in kept for p in [s["heading"], *s["paragraphs"]]]
    unfilled = sorted({m.group(1) for t in texts for m in SLOT.finditer(t)
                       if not value_text(draft["values"].get(m.group(1)))})
    print(f"wrote {out} ({len(kept)} of {len(tpl['sections'])} section(s)"
          + (f"; unfilled and highlighted: {'、'.join(unfilled)})" if unfilled else ")"))
    return 0


STATUS_MARK = {"evidenced": "✓", "gap": "△", "planned": "○"}


def _print_check(result: dict, titles: dict) -> None:
    """Summary first, then what to add, what to fix (with lines), then what is there."""
    genre, summary = result["genre"], result["summary"]
    print(f"草稿：{result['file']}")
    print(summary["line"])
    if genre:
        print(f"报告类型：{titles.get(genre, genre)}（{genre}）")
    else:
        print(f"报告类型：未能确定（{result['genre_reason']}），按各类报告共同的责任检查；"
              "可用 --genre 指定")
    scope = "本类报告" if genre else "各类报告"
    print(f"\n{scope}应体现但未见（{len(result['missing'])}项）：")
    for m in result["missing"]:
        print(f"  ✗ {m['title']}（{m['id']}）—— 写法示例：/{m['url']}")
    print(f"\n需要修改（{len(result['findings'])}处）：")
    for f in result["findings"]:
        print(f"  第{f['line']}行 {f['label']}：{f['text']}")
    planned = summary.get("planned", 0)
    print(f"\n已体现（{summary['evidenced']}项；△ 表示仅作为问题提及，{summary['gap']}项"
          + (f"；○ 表示仅作为要求或计划提及，{planned}项" if planned else "") + "）：")
    for c in result["covered"]:
        quote = f"—— {c['quote']}" if c["quote"] else "（所在句子已在上面列出）"
        print(f"  {STATUS_MARK[c['status']]} {c['title']} {quote}")


def cmd_check(args) -> int:
    try:
        data, problems = cached_checker_data(args.root)
        if data is None:
            print(problems.report(), file=sys.stderr)
            return 1
        result = check_path(data, Path(args.file), args.genre)
    except ValueError as err:
        print(f"kb check: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        _print_check(result, {t["id"]: t["title"] for t in data["templates"]})
    return 0


def cmd_eval(args) -> int:
    cat = _load_or_report(args.root)
    if cat is None:
        return 1
    try:
        result = evaluate(cat, Path(args.dir) if args.dir else args.root / "tests" / "eval",
                          held_back_detail=args.held_back_detail)
    except (EvalError, ValueError) as err:
        print(f"kb eval: {err}" if "\n" not in str(err) else str(err), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(format_report(result, args.weakest))
    return 0


def cmd_facts(args) -> int:
    """Propose 〖…〗 around the unmarked figures of example files (review the diff). Reads
    the settings only: the examples may well have problems (the unmarked facts)."""
    settings = read_settings(args.root)
    if settings.lint is None:
        print(settings.problems.report(), file=sys.stderr)
        return 1
    total = 0
    for name in args.mark:
        path = Path(name)
        if not path.is_file():
            raise KbError(name, 1, "no such file", "give a data/examples/*.yml file or a "
                          "docs/templates/*.md page")
        after, added = mark_file(path, args.write, settings.bodies)
        total += added
        if not args.write:
            sys.stdout.write(after)
        print(f"{name}: {added} facts proposed" + ("" if args.write else " (not written; "
              "add --write)"), file=sys.stderr)
    return 0


def cmd_review(args) -> int:
    """kb review: a folder of reports checked at once (see macros/review/)."""
    cat = _load_or_report(args.root)
    if cat is None:
        return 1
    from macros.review.run import run_review  # python-docx: loaded by the commands that write

    tty = sys.stderr.isatty()

    def progress(n, total, name):
        if total < 5 or args.quiet:
            return
        if tty:
            print(f"\r[{n}/{total}] {name[:40]:<40}", end="" if n < total else "\n",
                  file=sys.stderr, flush=True)
        elif n % 10 == 0 or n == total:
            print(f"kb review: {n}/{total} read", file=sys.stderr, flush=True)

    try:
        return run_review(cat, args, progress)
    except ValueError as err:                     # unusable data/checker.yml or layout
        print(f"kb review: {err}", file=sys.stderr)
        return 1


def cmd_new(args) -> int:
    cat = load(args.root)
    try:
        path, todo = new_with_todo(cat, args.kind, args.name, args.title, args.category)
    except ScaffoldError as err:
        print(f"kb new: {err}", file=sys.stderr)
        return 2
    print(f"wrote {path.relative_to(args.root)} — a draft (`status: draft`), never published: "
          "fill it in, then remove its `status: draft` (`kb validate` lists what is left)")
    if todo:
        print("still to fill (`kb validate` lists these until done):")
        print("\n".join(todo))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description="Knowledge base for writing "
                                     "意识形态工作责任制 reports: validate, export, check, fill.")
    parser.add_argument("--root", type=Path, default=None,
                        help="project folder (default: found from the current folder)")
    parser.add_argument("--debug", action="store_true",
                        help="show the Python traceback of an internal error")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check every record and reference; exit 1 on problems")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("stats", help="counts per record kind and the example coverage "
                       "table (section × unit type)")
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
    p.add_argument("--draft", metavar="FILE.json", help="a draft exported by the template "
                   "page (导出草稿); --set/--values override its values")
    p.add_argument("-o", "--output", type=Path, help="the .docx to write (default: the "
                   "report title as the file name, in the current folder)")
    p.set_defaults(func=cmd_fill)
    p = sub.add_parser("check", help="which obligations a draft evidences, misses; what to tidy")
    p.add_argument("file", help="a .txt, .md or .docx draft")
    p.add_argument("--genre", help="template id of the report type (default: inferred)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("eval", help="precision and recall of kb check on the own drafts "
                       "and on the real excerpts")
    p.add_argument("--dir", help="evaluation folder with labels.yml and drafts/ "
                   "(and real-labels.yml and real/; default: tests/eval)")
    p.add_argument("--weakest", type=int, default=12, help="rows of the per-obligation table "
                   "(weakest first; -1 for all)")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument("--held-back-detail", action="store_true",
                   help="also list the held-back half and the fresh test set per text and "
                   "per obligation (for a later audit only: never while tuning the checker)")
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("facts", help="propose 〖…〗 markers around the unmarked figures, "
                       "dates and named bodies of example files")
    p.add_argument("--mark", nargs="+", required=True, metavar="FILE",
                   help="data/examples/*.yml files")
    p.add_argument("--write", action="store_true", help="rewrite the files in place")
    p.set_defaults(func=cmd_facts)
    p = sub.add_parser("review", help="review a folder of units' reports: duties, findings, "
                       "copying, a suggested score; CSV, HTML and Word with comments")
    p.add_argument("reports", type=Path, help="folder of .docx, .txt or .md reports")
    p.add_argument("--previous", type=Path, metavar="PREV_DIR", help="folder of last year's "
                   "reports (a report's previous one has the same file name)")
    p.add_argument("--rules", type=Path, metavar="RULES.yml", help="assessment rules, e.g. "
                   "data/assessment/county-annual-sample.yml: a suggested score per item")
    p.add_argument("--out", type=Path, required=True, metavar="OUT_DIR",
                   help="folder for summary.csv, index.html and annotated/")
    p.add_argument("--no-word", action="store_true", help="skip the annotated Word files")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_review)
    p = sub.add_parser("new", help="write a stub that validates, of any record kind: "
                       + ", ".join(NEW_KINDS))
    p.add_argument("kind", choices=NEW_KINDS)
    p.add_argument("name", help="the new id (pinyin slug); for a phrase, its text; for a "
                   "slot, its name")
    p.add_argument("--title", help="title of a new record (a glossary term's term)")
    p.add_argument("--category", help="phrase category, e.g. 导语")
    p.set_defaults(func=cmd_new)
    return parser


def main(argv: list[str] | None = None) -> int:
    """The error boundary of every command: a one-line message and an exit code, never a
    traceback (``--debug`` shows one for an internal error)."""
    args = build_parser().parse_args(argv)
    args.root = args.root.resolve() if args.root else find_root(Path.cwd().resolve())
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except ContentError as err:
        print(err.problems.report(), file=sys.stderr)
        return 1
    except KbError as err:
        print(f"kb {args.command}: {err}", file=sys.stderr)
        return 2
    except Exception as err:                  # a bug of kb itself, not of the input
        if args.debug:
            traceback.print_exc()
        print(f"kb {args.command}: {internal_error(f'kb {args.command}', err)}"
              + ("" if args.debug else " (run with --debug for the details)"), file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
