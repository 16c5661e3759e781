"""Train the genre scorer and write its weights (data/checker-genre.json).

    python -m macros.checker.train_genre [--root .] [--check | --estimate]

A multinomial naive Bayes over the Han bigrams of three channels (title, opening, headings),
one class per template plus ``null`` ("none of the templates"). Training material:

- the catalogue: each template's title, aliases, genre name and title cues (title), its 导语
  skeleton and the 导语 examples of it in data/examples (opening), its section headings and
  heading cues (headings); only bigrams of this wording are features;
- the labelled texts: the own drafts (tests/eval/labels.yml) and the TUNING half of the real
  excerpts (tests/eval/split.yml ``tuning`` and ``tuning_added``). The held-back half and the
  fresh test set (``fresh_test``) are never read: the trainer refuses a text listed there.

The features kept per channel, the channel weights, the smoothing and the margin under which
the genre is left open are chosen on a fixed grid by leave-one-batch-out accuracy: each
collecting batch of real tuning texts is scored by a model trained without any text of it
(features chosen without it too), after the structural rules of data/checker.yml
``genre_openings``. Leave-one-out on all labelled texts is reported beside it; ``--estimate``
prints what choosing by leave-one-batch-out is worth on a batch the choice never saw. Output
is deterministic: integer log-probabilities (×100), sorted features, a fixed grid.
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
# Which bigrams a channel may keep (``_allowed``): only the catalogue's own wording. Also
# letting the grid pick "all" (any bigram of the training texts) read unseen batches worse
# (tests/eval/README.md, "The genre reading": the variants and their figures).
GRID_SOURCE = ("catalogue",)
SCALE = 100                        # log-probabilities are stored as integers × SCALE
SLOT = re.compile("【[^】]*】")
# The batches the real excerpts of split.yml ``tuning`` were collected in (LABELLING.md);
# each ``tuning_added`` entry is a batch of its own. Texts of one batch share sources and
# wording, so leave-one-batch-out scores each batch by a model trained without all of it.
BATCHES = ((1, 24), (25, 44), (45, 53), (54, 61), (62, 93))


class Doc:
    """One training text: its class (template id or None), channel bigrams, and for a real
    excerpt the batch it was collected in (None: catalogue and own drafts, always trained on)."""

    def __init__(self, genre, feats: dict[str, list[str]], paras=None, name: str = "",
                 batch: str | None = None):
        self.genre, self.feats, self.paras, self.name = genre, feats, paras, name
        self.batch = batch


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
    held = set(map(str, split.get("held_back") or [])) | _fresh(split.get("fresh_test"))
    tuning = list(map(str, split.get("tuning") or []))
    batch = {}
    for i, added in enumerate(split.get("tuning_added") or []):
        names = [str(n) for n in added.get("files") or []]
        tuning += names
        batch.update((n, f"added {i + 1} ({added.get('date', '')})") for n in names)
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
                            paras, name, batch.get(name) or _batch(name) if names else None))
    return docs


def _fresh(entry) -> set[str]:
    """The fresh test set's file names (split.yml ``fresh_test``: a list of names, or
    entries with ``files``); empty when the key is absent."""
    if isinstance(entry, dict):
        entry = [entry]
    out: set[str] = set()
    for item in entry or []:
        out |= set(map(str, item.get("files") or [])) if isinstance(item, dict) else {str(item)}
    return out


def _batch(name: str) -> str:
    """The collecting batch of a real excerpt named in split.yml ``tuning`` (LABELLING.md)."""
    m = re.fullmatch(r"r(\d+)\.txt", name)
    number = int(m.group(1)) if m else 0
    for first, last in BATCHES:
        if first <= number <= last:
            return f"r{first:02d}–r{last:02d}"
    return name


def _ranking(docs: list[Doc], ch: str, allowed: set[str] | None = None) -> list[str]:
    """The channel's bigrams seen in at least MIN_DOCS texts (and, with ``allowed``, in the
    catalogue), best first by information gain (how much knowing the bigram is there tells
    about the class); ties by the bigram."""
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
        if m < MIN_DOCS or (allowed is not None and f not in allowed):
            continue
        rest = [per_class[c] - row.get(c, 0) for c in per_class]
        gain[f] = -(m * entropy(row.values(), m) + (n - m) * entropy(rest, n - m)) / n
    return sorted(gain, key=lambda f: (-gain[f], f))


def _allowed(docs: list[Doc], source: str) -> dict[str, set[str] | None]:
    """Per channel, the bigrams a model may use: any (``all``) or those of the catalogue
    (``catalogue``: the templates' own wording, the same whatever texts were collected)."""
    if source == "all":
        return {ch: None for ch in CHANNELS}
    return {ch: {f for d in docs if d.paras is None for f in d.feats[ch]} for ch in CHANNELS}


def _vocab(docs: list[Doc], ks: dict[str, int], source: str) -> dict[str, list[str]]:
    allowed = _allowed(docs, source)
    return {ch: sorted(_ranking(docs, ch, allowed[ch])[:ks[ch]]) for ch in CHANNELS}


def _counts(docs, classes, vocab):
    """counts[ch][class index][feature] and totals[ch][class index] over the vocabulary."""
    index = {c: i for i, c in enumerate(classes)}
    counts = {ch: [dict() for _ in classes] for ch in CHANNELS if ch in vocab}
    totals = {ch: [0] * len(classes) for ch in CHANNELS if ch in vocab}
    known = {ch: set(vocab[ch]) for ch in counts}
    for d in docs:
        c = index[d.genre]
        for ch in counts:
            for f in d.feats[ch]:
                if f in known[ch]:
                    counts[ch][c][f] = counts[ch][c].get(f, 0) + 1
                    totals[ch][c] += 1
    return counts, totals


def _logp(n: float, total: float, alpha: float, size: int) -> float:
    return math.log((n + alpha) / (total + alpha * size))


def folds(docs: list[Doc], scored: list[Doc], scheme: str) -> list[tuple[list[Doc], list[Doc]]]:
    """(texts scored, training texts) per fold: ``loo`` leaves out one text at a time,
    ``lobo`` one collecting batch of real excerpts at a time (the catalogue and the own
    drafts always stay in training)."""
    if scheme == "loo":
        return [([d], [x for x in docs if x is not d]) for d in scored]
    batches = sorted({d.batch for d in scored if d.batch})
    return [([d for d in scored if d.batch == b], [x for x in docs if x.batch != b])
            for b in batches]


def _means(parts, classes, sources):
    """means[name][source][ch][k][alpha]: per class, the mean log-probability of the text's
    known bigrams under a model trained on its fold's training texts — features chosen on
    them too (None when the text has no known bigram in the channel)."""
    out: dict = {}
    for tests, rest in parts:
        for source in sources:
            allowed = _allowed(rest, source)
            for ch in CHANNELS:
                ranking = _ranking(rest, ch, allowed[ch])
                for k in GRID_K:
                    known = set(ranking[:k])
                    counts, totals = _counts(rest, classes, {ch: ranking[:k]})
                    for d in tests:
                        feats = [f for f in d.feats[ch] if f in known]
                        slot = out.setdefault(d.name, {}).setdefault(source, {}).setdefault(
                            ch, {})
                        slot[k] = {alpha: None if not feats else [SCALE * sum(
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


def _grid(means, texts, ruled, classes, settings=None):
    """{setting: (right, of, right without titles, of)} for each setting of the grid (or of
    ``settings``); a setting is (source, bigrams kept per channel, weights, alpha, margin).
    Texts a structural rule decides count as read by the rule, titled only."""
    right_ruled = sum(ruled[d.name] == d.genre for d in texts if d.name in ruled)
    scored = [d for d in texts if d.name not in ruled]
    untitled = [d for d in scored if d.feats["title"]]
    truth = [classes.index(d.genre) for d in scored]
    truth_untitled = [classes.index(d.genre) for d in untitled]
    genres, genres_untitled = [d.genre for d in scored], [d.genre for d in untitled]
    wanted = None if settings is None else set(settings)
    out = {}
    for source in GRID_SOURCE:
        for ks in itertools.product(GRID_K, repeat=len(CHANNELS)):
            for alpha in GRID_ALPHA:
                if wanted is not None and not any(w[:2] == (source, ks) and w[3] == alpha
                                                  for w in wanted):
                    continue
                if any(source not in means[d.name] for d in scored):
                    continue
                rows = [[means[d.name][source][ch][k][alpha]
                         for ch, k in zip(CHANNELS, ks, strict=True)] for d in scored]
                rows_untitled = [[None if ch == "title" else means[d.name][source][ch][k][alpha]
                                  for ch, k in zip(CHANNELS, ks, strict=True)] for d in untitled]
                for weights in itertools.product(GRID_WEIGHTS, repeat=len(CHANNELS)):
                    if not any(weights):
                        continue
                    outcome = _outcomes(rows, truth, weights, len(classes))
                    outcome_untitled = _outcomes(rows_untitled, truth_untitled, weights,
                                                 len(classes))
                    for margin in GRID_MARGIN:
                        key = (source, ks, weights, alpha, margin)
                        if wanted is None or key in wanted:
                            out[key] = (right_ruled + _right(outcome, genres, margin), len(texts),
                                        _right(outcome_untitled, genres_untitled, margin),
                                        len(untitled))
    return out


def _ruled(data, labelled) -> dict:
    """Name → genre of the labelled texts a structural rule decides."""
    out = {}
    for d in labelled:
        decided, genre, _ = genre_rule(data, d.paras)
        if decided:
            out[d.name] = genre
    return out


def _rank(right: int, key) -> tuple:
    return (right, key[4], -sum(key[1]))


def nested(docs, labelled, classes, data) -> tuple[float, float]:
    """What choosing the grid by leave-one-batch-out is worth on a batch it never saw: each
    batch read with the setting that is best on the other batches (accuracy as written,
    without titles). The chosen setting's own leave-one-batch-out figure is higher, since it
    is the best of many settings on these very batches."""
    ruled = _ruled(data, labelled)
    real = [d for d in labelled if d.batch]
    means = _means(folds(docs, real, "lobo"), classes, GRID_SOURCE)
    batches = sorted({d.batch for d in real})
    per = {b: _grid(means, [d for d in real if d.batch == b], ruled, classes) for b in batches}
    total = [0, 0, 0, 0]
    for b in batches:
        key = max(per[b], key=lambda k: _rank(sum(
            per[o][k][0] + per[o][k][2] for o in batches if o != b), k))
        total = [t + v for t, v in zip(total, per[b][key], strict=True)]
    return total[0] / max(1, total[1]), total[2] / max(1, total[3])


def estimate(cat, root: Path) -> tuple[float, float]:
    """``nested`` on the committed inputs."""
    data = checker_data(cat, genre_model=False)
    labelled = labelled_docs(data, root)
    classes = sorted({t["id"] for t in data["templates"]}) + [None]
    docs = [d for d in catalogue_docs(cat, data) + labelled if d.genre in classes]
    return nested(docs, [d for d in labelled if d.genre in classes], classes, data)


def choose(docs, labelled, classes, data):
    """The setting (source, bigrams kept per channel, weights, alpha, margin) best by
    leave-one-batch-out on the real tuning texts, and its figures: ``lobo`` and ``loo``
    (leave-one-out on all labelled texts), each (accuracy as written, accuracy with titles
    taken away — a draft pasted without one). Both counts add up in the choice; ties go to
    the larger margin (leaving the genre open rather than guessing), then the smaller model,
    then the first in the grid."""
    ruled = _ruled(data, labelled)
    real = [d for d in labelled if d.batch]
    if not real:
        raise ValueError(f"{EVAL / 'split.yml'}:1: no real tuning texts — the genre scorer is "
                         "chosen by leave-one-batch-out on them; list some under `tuning`")
    lobo = _grid(_means(folds(docs, real, "lobo"), classes, GRID_SOURCE), real, ruled, classes)
    setting = max(lobo, key=lambda k: _rank(lobo[k][0] + lobo[k][2], k))
    loo = _grid(_means(folds(docs, labelled, "loo"), classes, (setting[0],)), labelled, ruled,
                classes, [setting])[setting]

    def share(fig):
        return (fig[0] / max(1, fig[1]), fig[2] / max(1, fig[3]))
    return setting, {"lobo": share(lobo[setting]), "loo": share(loo),
                     "texts": (len(real), len(labelled))}


def train(cat, root: Path) -> tuple[dict, dict]:
    """The model (as written to data/checker-genre.json) and its figures (``choose``)."""
    data = checker_data(cat, genre_model=False)
    labelled = labelled_docs(data, root)
    docs = catalogue_docs(cat, data) + labelled
    classes = sorted({t["id"] for t in data["templates"]}) + [None]
    docs = [d for d in docs if d.genre in classes]
    labelled = [d for d in labelled if d.genre in classes]
    (source, ks, weights, alpha, margin), figures = choose(docs, labelled, classes, data)
    ks = dict(zip(CHANNELS, ks, strict=True))
    vocab = _vocab(docs, ks, source)
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
    (lobo, lobo_u), (loo, loo_u), (n_real, n_all) = (figures["lobo"], figures["loo"],
                                                     figures["texts"])
    model = {"about": "Written by `python -m macros.checker.train_genre`; do not edit. "
                      f"Leave-one-batch-out accuracy on the real tuning texts {lobo:.3f} "
                      f"({n_real} texts), {lobo_u:.3f} with their titles taken away; "
                      f"leave-one-out on all labelled tuning texts {loo:.3f} ({n_all} texts), "
                      f"{loo_u:.3f} without titles. Smoothing {alpha}; bigrams from {source}, "
                      "kept per channel " + ", ".join(f"{ch} {ks[ch]}" for ch in CHANNELS)
                      + ".",
             "classes": classes, "margin": margin, "channels": channels}
    return model, figures


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
    p.add_argument("--estimate", action="store_true",
                   help="only print what the chosen setting is worth on a batch it never saw "
                        "(each batch read with the setting best on the others)")
    args = p.parse_args(argv)
    from macros.checks.loader import load
    root = Path(args.root)
    try:
        if args.estimate:
            titled, untitled = estimate(load(root), root)
            print(f"nested leave-one-batch-out accuracy {titled:.3f} "
                  f"({untitled:.3f} without titles)")
            return 0
        model, figures = train(load(root), root)
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
    print(f"{MODEL}: written; leave-one-batch-out accuracy {figures['lobo'][0]:.3f} "
          f"({figures['lobo'][1]:.3f} without titles), leave-one-out {figures['loo'][0]:.3f} "
          f"({figures['loo'][1]:.3f}); weights "
          + ", ".join(f"{ch} {model['channels'][ch]['weight']}" for ch in CHANNELS)
          + f"; margin {model['margin']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
