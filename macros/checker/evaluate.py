"""Precision and recall of the draft checker on the labelled evaluation sets.

Two sets live in ``tests/eval/``: the project's own drafts (``labels.yml`` + ``drafts/``)
and excerpts of real public reports (``real-labels.yml`` + ``real/``). Each is scored on
its own, overall and per obligation; a detection of either status counts as found.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from macros.checker.engine import check_lines, checker_data, read_draft
from macros.model.catalog import Catalog
from macros.model.problems import Problems
from macros.model.yamlsrc import load_yaml_file

# (set name, labels file, folder of texts, description)
SETS = [("drafts", "labels.yml", "drafts", "own drafts"),
        ("real", "real-labels.yml", "real", "real excerpts")]
LISTS = ("evidenced", "gap", "planned")
SOURCE_LINE = "# source:"


class EvalError(ValueError):
    """A broken evaluation set, reported as ``file:line: what — how to fix`` lines."""


def _rel(path: Path) -> str:
    """The path as the writer typed it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def load_labels(folder: Path, name: str = "labels.yml", texts: str = "drafts",
                obligations: set | None = None) -> dict:
    """The labels of one set, checked: every text exists and every id is known."""
    path = folder / name
    shown = _rel(path)
    problems = Problems()
    if not path.is_file():
        raise EvalError(f"{shown}:1: labels file missing — create it (see tests/eval/README.md) "
                        "or pass --dir with the evaluation folder")
    labels = load_yaml_file(path, shown, problems)
    if problems:
        raise EvalError(problems.report())
    if not isinstance(labels, dict):
        raise EvalError(f"{shown}:1: not a mapping of file name to labels — write "
                        "'<file>: {genre: …, evidenced: […], gap: […]}'")
    for file, label in labels.items():
        line = labels.line_of(file)
        if not isinstance(label, dict):
            problems.add(shown, line, f"labels of '{file}' are not a mapping",
                         "give genre, evidenced and gap keys")
            continue
        if not (folder / texts / str(file)).is_file():
            problems.add(shown, line, f"'{file}' is labelled but {texts}/{file} is missing",
                         f"add the file to tests/eval/{texts}/ or remove its entry")
        for key in LISTS:
            ids = label.get(key) or []
            if not isinstance(ids, list):
                problems.add(shown, label.line_of(key), f"{key} of '{file}' is not a list",
                             "write it as [id, id]")
                continue
            for ob in ids:
                if obligations is not None and ob not in obligations:
                    problems.add(shown, label.line_of(key),
                                 f"unknown obligation '{ob}' in {key} of '{file}'",
                                 "use an id from docs/obligations/")
    if problems:
        raise EvalError(problems.report())
    return labels


def _text_lines(path: Path) -> list[str]:
    lines = read_draft(path)
    while lines and lines[0].startswith(SOURCE_LINE):
        lines = lines[1:]
    return lines


def _ratio(num: int, den: int) -> float:
    return round(num / den, 3) if den else 1.0


def score_set(data: dict, folder: Path, labels: dict, texts: str) -> dict:
    """Per-obligation and overall precision/recall of one labelled set."""
    counts = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    status_agree = status_total = genre_ok = truth_total = 0
    per_text = []
    for name, label in labels.items():
        result = check_lines(data, _text_lines(folder / texts / name), None, name)
        genre_ok += result["genre"] == label.get("genre")
        truth = {o: "present" for o in label.get("planned") or []}
        truth.update({o: "evidenced" for o in label.get("evidenced") or []})
        truth.update({o: "gap" for o in label.get("gap") or []})
        truth_total += len(truth)
        got = {c["id"]: c["status"] for c in result["covered"]}
        for ob in set(truth) | set(got):
            key = "tp" if ob in truth and ob in got else "fn" if ob in truth else "fp"
            counts[ob][key] += 1
            if key == "tp" and truth[ob] != "present":
                status_total += 1
                status_agree += truth[ob] == got[ob]
        kinds = {f["kind"] for f in result["findings"]}
        per_text.append({"draft": name, "genre": result["genre"], "expected": label.get("genre"),
                         "missed": sorted(set(truth) - set(got)),
                         "extra": sorted(set(got) - set(truth)),
                         "hygiene_missed": sorted(set(label.get("hygiene") or []) - kinds)})
    rows = []
    for ob, c in counts.items():
        rows.append({"id": ob, **c, "precision": _ratio(c["tp"], c["tp"] + c["fp"]),
                     "recall": _ratio(c["tp"], c["tp"] + c["fn"])})
    rows.sort(key=lambda x: (min(x["precision"], x["recall"]), x["id"]))
    tp = sum(c["tp"] for c in counts.values())
    fp = sum(c["fp"] for c in counts.values())
    fn = sum(c["fn"] for c in counts.values())
    absent = len(data["obligations"]) * len(labels) - truth_total
    return {
        "drafts": len(labels), "obligations": len(rows),
        "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
        "tp": tp, "fp": fp, "fn": fn,
        "false_positive_rate": _ratio(fp, absent) if absent else 0.0,
        "status_agreement": _ratio(status_agree, status_total),
        "genre_accuracy": _ratio(genre_ok, len(labels)),
        "per_obligation": rows, "per_draft": per_text,
    }


def evaluate(cat: Catalog, folder: Path) -> dict:
    """Scores of every set present in ``folder``; the own drafts' scores stay at the top."""
    data = checker_data(cat)
    ids = {ob["id"] for ob in data["obligations"]}
    sets = {}
    for key, labels_name, texts, _ in SETS:
        if key != "drafts" and not (folder / labels_name).is_file():
            continue
        labels = load_labels(folder, labels_name, texts, ids)
        sets[key] = score_set(data, folder, labels, texts)
    return {**sets["drafts"], "sets": sets}


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def format_report(result: dict, weakest: int = 12) -> str:
    """Overall scores of each set, then the weakest obligations side by side."""
    sets = result.get("sets", {"drafts": result})
    names = {key: label for key, _, _, label in SETS}
    lines = []
    for key, res in sets.items():
        lines.append(f"{names.get(key, key)} ({res['drafts']} texts): precision "
                     f"{_fmt(res['precision'])}, recall {_fmt(res['recall'])} "
                     f"(tp {res['tp']}, fp {res['fp']}, fn {res['fn']}); false positives "
                     f"{res['false_positive_rate']:.1%} of absent duties; gap/evidenced "
                     f"agreement {_fmt(res['status_agreement'])}; genre inferred right "
                     f"{_fmt(res['genre_accuracy'])}")
    rows: dict[str, dict] = defaultdict(dict)
    for key, res in sets.items():
        for row in res["per_obligation"]:
            rows[row["id"]][key] = row
    order = sorted(rows, key=lambda ob: (min(min(r["precision"], r["recall"])
                                             for r in rows[ob].values()), ob))
    head = f"{'obligation':<22}"
    for key in sets:
        head += f" | {names.get(key, key)[:13]:<13} {'tp':>3} {'fp':>3} {'fn':>3} {'P':>5} {'R':>5}"
    lines.append(head)
    for ob in order[:weakest] if weakest >= 0 else order:
        line = f"{ob:<22}"
        for key in sets:
            r = rows[ob].get(key)
            line += (f" | {'':<13} {r['tp']:>3} {r['fp']:>3} {r['fn']:>3} "
                     f"{r['precision']:>5.2f} {r['recall']:>5.2f}" if r else f" | {'':<13} {'—':>3}"
                     + " " * 24)
        lines.append(line.rstrip())
    for key, res in sets.items():
        for d in res["per_draft"]:
            if d["genre"] != d["expected"] or (key == "drafts" and d["hygiene_missed"]):
                lines.append(f"  {d['draft']}: genre {d['genre']} (expected {d['expected']})"
                             + (f", hygiene missed {d['hygiene_missed']}"
                                if key == "drafts" and d["hygiene_missed"] else ""))
    return "\n".join(lines)
