"""The reference samples (raw reports the content must not copy from) and their fingerprint.

The copied-text lint compares content with every ``MIN_RUN``-character run of the samples,
normalised to letters, digits and Han characters. The samples are not part of the
repository (they are third-party text): ``data/reference-fingerprint.txt`` keeps a
truncated BLAKE2b hash of each run instead, never the text, so a clone without
``../shared`` beside it checks the same runs. ``make fingerprint`` refreshes the file from
``../shared/reference`` and ``../shared/real-excerpts`` (or ``$KB_REFERENCE_DIR``).
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path

NO_REFERENCE = ("no reference samples (../shared/reference or $KB_REFERENCE_DIR) and no "
                "data/reference-fingerprint.txt: the copied-text lint was skipped — run "
                "`make fingerprint` where the samples are, or set KB_REFERENCE_DIR")
FINGERPRINT = "data/reference-fingerprint.txt"
MIN_RUN = 24
HASH_BYTES = 6                       # 48 bits: ~10⁻⁴ chance of one false match per catalogue
HEADER = ("# Fingerprint of the reference samples for the copied-text lint: one truncated "
          "BLAKE2b hash\n# per normalised 24-character run (never the text). Refresh with "
          "`make fingerprint`.\n")
_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_SHARED_FOLDERS = ("reference", "real-excerpts")


def normalise(text: str) -> str:
    """Only letters, digits and Han characters: what survives re-punctuation."""
    return "".join(_KEEP.findall(text))


def run_hashes(norm: str) -> list[str]:
    """The hash of each ``MIN_RUN``-character run of normalised text, in order."""
    data = norm.encode("utf-32-le")          # four bytes a character: runs are plain slices
    width = 4 * MIN_RUN
    return [hashlib.blake2b(data[i:i + width], digest_size=HASH_BYTES).hexdigest()
            for i in range(0, len(data) - width + 4, 4)]


def sample_files(root: Path) -> list[Path]:
    """The sample texts: every .txt of $KB_REFERENCE_DIR, else of ../shared/reference and
    ../shared/real-excerpts (the real excerpts' README asks the lint to scan them too)."""
    if os.environ.get("KB_REFERENCE_DIR"):
        folders = [Path(os.environ["KB_REFERENCE_DIR"])]
    else:
        shared = Path(root).resolve().parent / "shared"
        folders = [shared / name for name in _SHARED_FOLDERS]
    return [f for folder in folders if folder.is_dir() for f in sorted(folder.glob("*.txt"))]


@lru_cache(maxsize=4)
def _hashes_of_files(files: tuple[str, ...]) -> frozenset:
    out: set[str] = set()
    for file in files:
        out.update(run_hashes(normalise(Path(file).read_text(encoding="utf-8",
                                                             errors="replace"))))
    return frozenset(out)


def fingerprint_text(files: list[Path]) -> str:
    """The fingerprint file's text for these samples: the header, then sorted hashes."""
    return HEADER + "".join(h + "\n" for h in sorted(_hashes_of_files(tuple(map(str, files)))))


@lru_cache(maxsize=4)
def _read_fingerprint(path: str, mtime: float) -> frozenset:
    lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    return frozenset(s for s in (line.strip() for line in lines)
                     if s and not s.startswith("#"))


def reference_hashes(root: Path) -> frozenset | None:
    """The run hashes to lint against: of the samples when they are beside the project,
    else of the committed fingerprint; None when there is neither."""
    files = sample_files(root)
    if files:
        return _hashes_of_files(tuple(map(str, files)))
    file = Path(root) / FINGERPRINT
    if file.is_file():
        return _read_fingerprint(str(file), file.stat().st_mtime)
    return None


def has_reference(root: Path) -> bool:
    """Whether there is anything to lint against (what :func:`reference_hashes` would read),
    without reading it."""
    return bool(sample_files(root)) or (Path(root) / FINGERPRINT).is_file()


def write_fingerprint(root: Path) -> str:
    """Write data/reference-fingerprint.txt from the samples beside ``root`` (`make
    fingerprint`); a message saying what was done, or SystemExit when there are none."""
    files = sample_files(root)
    if not files:
        raise SystemExit("make fingerprint: no reference samples in ../shared/reference, "
                         "../shared/real-excerpts or $KB_REFERENCE_DIR — run it where they are")
    text = fingerprint_text(files)
    (Path(root) / FINGERPRINT).write_text(text, encoding="utf-8")
    return f"wrote {FINGERPRINT}: {text.count(chr(10)) - 2} runs of {len(files)} sample(s)"
