"""`kb fill`: slot values checked by slot type (data/rules.yml), and a safe output path."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from macros.model.problems import KbError
from macros.model.rules import Rules

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import Slot


def check_values(values: dict, slots: Mapping[str, Slot], source: str,
                 rules: Rules) -> tuple[dict, list[str]]:
    """The values as they go into the text (a date as 2026年3月18日, ２０２６ as 2026) and the
    messages for values that do not fit their slot's type (empty values are allowed)."""
    out: dict[str, str] = {}
    bad: list[str] = []
    for name, value in values.items():
        slot = slots.get(name)
        checked, error = rules.check(slot["type"] if slot is not None else "text", value)
        if error:
            bad.append(f"{source}: slot {name}: '{rules.shown(value)}' {rules.message(error)}")
        else:
            out[name] = checked
    return out, bad


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
