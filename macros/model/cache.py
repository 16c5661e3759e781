"""A small on-disk cache for build products that depend only on the sources.

The key is a hash of every input (content files, the reference samples, and the code of
this package), so a change anywhere invalidates it. Used to skip re-checking a catalogue
that already passed, and to reuse Word files whose template did not change.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]      # the macros package


def cache_dir(root: Path) -> Path:
    folder = Path(root) / ".cache" / "kb"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def fingerprint(root: Path, extra: list[Path] = ()) -> str:
    """Hash of the sources, the reference samples and this package's code."""
    digest = hashlib.sha1()
    root = Path(root)
    files = [*sorted((root / "data").rglob("*.yml")), *sorted((root / "docs").rglob("*.md")),
             *sorted(PACKAGE.rglob("*.py")), *extra]
    for file in files:
        if file.is_file():
            digest.update(str(file.relative_to(root) if file.is_relative_to(root)
                              else file.name).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def is_marked(root: Path, name: str, key: str) -> bool:
    marker = cache_dir(root) / name
    return marker.is_file() and marker.read_text() == key


def mark(root: Path, name: str, key: str) -> None:
    (cache_dir(root) / name).write_text(key)
