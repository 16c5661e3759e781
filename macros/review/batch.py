"""Review a folder of units' reports at once: the checker's result for each report, its
report year, and the share of its text copied from its previous report, from the other
reports of the folder and from this knowledge base.

The checker is consumed generically: every finding kind it returns becomes a row of the
report's details and a comment in its annotated Word file.
"""

from __future__ import annotations

import re
from pathlib import Path

from macros.checker.drafts import read_draft
from macros.checker.engine import check_lines, checker_data, report_year
from macros.model.catalog import Catalog
from macros.model.problems import KbError
from macros.review.copying import Index, Prepared, compare
from macros.review.sources import kb_texts, set_phrases

MAX_REPORTS = 2000
DATE = re.compile(r"(20\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
DATE_LINES = 6


class Context:
    """What every report of a batch is checked against, computed once."""

    def __init__(self, cat: Catalog):
        self.cat = cat
        self.data = checker_data(cat)
        self.formulas = set_phrases(cat)
        self.examples = Index()
        for name, lines in kb_texts(cat):
            self.examples.add(name, Prepared(lines, self.formulas))
        self.titles = {t["id"]: t["title"] for t in self.data["templates"]}


def report_files(folder: Path) -> list[Path]:
    """The files of a folder to review, sorted by name: every visible regular file (an
    unsupported one gets a row with its error), no Word lock files (~$…)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KbError(folder, 1, "not a folder", "give the folder holding the units' reports")
    files = sorted((p for p in folder.iterdir()
                    if not p.name.startswith((".", "~$")) and p.is_file()),
                   key=lambda p: p.name)
    if len(files) > MAX_REPORTS:
        raise KbError(folder, 1, f"{len(files)} files, over the limit of {MAX_REPORTS}",
                      "review the reports in smaller folders")
    return files


def year_of(data: dict, lines: list[str]) -> tuple[int | None, str]:
    """(year, where it was read): the title's year, else the 成文日期's."""
    year = report_year(data, lines)
    if year:
        return year, "标题"
    tail = [line for line in lines if line.strip()][-DATE_LINES:]
    for line in reversed(tail):
        m = DATE.search(line)
        if m:
            return int(m.group(1)), "成文日期"
    return None, ""


def _previous(prev_dir: Path | None, path: Path, data: dict) -> Path | None:
    """The report of the same name in the previous year's folder (any readable suffix,
    data/rules.yml draft_files, when the exact name is absent)."""
    if prev_dir is None:
        return None
    same = prev_dir / path.name
    if same.is_file():
        return same
    for suffix in (".docx", *data["draft_files"]["text_suffixes"]):
        other = prev_dir / (path.stem + suffix)
        if other.is_file():
            return other
    return None


def _error_row(path: Path, err: Exception) -> dict:
    return {"file": path.name, "path": str(path), "error": str(err), "lines": []}


def review_one(ctx: Context, path: Path, lines: list[str]) -> dict:
    """The checker's result for one report, with its year (copying is added later)."""
    result = check_lines(ctx.data, lines, None, path.name)
    year, year_from = year_of(ctx.data, lines)
    return {"file": path.name, "path": str(path), "error": "", "lines": lines,
            "genre": result["genre"], "genre_title": ctx.titles.get(result["genre"], ""),
            "genre_reason": result["genre_reason"], "year": year, "year_from": year_from,
            "covered": result["covered"], "missing": result["missing"],
            "findings": result["findings"], "summary": result["summary"], "copy": {}}


def review_folder(cat: Catalog, folder: Path, previous: Path | None = None,
                  progress=None) -> list[dict]:
    """One row per file of ``folder``; an unreadable file's row carries its error."""
    ctx = Context(cat)
    files = report_files(folder)
    if previous is not None and not Path(previous).is_dir():
        raise KbError(previous, 1, "the previous reports' folder does not exist",
                      "give the folder of last year's reports with --previous")
    rows, texts = [], {}
    for n, path in enumerate(files, start=1):
        if progress:
            progress(n, len(files), path.name)
        try:
            lines = read_draft(path, ctx.data)
        except (KbError, ValueError, OSError) as err:
            rows.append(_error_row(path, err))
            continue
        row = review_one(ctx, path, lines)
        texts[path.name] = Prepared(lines, ctx.formulas)
        rows.append(row)
    units = Index()
    for name, text in texts.items():
        units.add(name, text)
    for row in rows:
        if row["error"]:
            continue
        text = texts[row["file"]]
        row["copy"]["units"] = compare(text, units, skip=row["file"])
        row["copy"]["examples"] = compare(text, ctx.examples)
        prev = _previous(Path(previous) if previous else None, Path(row["path"]), ctx.data)
        row["copy"]["previous"] = _compare_previous(ctx, text, prev)
    return rows


def _compare_previous(ctx: Context, text: Prepared, prev: Path | None) -> dict | None:
    if prev is None:
        return None
    try:
        lines = read_draft(prev, ctx.data)
    except (KbError, ValueError, OSError) as err:
        return {"share": None, "passages": [], "error": str(err), "source": prev.name}
    index = Index()
    name = f"上年报告 {prev.name}"
    index.add(name, Prepared(lines, ctx.formulas))
    return {**compare(text, index), "source": prev.name}
