"""A small on-disk cache for build products that depend only on the sources.

A key hashes everything its product was made from: every file under ``data/`` and ``docs/``
(any suffix: the loader reads records, pages and settings, and the link checks look at every
file), the reference samples, every module of this package, and the versions of the
libraries that read or write the files. A change anywhere gives a new key. Used to skip
re-checking a catalogue that already passed, and to reuse Word and calendar files.

Nothing under ``.cache`` is trusted for being there: a file committed to the repository (or
copied in with it) could claim any key. Every key is therefore mixed with a secret of this
machine's user, kept outside the work tree (:func:`secret`): a cache file is used only when
this user's own build wrote it. The products read back are data (JSON, .docx, .ics), never
code: nothing is unpickled or imported from the cache.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import sys
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]      # the macros package
LIBRARIES = ("PyYAML", "jsonschema", "pymdown-extensions", "python-dateutil", "python-docx",
             "lxml", "icalendar", "Markdown")


SECRET_ENV = "KB_CACHE_SECRET_FILE"     # where the secret is kept (tests point it elsewhere)


@lru_cache(maxsize=1)
def secret() -> bytes:
    """This user's cache secret: random bytes in a file outside any work tree, made on first
    use (``$XDG_CACHE_HOME/kb/cache-secret``). When it cannot be kept, a secret for this
    process only: caches are then never reused, which is slower but still correct."""
    path = Path(os.environ.get(SECRET_ENV) or Path(os.environ.get(
        "XDG_CACHE_HOME") or Path.home() / ".cache") / "kb" / "cache-secret")
    try:
        if path.is_file() and len(data := path.read_bytes()) >= 32:
            return data
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
        except FileExistsError:
            pass                           # another process made it meanwhile (or too short)
        data = path.read_bytes()
        return data if len(data) >= 32 else secrets.token_bytes(32)
    except OSError:
        return secrets.token_bytes(32)


def keyed(key: str) -> str:
    """``key`` bound to this user's secret: what cache files are named or marked with."""
    return hashlib.sha256(secret() + key.encode()).hexdigest()


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
    digest = hashlib.sha1(secret() + code_key(PACKAGE).encode())
    root = Path(root)
    for file in [*_files(root / "data"), *_files(root / "docs"), *extra]:
        digest.update(str(file.relative_to(root) if file.is_relative_to(root)
                          else file.name).encode() + b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()


def write_keyed(path: Path, key: str, body: str) -> bool:
    """Keep ``body`` (JSON text) under ``key``: the key bound to this user's secret on the
    first line, the body after it; written to a ``.tmp`` file and moved into place, so a
    reader never sees half a file. False (and nothing left behind) when it cannot be kept."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(keyed(key) + "\n" + body, encoding="utf-8")
        tmp.replace(path)
    except (OSError, TypeError, ValueError):
        tmp.unlink(missing_ok=True)      # the next build makes it again
        return False
    return True


def read_keyed(path: Path, key: str) -> str | None:
    """The body :func:`write_keyed` kept under ``key``; None when the file is missing,
    unreadable, or of another key (other sources, other code, another user's secret)."""
    try:
        head, _, body = path.read_text(encoding="utf-8").partition("\n")
    except (OSError, ValueError):
        return None
    return body if head == keyed(key) else None


def remembered(path: Path, key: str | None, make) -> str:
    """The text ``make()`` gives, read back from ``path`` when it was kept under ``key``;
    made (and kept) otherwise. ``key`` None: made, never kept."""
    if key is not None and (body := read_keyed(path, key)) is not None:
        return body
    text = make()
    if key is not None:
        write_keyed(path, key, text)
    return text


def is_marked(root: Path, name: str, key: str) -> bool:
    marker = cache_dir(root) / name
    return marker.is_file() and marker.read_text() == key


def mark(root: Path, name: str, key: str) -> None:
    (cache_dir(root) / name).write_text(key)
