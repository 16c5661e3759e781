"""A small on-disk cache for build products that depend only on the sources.

A key hashes everything its product was made from: every file under ``data/`` and ``docs/``
(any suffix: the loader reads records, pages and settings, and the link checks look at every
file), the reference samples, every module of this package, and the versions of the
libraries that read or write the files. A change anywhere gives a new key. Used to skip
re-checking a catalogue that already passed, and to reuse Word and calendar files.
"""

from __future__ import annotations

import hashlib
import re
import sys
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]      # the macros package
LIBRARIES = ("PyYAML", "jsonschema", "pymdown-extensions", "python-dateutil", "python-docx",
             "lxml", "icalendar", "Markdown")


def cache_dir(root: Path) -> Path:
    folder = Path(root) / ".cache" / "kb"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else []


@lru_cache(maxsize=4)
def code_key(package: Path = None) -> str:
    """Hash of this package's modules and the installed versions of the libraries it uses."""
    package = package or PACKAGE
    digest = hashlib.sha1()
    for file in sorted(package.rglob("*.py")):
        digest.update(file.relative_to(package).as_posix().encode())
        digest.update(file.read_bytes())
    installed = installed_versions()
    for name in LIBRARIES:
        version = installed.get(_normal(name))
        digest.update(f"{name}=={version}".encode() if version else f"{name} missing".encode())
    return digest.hexdigest()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def installed_versions() -> dict[str, str]:
    """Distribution name → version, from the ``*.dist-info`` folders on ``sys.path``.

    Read from the folder names, first on the path winning as for imports: importing
    importlib.metadata alone costs a command about 25 ms of its start-up."""
    found: dict[str, str] = {}
    for entry in sys.path:
        folder = Path(entry or ".")
        try:
            names = [p.name for p in folder.iterdir() if p.name.endswith(".dist-info")]
        except OSError:
            continue
        for dist in names:
            name, _, version = dist[:-len(".dist-info")].partition("-")
            found.setdefault(_normal(name), version)
    return found


def fingerprint(root: Path, extra: list[Path] = ()) -> str:
    """Hash of every source file, the extra files given (reference samples) and the code."""
    digest = hashlib.sha1(code_key(PACKAGE).encode())
    root = Path(root)
    for file in [*_files(root / "data"), *_files(root / "docs"), *extra]:
        digest.update(str(file.relative_to(root) if file.is_relative_to(root)
                          else file.name).encode() + b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()


def is_marked(root: Path, name: str, key: str) -> bool:
    marker = cache_dir(root) / name
    return marker.is_file() and marker.read_text() == key


def mark(root: Path, name: str, key: str) -> None:
    (cache_dir(root) / name).write_text(key)
