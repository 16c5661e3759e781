"""The learned genre scorer: which template a draft's title, opening and headings read like.

The weights are data (data/checker-genre.json, written by ``python -m
macros.checker.train_genre`` from the catalogue's templates and examples and the labelled
tuning material, never the held-back half). Both engines score the same way
(docs/assets/checker.js ``genreScore``): for each channel (title, opening, headings) the
character bigrams of its text (runs of Han characters, at most ``max_chars`` code points)
that the model knows; each class scores ``weight × mean of its integer log-probabilities``
over them, summed over channels; the best class wins if it beats the runner-up by
``margin``, else the genre is left open. The class ``null`` is "none of the templates".
Only integer sums and one division per channel: the same in Python and JavaScript.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from macros.model.problems import Problems

MODEL = "data/checker-genre.json"
CHANNELS = ("title", "opening", "headings")


def bigrams(han: str, text: str, max_chars: int) -> list[str]:
    """The distinct Han bigrams of ``text[:max_chars]`` (code points), sorted."""
    is_han = re.compile(han)
    out, prev = set(), ""
    for ch in text[:max_chars]:
        if is_han.fullmatch(ch):
            if prev:
                out.add(prev + ch)
            prev = ch
        else:
            prev = ""
    return sorted(out)


def scores(model: dict, han: str, texts: dict[str, str]) -> list[float]:
    """Score of each class (model["classes"] order) for the channel texts."""
    n = len(model["classes"])
    total = [0.0] * n
    for name in CHANNELS:
        ch = model["channels"][name]
        feats = [f for f in bigrams(han, texts.get(name, ""), ch["max_chars"])
                 if f in ch["features"]]
        if not feats:
            continue
        sums = [0] * n
        for f in feats:
            row = list(ch["default"])
            pairs = ch["features"][f]
            for i in range(0, len(pairs), 2):
                row[pairs[i]] = pairs[i + 1]
            for c in range(n):
                sums[c] += row[c]
        for c in range(n):
            total[c] += ch["weight"] * sums[c] / len(feats)
    return total


def decide(model: dict, total: list[float]) -> tuple[int, int, bool]:
    """(best class index, runner-up index, clear): the first highest score wins a tie."""
    best = 0
    for c in range(1, len(total)):
        if total[c] > total[best]:
            best = c
    second = 1 if best == 0 else 0
    for c in range(len(total)):
        if c != best and total[c] > total[second]:
            second = c
    return best, second, total[best] - total[second] >= model["margin"]


def load_model(root: Path, problems: Problems) -> dict | None:
    """The committed model, checked; None with a ``file:line`` problem when unusable."""
    file = Path(root) / MODEL
    if not file.is_file():
        problems.add(MODEL, 1, "genre model is missing",
                     "run `python -m macros.checker.train_genre` (or restore the file)")
        return None
    try:
        model = json.loads(file.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        line = getattr(err, "lineno", 1)
        problems.add(MODEL, line, f"not valid JSON ({err})",
                     "rewrite it with `python -m macros.checker.train_genre`")
        return None
    why = _invalid(model)
    if why:
        problems.add(MODEL, 1, f"genre model is malformed: {why}",
                     "rewrite it with `python -m macros.checker.train_genre`")
        return None
    return model


def _invalid(model) -> str:
    if not isinstance(model, dict) or not isinstance(model.get("classes"), list):
        return "no list of classes"
    n = len(model["classes"])
    if not n or not all(c is None or isinstance(c, str) for c in model["classes"]):
        return "classes must be template ids or null"
    if not isinstance(model.get("margin"), (int, float)):
        return "margin is not a number"
    chans = model.get("channels")
    if not isinstance(chans, dict) or set(chans) != set(CHANNELS):
        return f"channels must be {', '.join(CHANNELS)}"
    for name, ch in chans.items():
        if not isinstance(ch, dict) or not isinstance(ch.get("weight"), int) \
                or not isinstance(ch.get("max_chars"), int):
            return f"channel {name} needs integer weight and max_chars"
        default = ch.get("default")
        if not isinstance(default, list) or len(default) != n or \
                not all(isinstance(v, int) for v in default):
            return f"channel {name}: default needs one integer per class"
        feats = ch.get("features")
        if not isinstance(feats, dict):
            return f"channel {name}: features is not a mapping"
        for f, pairs in feats.items():
            if not isinstance(pairs, list) or len(pairs) % 2 or not all(
                    isinstance(v, int) for v in pairs) or not all(
                    0 <= pairs[i] < n for i in range(0, len(pairs), 2)):
                return f"channel {name}: feature '{f}' needs [class, value, …] integer pairs"
    return ""
