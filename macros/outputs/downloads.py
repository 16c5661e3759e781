"""The files the site offers for download (Word templates, the calendar), built from the
records and reused from the cache while their inputs are unchanged."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from macros.model.cache import PACKAGE, cache_dir
from macros.model.catalog import Catalog
from macros.outputs.word import write_docx
from macros.views.reporting_calendar import events, to_ics

ICS_PATH = "downloads/calendar.ics"


def docx_path(template_id: str) -> str:
    """Where the site offers a template's Word file, relative to the site root."""
    return f"downloads/{template_id}.docx"


def _cached(cat: Catalog, name: str, inputs, code: str | tuple[str, ...], make) -> Path:
    """The file made by ``make``, keyed on its inputs and the source of the code making it."""
    sources = b"".join((PACKAGE / c).read_bytes() for c in ((code,) if isinstance(code, str)
                                                            else code))
    key = hashlib.sha1(json.dumps(inputs, ensure_ascii=False, sort_keys=True, default=str)
                       .encode() + sources).hexdigest()[:16]
    cached = cache_dir(cat.root) / f"{name}-{key}"
    if not cached.is_file():
        make(cached)
    return cached


def write_site_docx(cat: Catalog, template_id: str, out: Path, layout: dict) -> Path:
    """The unfilled template for the site (python-docx runs only when it changed)."""
    tpl = cat.templates[template_id]
    slots = {n: cat.slots[n] for n in tpl["slots"]}

    def make(path: Path) -> None:
        tmp = path.with_suffix(".tmp.docx")
        write_docx(cat, template_id, tmp, layout=layout)
        tmp.replace(path)

    cached = _cached(cat, f"docx-{template_id}", [tpl, slots, layout],
                     ("outputs/word.py", "outputs/wordplan.py"), make)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out)
    return Path(out)


def write_site_ics(cat: Catalog, year: int, out: Path) -> Path:
    """The reporting calendar for the site (icalendar runs only when it changed)."""
    def make(path: Path) -> None:
        path.write_bytes(to_ics(cat, year))

    cached = _cached(cat, "calendar", [events(cat, year), year], "views/reporting_calendar.py",
                     make)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out)
    return Path(out)
