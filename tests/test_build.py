"""The real project builds strictly, offline, with segmented Chinese search."""

from __future__ import annotations

import json
import re
import subprocess

from .conftest import BIN, ROOT

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def kb(*args):
    return subprocess.run([str(BIN / "kb"), *args], cwd=ROOT, capture_output=True, text=True)


def test_search_index_holds_segmented_chinese(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "\u200b" in texts, "jieba segmentation marks words with U+200B"
    assert index["config"]["separator"] == r"[\s\u200b\-]"


def test_built_html_references_no_external_url(built_site):
    offenders = []
    for page in built_site.rglob("*.html"):
        for m in EXTERNAL.finditer(page.read_text("utf-8")):
            offenders.append(f"{page.relative_to(built_site)}: {m.group(0)}")
    assert not offenders, "\n".join(offenders[:20])


def test_no_generator_link_and_no_web_fonts(built_site):
    html = (built_site / "index.html").read_text("utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "Made with" not in html


def test_every_record_page_is_built(built_site):
    data = json.loads(kb("export", "--json").stdout)
    for ob in data["obligations"]:
        assert (built_site / ob["url"] / "index.html").is_file(), ob["id"]
    for tpl in data["templates"]:
        assert (built_site / tpl["url"] / "index.html").is_file(), tpl["id"]


def test_site_offers_one_word_file_per_template_and_the_calendar(built_site):
    data = json.loads(kb("export", "--json").stdout)
    offered = sorted(p.stem for p in (built_site / "downloads").glob("*.docx"))
    assert offered == sorted(t["id"] for t in data["templates"])
    assert (built_site / "downloads" / "calendar.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_kb_validate_and_stats_pass_on_the_project():
    result = kb("validate")
    assert result.returncode == 0, result.stderr
    stats = json.loads(kb("stats", "--json").stdout)
    assert stats["obligations"] >= 10 and stats["templates"] >= 2


def test_kb_export_has_the_published_shape():
    data = json.loads(kb("export", "--json").stdout)
    shapes = {
        "obligations": {"id", "title", "role", "frequency", "basis", "variants", "examples"},
        "documents": {"id", "title", "issuer", "year", "status"},
        "glossary": {"term", "meaning", "obligations"},
        "templates": {"id", "title", "slots", "sections"},
        "phrases": {"id", "text", "category"},
        "examples": {"id", "text", "obligations", "template", "section"},
    }
    for kind, keys in shapes.items():
        assert data[kind], f"no {kind} exported"
        for record in data[kind]:
            assert keys <= set(record), (kind, keys - set(record))
    for tpl in data["templates"]:
        assert all({"name", "type"} <= set(s) for s in tpl["slots"])
        assert all({"id", "heading", "obligations"} <= set(s) for s in tpl["sections"])
    ob_ids = {o["id"] for o in data["obligations"]}
    for ex in data["examples"]:
        assert set(ex["obligations"]) <= ob_ids


def test_the_sidebar_lists_every_report_template_but_no_obligation(built_site, catalog):
    """From the templates section a writer reaches every genre in the sidebar (Material
    prunes other sections); obligations stay behind their index page, so the sidebar does
    not grow with the records."""
    page = (built_site / "templates" / "index.html").read_text("utf-8")
    nav = page[page.index('class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index('class="md-sidebar md-sidebar--secondary"')]
    for tpl in catalog["templates"]:
        assert f'href="{tpl["url"].removeprefix("templates/")}"' in nav, tpl["id"]
    for ob in catalog["obligations"]:
        assert f'{ob["url"]}"' not in nav, ob["id"]
