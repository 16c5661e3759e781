"""Precision and recall of the draft checker on the labelled evaluation sets.

Sets in ``tests/eval/``: the project's own drafts (``labels.yml`` + ``drafts/``); excerpts of
real public reports (``real-labels.yml`` + ``real/``), also scored as the tuning half and the
held-back half fixed in ``split.yml`` and, when ``split.yml`` lists one, the fresh test set
(``fresh_test``: in neither half, never tuned on); the full seed reports (``seed-labels.yml`` + the
project's ``../shared/reference``, when present). Each is scored on its own, overall and per
obligation; a detection of either status counts as found. ``not-evidence.yml`` lists
sentences that must never count as evidence.
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
# The halves of the real set (split.yml), shown side by side.
HALVES = [("tuning", "tuning half"), ("held_back", "held-back half")]
# A third set of real texts in neither half (split.yml ``fresh_test``), optional.
FRESH = ("fresh_test", "fresh test set")
# Sets given as totals only unless the held-back detail is asked for.
SEALED = ("held_back", FRESH[0])
SPLIT = "split.yml"
NOT_EVIDENCE = "not-evidence.yml"
SEED_LABELS = "seed-labels.yml"
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
    labels = _read(path)[1]
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


def _text_lines(path: Path, data: dict) -> list[str]:
    lines = read_draft(path, data)
    while lines and lines[0].startswith(SOURCE_LINE):
        lines = lines[1:]
    return lines


def _ratio(num: int, den: int) -> float:
    return round(num / den, 3) if den else 1.0


def score_set(data: dict, folder: Path, labels: dict, texts: str) -> dict:
    """Per-obligation and overall precision/recall of one labelled set; also the genre
    accuracy and the share of absent duties reported (false positives)."""
    counts = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    status_agree = status_total = genre_ok = truth_total = 0
    per_text = []
    for name, label in labels.items():
        result = check_lines(data, _text_lines(folder / texts / name, data), None, name)
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


def _read(path: Path):
    """(shown path, YAML data) of an evaluation file; its problems end the evaluation."""
    shown, problems = _rel(path), Problems()
    data = load_yaml_file(path, shown, problems)
    if problems:
        raise EvalError(problems.report())
    return shown, data


def _fresh(split, shown: str, labels: dict, halves: dict, problems: Problems) -> list[str]:
    """The files of split.yml ``fresh_test`` (``{date: …, files: […]}``), checked: each
    labelled, listed once, and in neither half."""
    fresh, line = split["fresh_test"], split.line_of("fresh_test")
    files = fresh.get("files") if isinstance(fresh, dict) else None
    if not isinstance(files, list) or not files or not fresh.get("date"):
        raise EvalError(f"{shown}:{line}: fresh_test needs a date and a list of files — write "
                        "'fresh_test: {date: …, files: [r…txt, …]}' or remove the key")
    names = [str(n) for n in files]
    for name in names:
        if name not in labels:
            problems.add(shown, line, f"'{name}' in fresh_test has no labels",
                         "label it in real-labels.yml or remove it from fresh_test")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        problems.add(shown, line, f"listed twice in fresh_test: {twice}", "list each file once")
    both = sorted(set(names) & (set(halves["tuning"]) | set(halves["held_back"])))
    if both:
        problems.add(shown, line, f"in fresh_test and in a half: {both}",
                     "a fresh-test text is in neither half — remove it from the half")
    return names


def load_split(folder: Path, labels: dict) -> dict[str, list[str]]:
    """The fixed tuning and held-back halves of the real set (split.yml), checked; also the
    fresh test set when split.yml lists one."""
    path = folder / SPLIT
    shown, split = _read(path)
    problems = Problems()
    if not isinstance(split, dict):
        raise EvalError(f"{shown}:1: not a mapping — give tuning: […] and held_back: […]")
    halves = {}
    for key, _ in HALVES:
        names = split.get(key)
        if not isinstance(names, list) or not names:
            raise EvalError(f"{shown}:1: '{key}' is missing or empty — list the text files "
                            "of that half")
        for name in names:
            if name not in labels:
                problems.add(shown, split.line_of(key), f"'{name}' in {key} has no labels",
                             "label it in real-labels.yml or remove it from the split")
        halves[key] = [str(n) for n in names]
    # Dated addenda: texts labelled later and added to the tuning half only.
    for added in split.get("tuning_added") or []:
        files = added.get("files") if isinstance(added, dict) else None
        if not isinstance(files, list) or not added.get("date"):
            raise EvalError(f"{shown}:{split.line_of('tuning_added')}: an addendum needs a "
                            "date and a list of files — write '- {date: …, files: […]}'")
        for name in files:
            if name not in labels:
                problems.add(shown, split.line_of("tuning_added"),
                             f"'{name}' in tuning_added has no labels",
                             "label it in real-labels.yml or remove it from the addendum")
        halves["tuning"] += [str(n) for n in files]
    both = set(halves["tuning"]) & set(halves["held_back"])
    if both:
        problems.add(shown, split.line_of("held_back"), f"in both halves: {sorted(both)}",
                     "put each text in one half only")
    if "fresh_test" in split:
        halves[FRESH[0]] = _fresh(split, shown, labels, halves, problems)
    rest = set(map(str, labels)).difference(*halves.values())
    if rest:
        problems.add(shown, 1, f"labelled texts in no half: {sorted(rest)}",
                     "add each to tuning or held_back (or to fresh_test)")
    if problems:
        raise EvalError(problems.report())
    return halves


def not_evidence(data: dict, folder: Path) -> dict | None:
    """The sentences of not-evidence.yml that the checker still counts as evidence."""
    path = folder / NOT_EVIDENCE
    if not path.is_file():
        return None
    shown, items = _read(path)
    if not isinstance(items, list):
        raise EvalError(f"{shown}:1: not a list — write '- {{kind: …, text: …}}' items")
    counted = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise EvalError(f"{shown}:{items.line_of(index)}: item without text — write "
                            "'- {kind: …, text: …}'")
        result = check_lines(data, ["某单位意识形态工作情况", "一、主要做法", item["text"]])
        allowed = set(item.get("allow") or [])
        ids = [c["id"] for c in result["covered"]
               if c["status"] == "evidenced" and c["id"] not in allowed]
        if ids:
            counted.append({"text": item["text"], "kind": item.get("kind"), "evidenced": ids})
    return {"sentences": len(items), "counted": len(counted), "counted_list": counted}


def seed_folder(folder: Path) -> Path:
    """Where the full seed reports live: ../shared/reference beside the project root."""
    return folder.resolve().parent.parent.parent / "shared" / "reference"


def _totals_only(res: dict) -> dict:
    """A set's overall figures without its per-text and per-obligation rows."""
    return {k: v for k, v in res.items() if k not in ("per_draft", "per_obligation")}


def evaluate(cat: Catalog, folder: Path, seed: Path | None = None,
             held_back_detail: bool = False) -> dict:
    """Scores of every set present in ``folder``; the own drafts' scores stay at the top.

    The held-back half, the fresh test set and the whole real set (which contains both) are
    given as totals only, so that nobody tuning the checker reads which of those texts it gets
    wrong; pass ``held_back_detail`` for a later audit."""
    data = checker_data(cat)
    ids = {ob["id"] for ob in data["obligations"]}
    sets = {}
    for key, labels_name, texts, _ in SETS:
        if key != "drafts" and not (folder / labels_name).is_file():
            continue
        labels = load_labels(folder, labels_name, texts, ids)
        sets[key] = score_set(data, folder, labels, texts)
        if key == "real" and (folder / SPLIT).is_file():
            halves = load_split(folder, labels)
            for half, names in halves.items():
                sets[half] = score_set(data, folder, {n: labels[n] for n in names}, texts)
            if not held_back_detail:
                for key in SEALED:
                    if key in sets:
                        sets[key] = _totals_only(sets[key])
                tuning = set(halves["tuning"])
                sets["real"] = {**_totals_only(sets["real"]), "per_draft": [
                    d for d in sets["real"]["per_draft"] if d["draft"] in tuning]}
    seed = seed or seed_folder(folder)
    if (folder / SEED_LABELS).is_file() and seed.is_dir():
        labels = load_labels(folder, SEED_LABELS, str(seed), ids)
        sets["seed"] = score_set(data, folder, labels, str(seed))
    out = {**sets["drafts"], "sets": sets}
    sentences = not_evidence(data, folder)
    if sentences is not None:
        out["not_evidence"] = sentences
    return out


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def format_report(result: dict, weakest: int = 12) -> str:
    """Overall scores of each set, then the weakest obligations side by side."""
    sets = result.get("sets", {"drafts": result})
    names = {key: label for key, _, _, label in SETS}
    names.update(dict([*HALVES, FRESH]))
    names["seed"] = "seed reports"
    lines = []
    for key, res in sets.items():
        lines.append(f"{names.get(key, key)} ({res['drafts']} texts): precision "
                     f"{_fmt(res['precision'])}, recall {_fmt(res['recall'])} "
                     f"(tp {res['tp']}, fp {res['fp']}, fn {res['fn']}); false positives "
                     f"{res['false_positive_rate']:.1%} of absent duties; gap/evidenced "
                     f"agreement {_fmt(res['status_agreement'])}; genre inferred right "
                     f"{_fmt(res['genre_accuracy'])}")
    shown = [k for k in ("drafts", "tuning", "held_back") if k in sets] \
        if "held_back" in sets else list(sets)
    rows: dict[str, dict] = defaultdict(dict)
    shown = [k for k in shown if "per_obligation" in sets[k]]
    for key, res in ((k, sets[k]) for k in shown):
        for row in res["per_obligation"]:
            rows[row["id"]][key] = row
    order = sorted(rows, key=lambda ob: (min(min(r["precision"], r["recall"])
                                             for r in rows[ob].values()), ob))
    head = f"{'obligation':<22}"
    for key in shown:
        head += f" | {names.get(key, key)[:13]:<13} {'tp':>3} {'fp':>3} {'fn':>3} {'P':>5} {'R':>5}"
    lines.append(head)
    for ob in order[:weakest] if weakest >= 0 else order:
        line = f"{ob:<22}"
        for key in shown:
            r = rows[ob].get(key)
            line += (f" | {'':<13} {r['tp']:>3} {r['fp']:>3} {r['fn']:>3} "
                     f"{r['precision']:>5.2f} {r['recall']:>5.2f}" if r else f" | {'':<13} {'—':>3}"
                     + " " * 24)
        lines.append(line.rstrip())
    for key, res in sets.items():
        if key == "real" and "held_back" in sets:
            continue
        for d in res.get("per_draft", []):
            if d["genre"] != d["expected"] or (key == "drafts" and d["hygiene_missed"]):
                lines.append(f"  {d['draft']}: genre {d['genre']} (expected {d['expected']})"
                             + (f", hygiene missed {d['hygiene_missed']}"
                                if key == "drafts" and d["hygiene_missed"] else ""))
    sentences = result.get("not_evidence")
    if sentences:
        lines.append(f"not-evidence sentences: {sentences['counted']} of {sentences['sentences']} "
                     "counted as evidence")
        for item in sentences["counted_list"]:
            lines.append(f"  {item['kind']}: {item['text']} → {', '.join(item['evidenced'])}")
    return "\n".join(lines)
