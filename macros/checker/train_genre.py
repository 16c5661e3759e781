"""Train the genre scorer and write its weights (data/checker-genre.json).

    python -m macros.checker.train_genre [--root .] [--check]

A multinomial naive Bayes over the Han bigrams of three channels (title, opening, headings),
one class per template plus ``null`` ("none of the templates"). Training material:

- the catalogue: each template's title, aliases, genre name and title cues (title), its 导语
  skeleton and the 导语 examples of it in data/examples (opening), its section headings and
  heading cues (headings);
- the labelled texts: the own drafts (tests/eval/labels.yml) and the TUNING half of the real
  excerpts (tests/eval/split.yml ``tuning`` and ``tuning_added``). The held-back half and the
  fresh test set are never read: the trainer refuses a text listed there.

The channel weights, the smoothing and the margin under which the genre is left open are
chosen by leave-one-out accuracy on the labelled texts (each scored by a model without its
own counts, after the structural rules of data/checker.yml ``genre_openings``). Output is
deterministic: integer log-probabilities (×100), sorted features, a fixed grid.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
from pathlib import Path

from macros.checker.drafts import read_draft
from macros.checker.engine import checker_data, genre_rule, genre_texts
from macros.checker.genre_model import CHANNELS, MODEL, bigrams, decide
from macros.checker.normalise import paragraphs
from macros.model.problems import Problems
from macros.model.yamlsrc import load_yaml_file

EVAL = Path("tests") / "eval"
MAX_CHARS = {"title": 60, "opening": 400, "headings": 600}
MIN_DOCS = 2                       # a bigram seen in fewer training texts is dropped
GRID_K = (50, 100, 200)            # bigrams kept per channel, best by information gain
GRID_WEIGHTS = (0, 1, 2, 3, 4)
GRID_ALPHA = (0.1, 0.3, 1.0)
GRID_MARGIN = (0, 10, 20, 40, 80)
SCALE = 100                        # log-probabilities are stored as integers × SCALE
SLOT = re.compile("【[^】]*】")


class Doc:
    """One training text: its class (template id or None) and channel bigrams."""

    def __init__(self, genre, feats: dict[str, list[str]], paras=None, name: str = ""):
        self.genre, self.feats, self.paras, self.name = genre, feats, paras, name


def _norm(data: dict, text: str) -> str:
    text = SLOT.sub(" ", str(text or "")).replace("〖", "").replace("〗", "")
    return "\n".join(t for _, t in paragraphs(data, text.split("\n")))


def _feats(data: dict, texts: dict[str, str]) -> dict[str, list[str]]:
    return {ch: bigrams(data["han"], texts.get(ch, ""), MAX_CHARS[ch]) for ch in CHANNELS}


def catalogue_docs(cat, data: dict) -> list[Doc]:
    """Each template's title, aliases, opening skeleton, opening examples and headings."""
    docs = []
    openings: dict[str, list[str]] = {}
    for ex in sorted(cat.examples.values(), key=lambda e: e["id"]):
        if ex.get("section") == "daoyu" and ex.get("template"):
            openings.setdefault(ex["template"], []).append(ex["text"])
    for tpl in sorted(cat.templates.values(), key=lambda t: t["id"]):
        secs = tpl["sections"]
        title = " ".join(s.get("skeleton", "") for s in secs if s["id"] == "biaoti")
        opening = " ".join(s.get("skeleton", "") for s in secs if s["id"] == "daoyu")
        heads = "\n".join(s["heading"] for s in secs if s.get("level", 0) >= 1)
        docs.append(Doc(tpl["id"], _feats(data, {
            "title": _norm(data, tpl["title"] + " " + title), "opening": _norm(data, opening),
            "headings": _norm(data, heads)}), name=tpl["id"]))
        cues = tpl.get("cues") or {}
        for alias in [tpl.get("genre")] + list(tpl.get("aliases") or []) + list(
                cues.get("title") or []):
            if alias:
                docs.append(Doc(tpl["id"], _feats(data, {"title": _norm(data, alias)})))
        if cues.get("headings"):
            docs.append(Doc(tpl["id"], _feats(data, {
                "headings": _norm(data, "\n".join(cues["headings"]))})))
        for text in openings.get(tpl["id"], []):
            docs.append(Doc(tpl["id"], _feats(data, {"opening": _norm(data, text)})))
    return docs


def _read(path: Path) -> dict:
    problems = Problems()
    out = load_yaml_file(path, str(path), problems)
    if problems:
        raise SystemExit(problems.report())
    return out


def labelled_docs(data: dict, root: Path) -> list[Doc]:
    """The own drafts and the tuning half of the real excerpts, with their genre labels."""
    folder = root / EVAL
    split = _read(folder / "split.yml")
    held = set(map(str, split.get("held_back") or []))
    fresh = split.get("fresh_test")                      # the fresh test set: never trained on
    held |= set(map(str, (fresh.get("files") or []) if isinstance(fresh, dict) else []))
    tuning = list(map(str, split.get("tuning") or []))
    for added in split.get("tuning_added") or []:
        tuning += [str(n) for n in added.get("files") or []]
    if held & set(tuning):
        raise SystemExit(f"{folder / 'split.yml'}: {sorted(held & set(tuning))} are in both "
                         "sets — a held-back or fresh-test text is never training material")
    docs = []
    for labels, texts, names in (("labels.yml", "drafts", None), ("real-labels.yml", "real",
                                                                  tuning)):
        table = _read(folder / labels)
        for name in names if names is not None else sorted(table):
            assert name not in held
            lines = read_draft(folder / texts / name, data)
            while lines and lines[0].startswith("# source:"):
                lines = lines[1:]
            paras = paragraphs(data, lines)
            docs.append(Doc(table[name].get("genre"), _feats(data, genre_texts(data, paras)),
                            paras, name))
    return docs


def _ranking(docs: list[Doc], ch: str) -> list[str]:
    """The channel's bigrams seen in at least MIN_DOCS texts, best first by information gain
    (how much knowing the bigram is there tells about the class); ties by the bigram."""
    present = [d for d in docs if d.feats[ch]]
    per_class: dict = {}
    df: dict[str, dict] = {}
    for d in present:
        per_class[d.genre] = per_class.get(d.genre, 0) + 1
        for f in d.feats[ch]:
            row = df.setdefault(f, {})
            row[d.genre] = row.get(d.genre, 0) + 1
    n = len(present)

    def entropy(counts, total):
        return -sum(c / total * math.log(c / total) for c in counts if c) if total else 0.0

    gain = {}
    for f, row in df.items():
        m = sum(row.values())
        if m < MIN_DOCS:
            continue
        rest = [per_class[c] - row.get(c, 0) for c in per_class]
        gain[f] = -(m * entropy(row.values(), m) + (n - m) * entropy(rest, n - m)) / n
    return sorted(gain, key=lambda f: (-gain[f], f))


def _vocab(docs: list[Doc], k: dict[str, int]) -> dict[str, list[str]]:
    return {ch: sorted(_ranking(docs, ch)[:k[ch]]) for ch in CHANNELS}


def _counts(docs, classes, vocab):
    """counts[ch][class index][feature] and totals[ch][class index] over the vocabulary."""
    index = {c: i for i, c in enumerate(classes)}
    counts = {ch: [dict() for _ in classes] for ch in CHANNELS if ch in vocab}
    totals = {ch: [0] * len(classes) for ch in CHANNELS if ch in vocab}
    for d in docs:
        c = index[d.genre]
        for ch in counts:
            known = set(vocab[ch])
            for f in d.feats[ch]:
                if f in known:
                    counts[ch][c][f] = counts[ch][c].get(f, 0) + 1
                    totals[ch][c] += 1
    return counts, totals


def _logp(n: float, total: float, alpha: float, size: int) -> float:
    return math.log((n + alpha) / (total + alpha * size))


def _loo_means(doc, docs, classes):
    """means[ch][k][alpha]: per class, the mean log-probability of the doc's known bigrams
    under a model trained without the doc — its features chosen without it too (None when
    the doc has no known bigram in the channel)."""
    rest = [d for d in docs if d is not doc]
    out: dict = {}
    for ch in CHANNELS:
        ranking = _ranking(rest, ch)
        out[ch] = {}
        for k in GRID_K:
            vocab = {ch: ranking[:k]}
            known = set(vocab[ch])
            feats = [f for f in doc.feats[ch] if f in known]
            if not feats:
                out[ch][k] = {alpha: None for alpha in GRID_ALPHA}
                continue
            counts, totals = _counts(rest, classes, vocab)
            out[ch][k] = {alpha: [SCALE * sum(
                _logp(counts[ch][c].get(f, 0), totals[ch][c], alpha, len(known))
                for f in feats) / len(feats) for c in range(len(classes))]
                for alpha in GRID_ALPHA}
    return out


def _outcomes(rows, truth, weights, n):
    """Per text: (best class is the label?, lead over the runner-up), or None if unscored."""
    out = []
    for parts, want in zip(rows, truth, strict=True):
        row = [0.0] * n
        for w, m in zip(weights, parts, strict=True):
            if m is not None and w:
                row = [r + w * v for r, v in zip(row, m, strict=True)]
        if not any(row):
            out.append(None)
            continue
        b, s, _ = decide({"margin": 0}, row)
        out.append((b == want, row[b] - row[s]))
    return out


def _right(outcomes, genres, margin) -> int:
    return sum((g is None) if o is None or o[1] < margin else o[0]
               for o, g in zip(outcomes, genres, strict=True))


def choose(docs, labelled, classes, data):
    """(features per channel, weights, alpha, margin, leave-one-out accuracy with titles,
    without titles) best on the labelled texts. Each text is scored twice, as written and
    with its title taken away (a draft pasted without one), and both count; ties go to the
    larger margin, then the smaller model."""
    ruled = {}
    for d in labelled:
        decided, genre, _ = genre_rule(data, d.paras)
        if decided:
            ruled[d.name] = genre
    right_ruled = sum(ruled[d.name] == d.genre for d in labelled if d.name in ruled)
    scored = [d for d in labelled if d.name not in ruled]
    untitled = [d for d in scored if d.feats["title"]]
    means = {d.name: _loo_means(d, docs, classes) for d in scored}
    truth = [classes.index(d.genre) for d in scored]
    truth_untitled = [classes.index(d.genre) for d in untitled]
    genres, genres_untitled = [d.genre for d in scored], [d.genre for d in untitled]
    best = None
    for ks in itertools.product(GRID_K, repeat=len(CHANNELS)):
        for alpha in GRID_ALPHA:
            rows = [[means[d.name][ch][k][alpha] for ch, k in zip(CHANNELS, ks, strict=True)]
                    for d in scored]
            rows_untitled = [[None if ch == "title" else means[d.name][ch][k][alpha]
                              for ch, k in zip(CHANNELS, ks, strict=True)] for d in untitled]
            for weights in itertools.product(GRID_WEIGHTS, repeat=len(CHANNELS)):
                if not any(weights):
                    continue
                outcome = _outcomes(rows, truth, weights, len(classes))
                outcome_untitled = _outcomes(rows_untitled, truth_untitled, weights,
                                             len(classes))
                for margin in GRID_MARGIN:
                    right = right_ruled + _right(outcome, genres, margin)
                    right_untitled = _right(outcome_untitled, genres_untitled, margin)
                    key = (right + right_untitled, margin, -sum(ks))
                    if best is None or key > best[0]:
                        best = (key, dict(zip(CHANNELS, ks, strict=True)), weights, alpha,
                                margin, right, right_untitled)
    _, ks, weights, alpha, margin, right, right_untitled = best
    return (ks, weights, alpha, margin, right / len(labelled),
            right_untitled / max(1, len(untitled)))


def train(cat, root: Path) -> tuple[dict, float]:
    """The model (as written to data/checker-genre.json) and its leave-one-out accuracy."""
    data = checker_data(cat, genre_model=False)
    labelled = labelled_docs(data, root)
    docs = catalogue_docs(cat, data) + labelled
    classes = sorted({t["id"] for t in data["templates"]}) + [None]
    docs = [d for d in docs if d.genre in classes]
    ks, weights, alpha, margin, accuracy, untitled = choose(docs, labelled, classes, data)
    vocab = _vocab(docs, ks)
    counts, totals = _counts(docs, classes, vocab)
    channels = {}
    for w, ch in zip(weights, CHANNELS, strict=True):
        size = len(vocab[ch])
        default = [round(SCALE * _logp(0, totals[ch][c], alpha, size))
                   for c in range(len(classes))]
        feats = {}
        for f in vocab[ch] if w else ():    # a channel weighted 0 adds nothing: ship no bigram
            pairs = []
            for c in range(len(classes)):
                v = round(SCALE * _logp(counts[ch][c].get(f, 0), totals[ch][c], alpha, size))
                if v != default[c]:
                    pairs += [c, v]
            feats[f] = pairs
        channels[ch] = {"weight": w, "max_chars": MAX_CHARS[ch], "default": default,
                        "features": feats}
    model = {"about": "Written by `python -m macros.checker.train_genre`; do not edit. "
                      f"Smoothing {alpha}; leave-one-out accuracy on the labelled tuning "
                      f"texts {accuracy:.3f} ({len(labelled)} texts), {untitled:.3f} with their "
                      "titles taken away; bigrams kept per channel "
                      + ", ".join(f"{ch} {ks[ch]}" for ch in CHANNELS) + ".",
             "classes": classes, "margin": margin, "channels": channels}
    return model, accuracy


def dumps(model: dict) -> str:
    """The model as JSON text: one feature a line, keys sorted (diffs stay readable)."""
    head = {k: v for k, v in model.items() if k != "channels"}
    lines = ["{"]
    for k, v in head.items():
        lines.append(f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},")
    lines.append(' "channels": {')
    for i, ch in enumerate(CHANNELS):
        c = model["channels"][ch]
        lines.append(f'  "{ch}": {{"weight": {c["weight"]}, "max_chars": {c["max_chars"]}, '
                     f'"default": {json.dumps(c["default"])}, "features": {{')
        feats = sorted(c["features"].items())
        for j, (f, pairs) in enumerate(feats):
            comma = "," if j < len(feats) - 1 else ""
            lines.append(f'   {json.dumps(f, ensure_ascii=False)}: '
                         f'{json.dumps(pairs, separators=(",", ":"))}{comma}')
        lines.append("  }}" + ("," if i < len(CHANNELS) - 1 else ""))
    lines.append(" }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m macros.checker.train_genre",
                                description=__doc__.split("\n", 1)[0])
    p.add_argument("--root", default=".", help="project root (default: .)")
    p.add_argument("--check", action="store_true",
                   help="only check that the committed model is what the trainer writes")
    args = p.parse_args(argv)
    from macros.checks.loader import load
    root = Path(args.root)
    try:
        model, accuracy = train(load(root), root)
    except ValueError as err:           # data/checker.yml or an evaluation file is unusable
        print(str(err), file=sys.stderr)
        return 1
    text = dumps(model)
    target = root / MODEL
    if args.check:
        same = target.is_file() and target.read_text("utf-8") == text
        print(f"{MODEL}: " + ("up to date" if same else "out of date — run "
                               "`python -m macros.checker.train_genre`"))
        return 0 if same else 1
    target.write_text(text, "utf-8")
    print(f"{MODEL}: written; leave-one-out accuracy {accuracy:.3f}; weights "
          + ", ".join(f"{ch} {model['channels'][ch]['weight']}" for ch in CHANNELS)
          + f"; margin {model['margin']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
