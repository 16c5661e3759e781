"""The draft files the checkers open: one set of kinds, limits and binary bytes
(data/rules.yml ``draft_files``) for `kb check` (macros/checker/drafts.py) and the checker
page (docs/assets/checker.js ``readFile``, under node). Both are run on the same files with
the limits changed in the data: a side that kept its own copy of a limit reads the file the
other refuses, and the test fails."""

from __future__ import annotations

import base64
import copy
import io
import zipfile

import pytest

from macros.checker.drafts import read_draft
from macros.model.problems import KbError

from .conftest import ROOT
from .node import node_json

DRIVER = ROOT / "tests" / "js" / "draft_files.js"


def _docx() -> tuple[bytes, int]:
    """A Word file of one paragraph, and the unpacked size of its word/document.xml."""
    import docx

    document = docx.Document()
    document.add_paragraph("一、总体情况")
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(out) as z:
        return out.getvalue(), z.getinfo("word/document.xml").file_size


def _both(data: dict, tmp_path, files: dict[str, bytes]) -> dict[str, tuple[bool, bool]]:
    """name → (kb refused it, the page refused it)."""
    page = node_json(DRIVER, {"data": data, "files": [
        {"name": name, "base64": base64.b64encode(raw).decode()} for name, raw in files.items()]})
    out = {}
    for (name, raw), (lines, _message) in zip(files.items(), page, strict=True):
        path = tmp_path / name
        path.write_bytes(raw)
        try:
            read_draft(path, data)
            kb = False
        except KbError as err:
            kb = True
            assert str(err).startswith(f"{path}:1: ") and " — " in str(err), str(err)
        out[name] = (kb, lines is None)
    return out


@pytest.fixture
def odd(data):
    """The checker's data with every draft_files limit moved off its shipped value."""
    spec = copy.deepcopy(data)
    spec["draft_files"].update({
        "text_suffixes": [".txt", ".note"], "plain_suffixes": [".note"],
        "max_text_bytes": 1000, "binary_bytes": [[65, 65]], "binary_window": 200,
        "binary_share": 0.25})
    return spec


def test_the_text_limits_and_kinds_are_the_datas_in_both_engines(odd, tmp_path):
    files = {
        "at-limit.txt": "段".encode() * 333 + b"x",          # 1000 bytes
        "over-limit.txt": "段".encode() * 333 + b"xy",       # 1001 bytes
        "kind.note": "# 一、总体情况".encode(),
        "kind.md": "一、总体情况".encode(),                  # .md is not in text_suffixes here
        "binary-at-share.txt": b"A" * 50 + b"b" * 150,       # 50 of the first 200 bytes
        "binary-over-share.txt": b"A" * 51 + b"b" * 149 + b"A" * 500,
    }
    got = _both(odd, tmp_path, files)
    assert got == {
        "at-limit.txt": (False, False), "over-limit.txt": (True, True),
        "kind.note": (False, False), "kind.md": (True, True),
        "binary-at-share.txt": (False, False), "binary-over-share.txt": (True, True)}


def test_the_word_limits_are_the_datas_in_both_engines(data, tmp_path):
    raw, body = _docx()
    small = copy.deepcopy(data)
    small["draft_files"].update({"max_docx_bytes": len(raw) - 1})
    tight = copy.deepcopy(data)
    tight["draft_files"].update({"max_document_xml": body - 1})
    assert _both(small, tmp_path, {"a.docx": raw}) == {"a.docx": (True, True)}
    assert _both(tight, tmp_path, {"b.docx": raw}) == {"b.docx": (True, True)}
    fits = copy.deepcopy(data)
    fits["draft_files"].update({"max_docx_bytes": len(raw), "max_document_xml": body})
    (tmp_path / "c.docx").write_bytes(raw)
    assert "一、总体情况" in read_draft(tmp_path / "c.docx", fits)
    # under node the page has no DOMParser for the text, but the limits have let it past
    (_, message), = node_json(DRIVER, {"data": fits, "files": [
        {"name": "c.docx", "base64": base64.b64encode(raw).decode()}]})
    assert "上限" not in message and "DOMParser" in message, message


def test_the_shipped_limits_come_from_data_rules_yml(data):
    import yaml

    spec = yaml.safe_load((ROOT / "data" / "rules.yml").read_text(encoding="utf-8"))
    assert data["draft_files"] == spec["draft_files"]
