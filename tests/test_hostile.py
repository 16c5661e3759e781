"""Hostile inputs (issue 12): each trial is refused with the file named, no traceback, in time.

One table per front end. Small inputs are written inline; large ones are generated on the fly
and stay bounded (a few MB at most). Every case asserts: a non-zero exit, the expected
``path[:line]`` and words in the message, no Python traceback, and a time limit.
"""

from __future__ import annotations

import contextlib
import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from macros import cli
from macros.site.audit import audit_page
from macros.site.csp import known_scripts, policy

from .conftest import ROOT, mkdocs_build
from .test_bad_inputs import mutate

OB = "docs/obligations/yigang-shuangze.md"
TPL = "docs/templates/niandu-baogao.md"
IDX = "docs/index.md"
TERMS = "data/glossary/terms.yml"
VOCAB = "data/vocab.yml"
MATRIX = "docs/matrix.md"
MACRO_LINE = "{{ responsibility_matrix() }}"
SCRIPT = "<script>alert(1)</script>"
FAST = 5.0            # seconds for one kb validate of the fixture
CHECK_LIMIT = 2.0     # seconds for kb check to refuse a hostile draft


def _bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "- term: 炸弹\n  meaning: 别名展开。\n  zzz:\n" + "".join(f"    {x}\n" for x in lines)


def _append(rel, text):
    return (rel, "", text)


def _write(rel, text):
    return (rel, None, text)


# (case, edit (file, old text or "" to append or None to overwrite, new text),
#  expected "path:line" (or "path"), words in the message)
VALIDATE = [
    # 1. script through every rendered field
    ("glossary-alias-script", (TERMS, "  obligations: [yigang-shuangze]\n",
                               f"  obligations: [yigang-shuangze]\n  aliases: ['{SCRIPT}']\n"),
     f"{TERMS}:5", "raw <script>"),
    ("obligation-alias-script", (OB, "evidence_slots: [研判次数]\n",
                                 f"evidence_slots: [研判次数]\naliases: ['{SCRIPT}']\n"),
     f"{OB}:10", "raw <script>"),
    ("template-genre-script", (TPL, "genre: 情况报告", f"genre: '{SCRIPT}'"), f"{TPL}:4",
     "raw <script>"),
    ("variant-aspect-script", (OB, "evidence_slots: [研判次数]\n",
                               "evidence_slots: [研判次数]\nvariants:\n  - aspect: "
                               f"'{SCRIPT}'\n    value: 各地做法不一。\n    basis: [common-practice]\n"),
     f"{OB}:11", "raw <script>"),
    ("vocab-note-script", (VOCAB, "note: 谁负责：", f"note: {SCRIPT}谁负责："), f"{VOCAB}:5",
     "raw <script>"),
    ("description-breakout", (IDX, "title: 首页\n",
                              "title: 首页\ndescription: '\"><script>alert(1)</script>'\n"),
     f"{IDX}:3", "raw <script>"),
    ("description-attribute-breakout", (IDX, "title: 首页\n",
                                        "title: 首页\ndescription: 'a\" onmouseover=\"x()'\n"),
     f"{IDX}:3", "markup in a plain-text field"),
    ("snippet-script", ("docs/snippets/bad.md", None, f"提示。\n\n{SCRIPT}\n"),
     "docs/snippets/bad.md:3", "raw <script>"),
    ("macro-concat-script", (MATRIX, MACRO_LINE, MACRO_LINE + '\n\n{{ "<scr" ~ "ipt>" }}'),
     f"{MATRIX}:14", "not allowed on a page"),
    # 2. content reaching Python
    ("macro-python-escape", (MATRIX, MACRO_LINE, MACRO_LINE + "\n\n{{ self.__init__.__globals__"
                             ".__builtins__.__import__('os').popen('id').read() }}"),
     f"{MATRIX}:14", "not allowed on a page"),
    ("macro-config-dump", (MATRIX, MACRO_LINE, MACRO_LINE + "\n\n{{ config }}"),
     f"{MATRIX}:14", "unknown macro or variable 'config'"),
    ("macro-builtin-context", (MATRIX, MACRO_LINE, MACRO_LINE + "\n\n{{ context() }}"),
     f"{MATRIX}:14", "unknown macro 'context()'"),
    ("macro-undefined", (MATRIX, MACRO_LINE, MACRO_LINE + "\n\n{{ no_such_variable }}"),
     f"{MATRIX}:14", "unknown macro or variable 'no_such_variable'"),
    ("macro-unknown-call", (MATRIX, MACRO_LINE, MACRO_LINE + "\n\n{{ nope() }}"),
     f"{MATRIX}:14", "unknown macro 'nope()'"),
    ("macro-if-line", (MATRIX, MACRO_LINE, MACRO_LINE + "\n\n\n\n{% if %}"), f"{MATRIX}:16",
     "template syntax error"),
    ("macro-title", (MATRIX, "title: 责任矩阵", "title: '{{ config }}'"), f"{MATRIX}:2",
     "template syntax in the title"),
    # 3. leaving the site
    ("meta-refresh", (IDX, "# 首页", '# 首页\n\n<meta http-equiv="refresh" content="2;url=http://'
                      'example.com/">'), f"{IDX}:7", "raw <meta>"),
    ("javascript-url", (IDX, "# 首页", "# 首页\n\n[点](javascript:alert(1))"), f"{IDX}:7",
     "script URL"),
    ("base-element", (IDX, "# 首页", '# 首页\n\n<base href="/x/">'), f"{IDX}:7", "raw <meta>, <base>"),
    ("object-element", (IDX, "# 首页", '# 首页\n\n<object data="a.swf"></object>'), f"{IDX}:7",
     "<object>"),
    ("css-import", (IDX, "# 首页", "# 首页\n\n<style>@import 'http://x/a.css';</style>"), f"{IDX}:7",
     "CSS url() or @import"),
    # 4. raw files in docs/
    ("raw-html-file", ("docs/raw.html", None, f"<p>x</p>{SCRIPT}"), "docs/raw.html:1",
     "a .html file is not a source"),
    ("markdown-suffix", ("docs/other.markdown", None, "---\ntitle: x\n---\n\n# x\n"),
     "docs/other.markdown:1", "a .markdown file is not a source"),
    ("svg-file", ("docs/assets/a.svg", None, f"<svg>{SCRIPT}</svg>"), "docs/assets/a.svg:1",
     "a .svg file is not a source"),
    # 5. a vocabulary that switches checks off
    ("vocab-list", (VOCAB, None, "- a\n- b\n"), f"{VOCAB}:1", "not a mapping"),
    ("vocab-empty", (VOCAB, None, ""), f"{VOCAB}:1", "vocabulary file is empty"),
    ("vocab-comments", (VOCAB, None, "# 只有注释\n"), f"{VOCAB}:1", "vocabulary file is empty"),
    # 6. small files that stall
    ("yaml-alias-bomb", (TERMS, None, _bomb()), TERMS, "expands to more than"),
    ("yaml-deep-list", (TERMS, None, "- " + "[" * 5000 + "]" * 5000 + "\n"), f"{TERMS}:1",
     "nested more than"),
    ("record-over-5mb", ("data/phrases/big.yml", None, "- text: 大\n  category: 导语\n  note: "
                         + "大" * (2 * 1024 * 1024) + "\n"), "data/phrases/big.yml:1",
     "over the 5 MB limit"),
    # 7. personal data the lint missed
    ("phone-in-alias", (TERMS, "  obligations: [yigang-shuangze]\n",
                        "  obligations: [yigang-shuangze]\n  aliases: [电话13912345678]\n"),
     f"{TERMS}:5", "a mobile phone number"),
    ("phone-in-description", (IDX, "title: 首页\n", "title: 首页\ndescription: 联系13912345678\n"),
     f"{IDX}:3", "a mobile phone number"),
    ("spaced-phone", (IDX, "# 首页", "# 首页\n\n联系电话139 1234 5678。"), f"{IDX}:7",
     "a mobile phone number"),
    ("dashed-phone", (IDX, "# 首页", "# 首页\n\n联系电话139-1234-5678。"), f"{IDX}:7",
     "a mobile phone number"),
    ("spaced-id-number", (IDX, "# 首页", "# 首页\n\n证号110105 19491231 002X。"), f"{IDX}:7",
     "an ID card number"),
    ("qq-number", (IDX, "# 首页", "# 首页\n\nQQ号码：12345678。"), f"{IDX}:7", "a QQ number"),
    # 8. bare tracebacks before
    ("integer-key", _append(TERMS, "  1: x\n"), f"{TERMS}:5", "unknown field '1'"),
    ("complex-key", _append(TERMS, "  ? [a, b]\n  : c\n"), f"{TERMS}:5", "a key that is a list"),
    ("yaml-record-without-term", ("data/glossary/extra.yaml", None, "- meaning: 无词条。\n"),
     "data/glossary/extra.yaml:1", "missing required field 'term'"),
    ("snippet-missing", (IDX, "# 首页", '# 首页\n\n--8<-- "nope.md"'), f"{IDX}:7",
     "snippet 'nope.md' not found"),
    ("snippet-absolute", (IDX, "# 首页", '# 首页\n\n--8<-- "/etc/passwd"'), f"{IDX}:7",
     "points outside docs/snippets/"),
    ("snippet-parent", (IDX, "# 首页", '# 首页\n\n--8<-- "../../CONTRIBUTING.md"'), f"{IDX}:7",
     "points outside docs/snippets/"),
    ("snippet-block-parent", (IDX, "# 首页", "# 首页\n\n--8<--\n../../CONTRIBUTING.md\n--8<--"),
     f"{IDX}:8", "points outside docs/snippets/"),
    ("icon-path", (IDX, "title: 首页\n", "title: 首页\nicon: ../../etc/passwd\n"), f"{IDX}:3",
     "unknown icon"),
    ("template-unknown", (IDX, "title: 首页\n", "title: 首页\ntemplate: nope.html\n"), f"{IDX}:3",
     "unknown page template 'nope.html'"),
    # 10. smaller
    ("bom-front-matter", (IDX, None, "\ufeff---\ntitle: 首页\n---\n\n# 首页\n"), f"{IDX}:1",
     "byte-order mark"),
    ("unclosed-front-matter", (IDX, None, "---\ntitle: 首页\n\n# 首页\n"), f"{IDX}:1",
     "front matter is not closed"),
]


def run_kb(*argv) -> tuple[int, str, float]:
    """Run a kb command in-process: exit code, everything it printed, seconds taken."""
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
            out.write(str(exc.code))
    return code, out.getvalue(), time.perf_counter() - start


def assert_refused(code, text, seconds, where, words, limit):
    assert code not in (0, None), f"accepted (exit 0):\n{text[-2000:]}"
    assert "Traceback" not in text, text[-3000:]
    hits = [line for line in text.splitlines() if where in line and words in line]
    assert hits, f"expected '{where}' … '{words}' in:\n{text[-3000:]}"
    assert " — " in hits[0], "the message says how to fix it"
    assert seconds < limit, f"took {seconds:.1f} s (limit {limit} s)"


@pytest.mark.parametrize("case,edit,where,words", VALIDATE, ids=[c[0] for c in VALIDATE])
def test_hostile_content_is_refused_by_kb_validate(mini, case, edit, where, words):
    rel, old, new = edit
    if old is None:
        (mini / rel).parent.mkdir(parents=True, exist_ok=True)
        (mini / rel).write_text(new, encoding="utf-8")
    else:
        mutate(mini, rel, old, new)
    code, text, seconds = run_kb("--root", str(mini), "validate")
    assert_refused(code, text, seconds, where, words, FAST)


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
    assert seconds < FAST


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


# --- the built output ---------------------------------------------------------------------

KNOWN = known_scripts([ROOT / "overrides",
                       Path(__import__("material").__file__).parent / "templates"])
OUTPUT = [
    ("unknown-inline-script", f"<p>x</p>{SCRIPT}", "an inline script the theme did not put"),
    ("inline-handler", '<img src="a.png" onerror="alert(1)">', "inline event handler"),
    ("javascript-href", '<a href="javascript:alert(1)">x</a>', "a script URL"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=http://x/">', "http-equiv"),
    ("base", '<base href="http://x/">', "a <base> element"),
    ("embed", '<embed src="a.swf">', "<object>/<embed>"),
    ("form-off-site", '<form action="https://x.example/steal"></form>', "external resource"),
    ("css-import", "<style>@import url(//x.example/a.css);</style>", "external resource"),
    ("srcset-off-site", '<img src="a.png" srcset="a.png 1x, https://x.example/b.png 2x">',
     "external resource 'https://x.example/b.png'"),
]


@pytest.mark.parametrize("case,html,words", OUTPUT, ids=[o[0] for o in OUTPUT])
def test_hostile_output_fails_the_audit_and_gets_no_hash(case, html, words):
    page = f"<html><head></head><body>{html}</body></html>"
    found = audit_page(page, "---\ntitle: x\n---\n\n" + html + "\n", "", KNOWN)
    assert any(words in what for _, what, _ in found), found
    assert "sha256" not in policy(page, KNOWN)


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


def test_browser_and_cli_share_the_draft_limits():
    from macros.checker import drafts

    js = (ROOT / "docs" / "assets" / "checker.js").read_text("utf-8")
    line = next(x for x in js.splitlines() if "var LIMITS" in x)
    for key, value in (("text", drafts.MAX_TEXT_BYTES), ("docx", drafts.MAX_DOCX_BYTES),
                       ("documentXml", drafts.MAX_DOCUMENT_XML)):
        expr = line.split(key + ":")[1].split(",")[0].split("}")[0]
        assert eval(expr.replace(" ", "")) == value, (key, expr)   # noqa: S307 (digits and *)
