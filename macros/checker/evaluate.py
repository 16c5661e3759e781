"""Precision and recall of the draft checker on a labelled evaluation set."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from macros.checker.engine import check_lines, checker_data, read_draft
from macros.model.catalog import Catalog
from macros.model.problems import Problems
from macros.model.yamlsrc import load_yaml_file


def load_labels(folder: Path) -> dict:
    problems = Problems()
    labels = load_yaml_file(folder / "labels.yml", "labels.yml", problems)
    if problems or not isinstance(labels, dict):
        raise ValueError(problems.report() if problems else f"{folder}/labels.yml: not a mapping")
    return labels


def evaluate(cat: Catalog, folder: Path) -> dict:
    """Per-obligation and overall precision/recall; detections of either status count."""
    data = checker_data(cat)
    labels = load_labels(folder)
    counts = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    status_agree = status_total = genre_ok = 0
    drafts = []
    for name, label in labels.items():
        result = check_lines(data, read_draft(folder / "drafts" / name), None, name)
        genre_ok += result["genre"] == label.get("genre")
        truth = {o: "evidenced" for o in label.get("evidenced", [])}
        truth.update({o: "gap" for o in label.get("gap", [])})
        got = {c["id"]: c["status"] for c in result["covered"]}
        for ob in set(truth) | set(got):
            key = "tp" if ob in truth and ob in got else "fn" if ob in truth else "fp"
            counts[ob][key] += 1
            if key == "tp":
                status_total += 1
                status_agree += truth[ob] == got[ob]
        kinds = {f["kind"] for f in result["findings"]}
        drafts.append({"draft": name, "genre": result["genre"], "expected": label.get("genre"),
                       "hygiene_missed": sorted(set(label.get("hygiene", [])) - kinds)})
    rows = []
    for ob, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        rows.append({"id": ob, **c, "precision": round(p, 3), "recall": round(r, 3)})
    rows.sort(key=lambda x: (min(x["precision"], x["recall"]), x["id"]))
    tp = sum(c["tp"] for c in counts.values())
    fp = sum(c["fp"] for c in counts.values())
    fn = sum(c["fn"] for c in counts.values())
    return {
        "drafts": len(labels), "obligations": len(rows),
        "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
        "status_agreement": round(status_agree / status_total, 3) if status_total else 1.0,
        "genre_accuracy": round(genre_ok / len(labels), 3) if labels else 1.0,
        "per_obligation": rows, "per_draft": drafts,
    }


def format_report(result: dict, weakest: int = 12) -> str:
    lines = [f"{'obligation':<24} {'tp':>3} {'fp':>3} {'fn':>3} {'precision':>9} {'recall':>6}"]
    for row in result["per_obligation"][:weakest]:
        lines.append(f"{row['id']:<24} {row['tp']:>3} {row['fp']:>3} {row['fn']:>3} "
                     f"{row['precision']:>9.3f} {row['recall']:>6.3f}")
    lines.append(f"overall: precision {result['precision']:.3f}, recall {result['recall']:.3f} "
                 f"over {result['drafts']} drafts and {result['obligations']} obligations; "
                 f"gap/evidenced agreement {result['status_agreement']:.3f}; "
                 f"genre inferred right {result['genre_accuracy']:.3f}")
    for d in result["per_draft"]:
        if d["genre"] != d["expected"] or d["hygiene_missed"]:
            lines.append(f"  {d['draft']}: genre {d['genre']} (expected {d['expected']})"
                         + (f", hygiene missed {d['hygiene_missed']}" if d["hygiene_missed"]
                            else ""))
    return "\n".join(lines)
