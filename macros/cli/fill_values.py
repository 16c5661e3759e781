"""`kb fill`: slot values checked by slot type, and a safe output path."""

from __future__ import annotations

import os
import re
from pathlib import Path

from macros.model.problems import KbError

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_VALUE = 2000
TYPES = {
    "year": (re.compile(r"^(19[4-9]\d|20\d\d|2100)$"), "a year such as 2026"),
    "date": (re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$|^\d{4}-\d{1,2}-\d{1,2}$"),
             "a date such as 2026年3月18日"),
    "count": (re.compile(r"^\d{1,9}$"), "a whole number of 0 or more, such as 12"),
    "percent": (re.compile(r"^\d{1,3}(?:\.\d{1,2})?%?$"), "a percentage such as 10% or 12.5%"),
}


def check_values(values: dict, slots: dict, source: str) -> list[str]:
    """Messages for values that do not fit their slot's type (empty values are allowed)."""
    out = []
    for name, value in values.items():
        where = f"{source}: slot {name}"
        if CONTROL.search(value):
            out.append(f"{where}: the value has control or invalid characters — retype it as "
                       "plain text")
            continue
        if len(value) > MAX_VALUE:
            out.append(f"{where}: the value is longer than {MAX_VALUE} characters — shorten it")
            continue
        rule = TYPES.get(slots.get(name, {}).get("type"))
        if value and rule and not rule[0].match(value.strip()):
            out.append(f"{where}: '{value}' is not {rule[1]} — write {rule[1]}")
    return out


def output_path(path: Path) -> Path:
    """The .docx to write: its name ends in .docx and its folder exists and is writable."""
    if path.suffix.lower() != ".docx":
        raise KbError(path, 1, "the output name does not end in .docx",
                      f"name the Word file e.g. {path.with_suffix('.docx').name}")
    if path.is_dir():
        raise KbError(path, 1, "the output is a folder", "give a file name ending in .docx")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise KbError(path, 1, f"the folder {folder} does not exist",
                      "create it first, or write the file in an existing folder")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise KbError(path, 1, "cannot write here (no permission)",
                      "choose a folder you may write to, or close the file in Word")
    return path
