"""The files the site offers for download (Word templates, the calendar), built from the
records and reused from the cache while their inputs are unchanged."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from macros.model.cache import PACKAGE, cache_dir, code_key
from macros.model.catalog import Catalog
from macros.outputs.word import write_docx
from macros.views.reporting_calendar import events, to_ics

ICS_PATH = "downloads/calendar.ics"
ROUTINE_ICS_PATH = "downloads/calendar-routine.ics"


def docx_path(template_id: str) -> str:
    """Where the site offers a template's Word file, relative to the site root."""
    return f"downloads/{template_id}.docx"


def _cached(cat: Catalog, name: str, inputs, make) -> Path:
    """The product ``name`` for these inputs: made once, reused while inputs and code hold.

    Older products of the same name are removed, so the cache never grows."""
    key = hashlib.sha1(json.dumps(inputs, ensure_ascii=False, sort_keys=True, default=str)
                       .encode() + code_key(PACKAGE).encode()).hexdigest()[:16]
    folder = cache_dir(cat.root)
    cached = folder / f"{name}-{key}"
    if not cached.is_file():
        make(cached)
        for old in folder.glob(f"{name}-*"):
            if old != cached and old.name[len(name) + 1:].isalnum():
                old.unlink(missing_ok=True)
    return cached


def write_site_docx(cat: Catalog, template_id: str, out: Path, layout: dict) -> Path:
    """The unfilled template for the site (python-docx runs only when it changed)."""
    tpl = cat.templates[template_id]
    slots = {n: cat.slots[n] for n in tpl["slots"]}

    def make(path: Path) -> None:
        tmp = path.with_suffix(".tmp.docx")
        write_docx(cat, template_id, tmp, layout=layout)
        tmp.replace(path)

    cached = _cached(cat, f"docx-{template_id}", [tpl, slots, layout], make)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out)
    return Path(out)


def write_site_ics(cat: Catalog, year: int, out: Path, base_url: str = "",
                   routine: bool = False) -> Path:
    """A reporting calendar for the site (icalendar runs only when it changed)."""
    def make(path: Path) -> None:
        path.write_bytes(to_ics(cat, year, base_url, routine))

    name = "calendar-routine" if routine else "calendar"
    cached = _cached(cat, name, [events(cat, year), year, base_url], make)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out)
    return Path(out)
