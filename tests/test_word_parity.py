"""The page's Word builder (docs/assets/kb-word.js under node) and `kb fill --draft` give the
same document: paragraphs, styles and runs, for every template and for an edited draft."""

from __future__ import annotations

import copy
import json
import os
import subprocess

import yaml

from macros.model.settings import read_settings
from macros.outputs.word import write_draft_docx
from macros.outputs.wordplan import skeleton_draft

from .conftest import BIN, ROOT
from .node import node
from .wordxml import all_parts, paragraphs

BUILD_JS = ROOT / "tests" / "js" / "build_docx.js"


def example_values(cat, tpl) -> dict:
    return {name: cat.slots[name]["example"] for name in tpl["slots"]}


def as_file(cat, draft: dict) -> dict:
    """A draft as the page exports it: with the format of data/rules.yml."""
    return {"format": cat.settings.need("rules").draft["format"], **draft}


def edited_draft(cat) -> dict:
    """A draft as a writer leaves it: an edited sentence, a dropped section, an ASCII colon
    after the addressee, a wrapped paragraph, a number value and one slot left empty."""
    tpl = cat.templates["bannian-zicha"]
    values = {**example_values(cat, tpl), "报告年度": 2026}
    values.pop("研判次数")
    draft = as_file(cat, skeleton_draft(tpl, values))
    sections = {s["id"]: s for s in draft["sections"]}
    sections["daoyu"]["paragraphs"][0] = "【上级党委】:"
    sections["zeren-luoshi"]["paragraphs"].append("局党组书记带头讲党课，\n班子成员到联系点调研。")
    sections["wenti"]["dropped"] = True
    sections["yanpan-chuzhi"]["paragraphs"] = ["全年研判【研判次数】次。", "  "]
    return draft


def build_both(tmp_path, cat, drafts: dict[str, dict]):
    """Build each draft through `kb fill --draft` and through kb-word.js; yield the pairs."""
    (tmp_path / "layout.json").write_text(json.dumps(cat.settings.need("layout"),
                                                     ensure_ascii=False), encoding="utf-8")
    args, pairs = [], []
    for name, draft in drafts.items():
        src = tmp_path / f"{name}.json"
        src.write_text(json.dumps(as_file(cat, draft), ensure_ascii=False, indent=1),
                       encoding="utf-8")
        py_out, js_out = tmp_path / f"{name}.py.docx", tmp_path / f"{name}.js.docx"
        result = subprocess.run([str(BIN / "kb"), "fill", draft["template"], "--draft", str(src),
                                 "-o", str(py_out)], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        args += [str(src), str(js_out)]
        pairs.append((name, draft, py_out, js_out))
    rules = tmp_path / "rules.json"            # the file names follow data/rules.yml
    rules.write_text(json.dumps(yaml.safe_load((ROOT / "data" / "rules.yml").read_text("utf-8")),
                                ensure_ascii=False), encoding="utf-8")
    out = node(BUILD_JS, tmp_path / "layout.json", *args,
               env={**os.environ, "KB_RULES_JSON": str(rules)})
    return pairs, out.splitlines()


def test_every_template_skeleton_same_in_browser_and_cli(tmp_path, cat):
    drafts = {tid: skeleton_draft(tpl, example_values(cat, tpl))
              for tid, tpl in cat.templates.items()}
    drafts["edited"] = edited_draft(cat)
    pairs, names = build_both(tmp_path, cat, drafts)
    assert len(pairs) == len(cat.templates) + 1
    for name, _draft, py_out, js_out in pairs:
        py, js = paragraphs(py_out), paragraphs(js_out)
        assert len(py) > 5, name
        for i, (a, b) in enumerate(zip(py, js, strict=False)):
            assert a == b, f"{name}: paragraph {i} differs\n kb fill: {a}\n kb-word: {b}"
        assert len(py) == len(js), name
    assert names[-1] == "某局党组2026年上半年意识形态工作自查报告.docx"


def test_edited_draft_text_reaches_both_files(tmp_path, cat):
    draft = edited_draft(cat)
    (_, _, py_out, js_out), = build_both(tmp_path, cat, {"edited": draft})[0]
    for out in (py_out, js_out):
        text = "\n".join("".join(r[0] for r in p[5]) for p in paragraphs(out))
        assert "局党组书记带头讲党课，班子成员到联系点调研。" in text
        assert "五、存在的问题" not in text                 # dropped section
        assert "全年研判【研判次数】次。" in text           # unfilled slot kept, highlighted
        assert "县委：" in text and "县委:" not in text
        parts = all_parts(out)
        assert not any(b"python-docx" in blob for blob in parts.values())
        core = parts["docProps/core.xml"].decode()
        assert "<dc:title>某局党组2026年上半年意识形态工作自查报告</dc:title>" in core
        assert "<dc:creator>某局党组</dc:creator>" in core


def test_unfilled_slot_is_highlighted_in_both(tmp_path, cat):
    draft = edited_draft(cat)
    (_, _, py_out, js_out), = build_both(tmp_path, cat, {"edited": draft})[0]
    for out in (py_out, js_out):
        runs = [r for p in paragraphs(out) for r in p[5] if r[0] == "【研判次数】"]
        assert runs and all(r[5] == "yellow" for r in runs)


def test_draft_without_title_section_uses_the_draft_title(tmp_path, cat):
    draft = copy.deepcopy(edited_draft(cat))
    draft["sections"] = [s for s in draft["sections"] if s["id"] != "biaoti"]
    draft["title"] = "【单位名称】上半年自查报告"
    (_, _, py_out, js_out), = build_both(tmp_path, cat, {"notitle": draft})[0]
    first = paragraphs(py_out)[0]
    assert "".join(r[0] for r in first[5]) == "某局党组上半年自查报告"
    assert paragraphs(py_out) == paragraphs(js_out)


def four_levels_draft() -> dict:
    """A draft with headings at all four levels 一、（一）1.（1）."""
    heads = ["一、总体情况", "（一）责任落实", "1.专题研究", "（1）党组会议"]
    sections = [{"id": "biaoti", "level": 0, "heading": "标题", "dropped": False,
                 "paragraphs": ["【单位名称】工作报告"]}]
    sections += [{"id": f"s{n}", "level": n, "heading": h, "dropped": False,
                  "paragraphs": [f"第{n}层正文。"]} for n, h in enumerate(heads, start=1)]
    sections.append({"id": "luokuan", "level": 0, "heading": "落款", "dropped": False,
                     "paragraphs": ["【单位名称】", "【成文日期】"]})
    return {"format": "kb-draft/1", "template": "x", "title": "【单位名称】工作报告",
            "values": {"单位名称": "某镇党委", "成文日期": "2026年12月20日"},
            "sections": sections}


def test_four_heading_levels_same_in_browser_and_python(tmp_path):
    layout = read_settings(ROOT).need("layout")
    draft = four_levels_draft()
    src, layout_file = tmp_path / "d.json", tmp_path / "layout.json"
    src.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    layout_file.write_text(json.dumps(layout, ensure_ascii=False), encoding="utf-8")
    py_out = write_draft_docx(draft, tmp_path / "py.docx", layout)
    node(BUILD_JS, layout_file, src, tmp_path / "js.docx")
    py, js = paragraphs(py_out), paragraphs(tmp_path / "js.docx")
    assert py == js
    outlines = [p[1] for p in py if p[1] is not None]
    assert outlines == ["0", "1", "2", "3"]


def annual_draft(cat) -> dict:
    """The annual report with a long title and an unconfirmed example fact."""
    tpl = cat.templates["niandu-qingkuang-baogao"]
    values = {**example_values(cat, tpl), "单位名称": "某县文化和旅游局党组", "报告年度": "2026"}
    draft = skeleton_draft(tpl, values)
    draft["title"] = "某县文化和旅游局党组2026年度意识形态工作责任制落实情况的报告"
    sections = {s["id"]: s for s in draft["sections"]}
    sections["biaoti"]["paragraphs"] = [draft["title"]]
    sections["wenti"]["paragraphs"] = ["全年〖累计培训120人次〗，覆盖全体干部职工。"]
    return draft


def section_xml(docx_path):
    from lxml import etree
    root = etree.fromstring(all_parts(docx_path)["word/document.xml"])
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    sect = root.find(f"{W}body/{W}sectPr")
    grid, margin = sect.find(f"{W}docGrid"), sect.find(f"{W}pgMar")
    return ({k.replace(W, ""): v for k, v in grid.attrib.items()},
            margin.get(f"{W}footer"), margin.get(f"{W}bottom"))


def footer_texts(docx_path) -> list[str]:
    import re
    parts = all_parts(docx_path)
    texts = []
    for name in sorted(n for n in parts if re.match(r"word/footer\d+\.xml", n)):
        xml = parts[name].decode()
        texts.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)))
    return texts


def test_grid_footer_and_title_breaks_same_in_browser_and_cli(tmp_path, cat):
    """GB/T 9704: 28 characters × 22 lines (w:docGrid), the page number's top 7 mm below the
    text area with 空一字 at the outer edge, the title broken between words, in both files."""
    layout = read_settings(ROOT).need("layout")
    (_, _, py_out, js_out), = build_both(tmp_path, cat, {"annual": annual_draft(cat)})[0]
    assert paragraphs(py_out) == paragraphs(js_out)
    for out in (py_out, js_out):
        grid, footer, bottom = section_xml(out)
        assert grid["type"] == "linesAndChars"
        page = layout["page"]
        width_pt = (page["width_mm"] - page["margin_left_mm"] - page["margin_right_mm"]) * 72 / 25.4
        pitch = layout["body"]["size_pt"] + int(grid["charSpace"]) / 4096
        assert round(width_pt / pitch) == 28
        height_pt = (page["height_mm"] - page["margin_top_mm"] - page["margin_bottom_mm"]) * 72 / 25.4
        assert round(height_pt / (int(grid["linePitch"]) / 20)) == 22
        # top of the page-number line: footer distance + one 4号 line = bottom margin - 7 mm
        top_mm = (int(footer) + 14 * 20) / 1440 * 25.4
        assert abs(int(bottom) / 1440 * 25.4 - top_mm - 7) < 0.1
        texts = footer_texts(out)
        assert any(t.startswith("— ") and t.endswith(" —\u3000") for t in texts), texts
        assert any(t.startswith("\u3000— ") for t in texts), texts
        title = "".join(r[0] for r in paragraphs(out)[0][5])
        assert title == "某县文化和旅游局党组2026年度\n意识形态工作责任制落实情况的报告"


def test_unconfirmed_fact_is_kept_and_highlighted_in_both(tmp_path, cat):
    (_, _, py_out, js_out), = build_both(tmp_path, cat, {"annual": annual_draft(cat)})[0]
    for out in (py_out, js_out):
        runs = [r for p in paragraphs(out) for r in p[5] if r[0] == "〖累计培训120人次〗"]
        assert runs and all(r[5] == "yellow" for r in runs)
