"""``kb review``: review the folder, score against the rules, write the table, the page and
the Word files with comments. A report that cannot be read or annotated gets its error in
its row; the batch goes on."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from macros.checks.assessment import load_rules
from macros.model.problems import ContentError, KbError, Problems
from macros.review.annotate import comment_notes, write_annotated
from macros.review.batch import review_folder
from macros.review.scoring import score_report
from macros.review.tables import write_csv, write_html

_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f]")


def rules_of(cat, path: Path, data: dict):
    """The checked rule set of ``--rules``; its problems stop the command."""
    problems = Problems()
    rules = load_rules(path, str(path), problems, set(cat.obligations),
                       set(data.get("labels", {})))
    if rules is None:
        raise ContentError(problems)
    return rules


def annotated_name(file: str) -> str:
    """The Word file name of a report: its stem, made safe, with .docx."""
    stem = _UNSAFE.sub("_", Path(file).stem).strip(" .") or "report"
    return stem[:120] + ".docx"


def run_review(cat, args, progress=None) -> int:
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise KbError(out, 1, f"cannot create the output folder ({err.strerror})",
                      "choose another --out folder") from None
    rows = review_folder(cat, args.reports, args.previous, progress)
    if args.rules:
        from macros.checker.engine import checker_data

        data = checker_data(cat)
        rules = rules_of(cat, args.rules, data)
        for row in rows:
            if not row["error"]:
                row["score"] = score_report(rules, row, data)
    if not getattr(args, "no_word", False):
        layout, notes = cat.settings.need("layout"), comment_notes(cat)
        used: set[str] = set()
        for row in rows:
            if row["error"]:
                continue
            name = annotated_name(row["file"])
            while name in used:
                name = "_" + name
            used.add(name)
            try:
                write_annotated(notes, row, layout, out / "annotated" / name)
                row["annotated"] = f"annotated/{name}"
            except Exception as err:      # a damaged part python-docx cannot keep
                row["annotated"] = ""
                print(f"kb review: {row['file']}: no annotated Word file ({type(err).__name__}"
                      f": {err}) — open and save it again in Word or WPS", file=sys.stderr)
    write_csv(rows, out / "summary.csv")
    write_html(rows, out / "index.html")
    bad = sum(1 for r in rows if r["error"])
    print(f"reviewed {len(rows) - bad} report(s)" + (f", {bad} unreadable" if bad else "")
          + f"; wrote {out / 'summary.csv'}, {out / 'index.html'}"
          + ("" if getattr(args, "no_word", False) else f" and {out / 'annotated'}/"))
    return 0
