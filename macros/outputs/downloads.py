"""The files the site offers for download (Word templates, the calendar), built from the
records and reused from the cache while their inputs are unchanged."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from macros.model.cache import PACKAGE, cache_dir, code_key, keyed
from macros.model.catalog import Catalog
from macros.views.reporting_calendar import events, to_ics

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import LayoutSettings

ICS_PATH = "downloads/calendar.ics"
ROUTINE_ICS_PATH = "downloads/calendar-routine.ics"


def docx_path(template_id: str) -> str:
    """Where the site offers a template's Word file, relative to the site root."""
    return f"downloads/{template_id}.docx"


# The layers whose code makes the download files: an edit elsewhere (the plugin, the
# checker, the CLI) keeps the Word files and calendars already made.
PRODUCT_CODE = ("model", "outputs", "views")


def _product_code_key() -> str:
    return "".join(code_key(PACKAGE / layer) for layer in PRODUCT_CODE)


def _product(cat: Catalog, name: str, inputs) -> Path:
    """Where the product ``name`` for these inputs is kept in the cache."""
    key = keyed(hashlib.sha1(json.dumps(inputs, ensure_ascii=False, sort_keys=True, default=str)
                             .encode() + _product_code_key().encode()).hexdigest())[:16]
    return cache_dir(cat.root) / f"{name}-{key}"


def _cached(cat: Catalog, name: str, inputs, make) -> Path:
    """The product ``name`` for these inputs: made once, reused while inputs and code hold.

    Older products of the same name are removed, so the cache never grows."""
    cached = _product(cat, name, inputs)
    if not cached.is_file():
        make(cached)
        for old in cached.parent.glob(f"{name}-*"):
            if old != cached and old.name[len(name) + 1:].isalnum():
                old.unlink(missing_ok=True)
    return cached


def _docx_inputs(cat: Catalog, template_id: str, layout: LayoutSettings) -> list:
    tpl = cat.templates[template_id]
    return [tpl, {n: cat.slots[n] for n in tpl["slots"]}, layout]


def docx_product(cat: Catalog, template_id: str, layout: LayoutSettings) -> Path:
    """The unfilled template as Word, in the cache (python-docx runs only when it changed)."""
    def make(path: Path) -> None:
        from macros.outputs.word import write_docx  # python-docx: only when a file is made

        tmp = path.with_suffix(".tmp.docx")
        write_docx(cat, template_id, tmp, layout=layout)
        tmp.replace(path)

    return _cached(cat, f"docx-{template_id}", _docx_inputs(cat, template_id, layout), make)


def _ics_inputs(cat: Catalog, year: int, base_url: str) -> list:
    return [events(cat, year), year, base_url]


def ics_product(cat: Catalog, year: int, base_url: str = "", routine: bool = False) -> Path:
    """A reporting calendar, in the cache (icalendar runs only when it changed)."""
    def make(path: Path) -> None:
        path.write_bytes(to_ics(cat, year, base_url, routine))

    name = "calendar-routine" if routine else "calendar"
    return _cached(cat, name, _ics_inputs(cat, year, base_url), make)


def products_missing(cat: Catalog, layout: LayoutSettings, year: int, base_url: str) -> bool:
    """Whether any file the site offers for download must be made."""
    wanted = [_product(cat, f"docx-{t}", _docx_inputs(cat, t, layout)) for t in cat.templates]
    calendar = _ics_inputs(cat, year, base_url)
    wanted += [_product(cat, name, calendar) for name in ("calendar", "calendar-routine")]
    return not all(p.is_file() for p in wanted)


def make_products(cat: Catalog, layout: LayoutSettings, year: int, base_url: str) -> None:
    """Make every download file of the site into the cache."""
    for template_id in cat.templates:
        docx_product(cat, template_id, layout)
    for routine in (False, True):
        ics_product(cat, year, base_url, routine)


def write_site_docx(cat: Catalog, template_id: str, out: Path, layout: LayoutSettings) -> Path:
    """The unfilled template for the site."""
    return _copy(docx_product(cat, template_id, layout), out)


def write_site_ics(cat: Catalog, year: int, out: Path, base_url: str = "",
                   routine: bool = False) -> Path:
    """A reporting calendar for the site."""
    return _copy(ics_product(cat, year, base_url, routine), out)


def _copy(cached: Path, out: Path) -> Path:
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out)
    return Path(out)
