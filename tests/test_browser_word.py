"""The page builds the Word file itself: kb-word.js in headless Chromium, under the site's CSP,
loading the vendored library and the published layout from the site only."""

from __future__ import annotations

import base64
from urllib.parse import urlparse

import docx

from macros.checks.loader import load
from macros.outputs.wordplan import skeleton_draft

from .conftest import ROOT

TO_BASE64 = """async (draft) => {
  const blob = await window.kb.word.buildDocx(draft);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(s);
}"""


def draft_for(template_id: str) -> dict:
    cat = load(ROOT)
    tpl = cat.templates[template_id]
    draft = skeleton_draft(tpl, {n: cat.slots[n]["example"] for n in tpl["slots"]})
    sections = {s["id"]: s for s in draft["sections"]}
    sections["zeren-luoshi"]["paragraphs"][0] = "局党组全年专题研究意识形态工作6次，书记带头讲党课。"
    sections["wenti"]["dropped"] = True
    return draft


def open_with_kb_word(page, site_url):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{site_url}/templates/bannian-zicha/")
    page.add_script_tag(url=f"{site_url}/assets/kb-word.js")
    return errors


def test_page_builds_the_filled_word_file(page, site_url, tmp_path):
    errors = open_with_kb_word(page, site_url)
    data = base64.b64decode(page.evaluate(TO_BASE64, draft_for("bannian-zicha")))
    out = tmp_path / "draft.docx"
    out.write_bytes(data)
    doc = docx.Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "局党组全年专题研究意识形态工作6次，书记带头讲党课。" in text
    assert "五、存在的问题" not in text and "【" not in text
    assert doc.core_properties.title == "某局党组2026年上半年意识形态工作自查报告"
    assert doc.core_properties.author == "某局党组"
    assert any(u.endswith("/assets/vendor/docx/docx.umd.js") for u in page.requests)
    assert any(u.endswith("/assets/kb-layout.js") for u in page.requests)
    hosts = {urlparse(u).hostname for u in page.requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, sorted(page.requests)
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_download_is_named_after_the_report_title(page, site_url):
    open_with_kb_word(page, site_url)
    with page.expect_download() as info:
        name = page.evaluate("(d) => window.kb.word.download(d)", draft_for("bannian-zicha"))
    assert name == "某局党组2026年上半年意识形态工作自查报告.docx"
    assert info.value.suggested_filename == name
