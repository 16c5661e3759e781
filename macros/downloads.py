"""The files the site offers for download (Word templates, the calendar), built from the
records and reused from the cache while their inputs are unchanged."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from .cache import PACKAGE, cache_dir
from .catalog import Catalog
from .problems import Problems
from .yamlsrc import load_yaml_file

ICS_PATH = "downloads/calendar.ics"


def docx_path(template_id: str) -> str:
    """Where the site offers a template's Word file, relative to the site root."""
    return f"downloads/{template_id}.docx"


def load_layout(root: Path) -> dict:
    """The layout of data/layout.yml (a clear error when it is missing or broken)."""
    problems = Problems()
    file = root / "data" / "layout.yml"
    if not file.is_file():
        raise ValueError("data/layout.yml:1: the Word layout file is missing — restore it "
                         "(page size, margins, fonts; see GB/T 9704)")
    data = load_yaml_file(file, "data/layout.yml", problems)
    if problems or not isinstance(data, dict):
        raise ValueError(problems.report() if problems else "data/layout.yml: not a mapping")
    return data


def _cached(cat: Catalog, name: str, inputs, code: str, make) -> Path:
    key = hashlib.sha1(json.dumps(inputs, ensure_ascii=False, sort_keys=True, default=str)
                       .encode() + (PACKAGE / code).read_bytes()).hexdigest()[:16]
    cached = cache_dir(cat.root) / f"{name}-{key}"
    if not cached.is_file():
        make(cached)
    return cached


def write_site_docx(cat: Catalog, template_id: str, out: Path, layout: dict) -> Path:
    """The unfilled template for the site (python-docx runs only when it changed)."""
    tpl = cat.templates[template_id]
    slots = {n: cat.slots[n] for n in tpl["slots"]}

    def make(path: Path) -> None:
        from .word import write_docx

        tmp = path.with_suffix(".tmp.docx")
        write_docx(cat, template_id, tmp, layout=layout)
        tmp.replace(path)

    cached = _cached(cat, f"docx-{template_id}", [tpl, slots, layout], "word.py", make)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out)
    return Path(out)


def write_site_ics(cat: Catalog, year: int, out: Path) -> Path:
    """The reporting calendar for the site (icalendar runs only when it changed)."""
    from .reporting_calendar import events, to_ics

    def make(path: Path) -> None:
        path.write_bytes(to_ics(cat, year))

    cached = _cached(cat, "calendar", [events(cat, year), year], "reporting_calendar.py", make)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out)
    return Path(out)
