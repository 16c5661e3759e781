"""Hostile inputs (issue 12): each trial is refused with the file named, no traceback, in time.

One table per front end (the `kb validate` trials are rows of test_bad_inputs.BAD_INPUTS). Small inputs are written inline; large ones are generated on the fly
and stay bounded (a few MB at most). Every case asserts: a non-zero exit, the expected
``path[:line]`` and words in the message, no Python traceback, and a time limit.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

from macros.site.audit import audit_page
from macros.site.csp import policy

from .conftest import ROOT, mkdocs_build
from .test_bad_inputs import (
    KNOWN,
    LIMIT,
    MACRO_LINE,
    MATRIX,
    assert_refused,
    mutate,
    run_kb,
)

CHECK_LIMIT = 2.0     # seconds for kb check to refuse a hostile draft


# --- kb check on drafts -------------------------------------------------------------------

def _docx(path: Path, parts: dict) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ENTITY_BOMB = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
               + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">'
                         for i in range(8))
               + f']><w:document {W}><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body>'
               "</w:document>")


def _huge_docx(path: Path) -> Path:
    """A small .docx whose document.xml unpacks to more than the limit (about 20 MB)."""
    para = b"<w:p><w:r><w:t>" + "意识形态工作".encode() * 20 + b"</w:t></w:r></w:p>"
    body = b"<w:document " + W.encode() + b"><w:body>" + para * 50000 + b"</w:body></w:document>"
    return _docx(path, {"[Content_Types].xml": "<Types/>", "word/document.xml": body})


DRAFTS = [
    ("docx-malformed-xml", "bad.docx",
     lambda p: _docx(p, {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document"}),
     "not a readable Word file"),
    ("docx-no-document", "bad.docx", lambda p: _docx(p, {"a.txt": "x"}), "word/document.xml is missing"),
    ("docx-random-bytes", "bad.docx", lambda p: p.write_bytes(os.urandom(4096)) and p,
     "not a readable Word file"),
    ("docx-empty", "bad.docx", lambda p: p.write_bytes(b"") or p, "not a readable Word file"),
    ("docx-entity-bomb", "bad.docx",
     lambda p: _docx(p, {"[Content_Types].xml": "<Types/>", "word/document.xml": ENTITY_BOMB}),
     "not a readable Word file"),
    ("docx-unpacks-huge", "huge.docx", _huge_docx, "over the limit"),
    ("draft-too-large", "big.txt", lambda p: p.write_bytes("字".encode() * (1024 * 1024)) or p,
     "over the limit"),
    ("binary-txt", "bin.txt", lambda p: p.write_bytes(bytes(range(256)) * 64) or p,
     "binary data"),
    ("symlink-to-device", "zero.txt", lambda p: p.symlink_to("/dev/zero") or p,
     "not a regular file"),
    ("folder-as-draft", "dir.txt", lambda p: p.mkdir() or p, "not a regular file"),
    ("unsupported-type", "a.exe", lambda p: p.write_bytes(b"MZ") or p, "unsupported file type"),
]


@pytest.mark.parametrize("case,name,make,words", DRAFTS, ids=[d[0] for d in DRAFTS])
def test_hostile_draft_is_refused_by_kb_check(mini, tmp_path, data, case, name, make, words):
    path = tmp_path / name
    make(path)
    code, text, seconds = run_kb("--root", str(mini), "check", str(path))
    assert_refused(code, text, seconds + 0.0, str(path), words, CHECK_LIMIT + 3)
    from macros.checker.drafts import read_draft

    start = time.perf_counter()
    with pytest.raises(Exception) as err:
        read_draft(path, data)
    assert time.perf_counter() - start < CHECK_LIMIT and words in str(err.value)


# --- kb fill and kb new -------------------------------------------------------------------

FILL = [
    ("year-not-a-year", ["--set", "单位名称=某局", "--set", "报告年度=明年吧"], "a.docx",
     "报告年度", "is not a year"),
    ("control-character", ["--set", "单位名称=某\x01局"], "a.docx", "单位名称",
     "control or invalid characters"),
    ("lone-surrogate", ["--set", "单位名称=某\udc80局"], "a.docx", "单位名称",
     "control or invalid characters"),
    ("not-docx-name", ["--set", "单位名称=某局"], "a.txt", "a.txt", "does not end in .docx"),
    ("missing-folder", ["--set", "单位名称=某局"], "nope/a.docx", "nope/a.docx",
     "does not exist"),
    ("output-is-folder", ["--set", "单位名称=某局"], "out.docx/", "out.docx",
     "the output is a folder"),
    ("values-missing", ["--values", "none.yml"], "a.docx", "none.yml", "does not exist"),
    ("values-is-folder", ["--values", "."], "a.docx", ".", "not a file"),
]


@pytest.mark.parametrize("case,args,output,where,words", FILL, ids=[f[0] for f in FILL])
def test_hostile_fill_is_refused(mini, tmp_path, monkeypatch, case, args, output, where, words):
    monkeypatch.chdir(tmp_path)
    if output.endswith("/"):
        (tmp_path / output).mkdir()
    code, text, seconds = run_kb("--root", str(mini), "fill", "niandu-baogao", *args,
                                 "-o", output.rstrip("/"))
    assert code != 0 and "Traceback" not in text and where in text and words in text, text
    assert not (tmp_path / "a.docx").exists() and not (tmp_path / "a.txt").exists()
    assert seconds < LIMIT


def test_fill_refuses_a_negative_count_in_the_real_project(tmp_path):
    code, text, _ = run_kb("--root", str(ROOT), "fill", "niandu-qingkuang-baogao", "--set",
                           "单位名称=某局党组", "--set", "研判次数=-5", "-o",
                           str(tmp_path / "a.docx"))
    assert code == 2 and "研判次数" in text and "whole number" in text
    assert not (tmp_path / "a.docx").exists()


@pytest.mark.parametrize("args,words", [
    (["phrase", '坚持"两个维护"，', "--category", "导语"], "wrote data/phrases/"),
    (["obligation", "ceshi-shixiang", "--title", "标题：副标题"], "wrote docs/obligations/"),
    (["obligation", "ceshi-shixiang", "--title", "标题: 副标题"], "ASCII punctuation"),
], ids=["phrase-with-quote", "title-with-colon", "title-with-ascii-colon-refused"])
def test_kb_new_writes_only_stubs_that_validate(mini, args, words):
    code, text, _ = run_kb("--root", str(mini), "new", *args)
    assert words in text and "Traceback" not in text
    code2, text2, _ = run_kb("--root", str(mini), "validate")
    assert code2 == 0, text2


# --- the built output (the audit's table is test_bad_inputs.BAD_OUTPUT) --------------------


def test_theme_scripts_are_known_and_hashed():
    page = ('<html><head><script>var target=document.getElementById(location.hash.slice(1));'
            'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))</script>'
            "</head></html>")
    assert not audit_page(page, "", "", KNOWN)
    assert "sha256" in policy(page, KNOWN)


def test_macro_page_with_python_escape_fails_the_build_in_one_line(mini, tmp_path):
    mutate(mini, MATRIX, MACRO_LINE, MACRO_LINE + "\n\n{{ self.__init__.__globals__ }}")
    start = time.perf_counter()
    result = mkdocs_build(mini, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert f"{MATRIX}:14: template expression" in output
    assert time.perf_counter() - start < 120


def test_every_html_file_of_a_built_site_carries_the_policy(mini, tmp_path):
    result = mkdocs_build(mini, tmp_path / "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    files = sorted((tmp_path / "out").rglob("*.html"))
    assert any(f.name == "404.html" for f in files)
    for file in files:
        html = file.read_text("utf-8")
        assert 'http-equiv="Content-Security-Policy"' in html, file
        assert "'unsafe-inline'" not in html, file


