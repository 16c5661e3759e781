"""GB/T 9704-2012 points of the Word output, read back with python-docx; `kb fill --draft`."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from macros.model.settings import read_settings
from macros.outputs.word import write_draft_docx
from macros.outputs.wordplan import text_width

from .conftest import BIN, ROOT
from .test_word_parity import edited_draft, example_values, four_levels_draft
from .wordxml import all_parts

CHAR = Pt(16)           # one character of 3号 body text


def kb_fill(*args):
    return subprocess.run([str(BIN / "kb"), "fill", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


def fill_with_examples(cat, tmp_path, template_id: str):
    tpl = cat.templates[template_id]
    sets = [a for n, v in example_values(cat, tpl).items() for a in ("--set", f"{n}={v}")]
    out = tmp_path / f"{template_id}.docx"
    result = kb_fill(template_id, *sets, "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def outline(para):
    el = para._p.pPr.find(qn("w:outlineLvl")) if para._p.pPr is not None else None
    return None if el is None else int(el.get(qn("w:val")))


def east_asian_font(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_addressee_flush_left_with_full_width_colon(cat, tmp_path):
    doc = docx.Document(str(fill_with_examples(cat, tmp_path, "bannian-zicha")))
    addressee = doc.paragraphs[2]
    assert addressee.text == "县委："
    assert addressee.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert not addressee.paragraph_format.first_line_indent
    body = doc.paragraphs[3]
    assert body.paragraph_format.first_line_indent == 2 * CHAR


def test_addressee_ascii_colon_becomes_full_width(cat, tmp_path):
    src = tmp_path / "d.json"
    src.write_text(json.dumps(edited_draft(cat), ensure_ascii=False), encoding="utf-8")
    result = kb_fill("bannian-zicha", "--draft", src, "-o", tmp_path / "d.docx")
    assert result.returncode == 0, result.stderr
    texts = [p.text for p in docx.Document(str(tmp_path / "d.docx")).paragraphs]
    assert "县委：" in texts and "县委:" not in texts


def test_headings_carry_outline_levels_and_fonts(cat, tmp_path):
    doc = docx.Document(str(fill_with_examples(cat, tmp_path, "niandu-qingkuang-baogao")))
    tpl = cat.templates["niandu-qingkuang-baogao"]
    headings = {s["heading"]: s["level"] for s in tpl["sections"] if s["level"] >= 1}
    fonts = {1: "黑体", 2: "楷体_GB2312"}
    seen = set()
    for para in doc.paragraphs:
        if para.text in headings:
            level = headings[para.text]
            assert outline(para) == level - 1, para.text
            assert {east_asian_font(r) for r in para.runs} == {fonts[level]}, para.text
            seen.add(level)
        else:
            assert outline(para) is None, para.text
    assert seen == {1, 2}


def test_four_levels_fonts_and_bold(tmp_path):
    out = write_draft_docx(four_levels_draft(), tmp_path / "four.docx", read_settings(ROOT).need("layout"))
    doc = docx.Document(str(out))
    expect = {"一、总体情况": (0, "黑体", None), "（一）责任落实": (1, "楷体_GB2312", None),
              "1.专题研究": (2, "仿宋_GB2312", True), "（1）党组会议": (3, "仿宋_GB2312", None)}
    found = {p.text: (outline(p), east_asian_font(p.runs[0]), p.runs[0].bold)
             for p in doc.paragraphs if p.text in expect}
    assert found == expect
    assert doc.paragraphs[1].text == ""
    body = next(p for p in doc.paragraphs if p.text == "第3层正文。")
    assert outline(body) is None and not body.runs[0].bold


def test_signature_and_date_right_four_characters(cat, tmp_path):
    doc = docx.Document(str(fill_with_examples(cat, tmp_path, "bannian-zicha")))
    name, date = doc.paragraphs[-2], doc.paragraphs[-1]
    assert (name.text, date.text) == ("某局党组", "2026年12月20日")
    assert doc.paragraphs[-3].text == ""                    # one line below the text
    assert date.alignment == name.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent == 4 * CHAR   # 右空四字
    # the name is centred over the date
    shift = (text_width(date.text) - text_width(name.text)) / 2
    assert name.paragraph_format.right_indent == int((4 + shift) * CHAR)
    assert not date.paragraph_format.first_line_indent


def test_core_properties_are_the_report_not_the_library(cat, tmp_path):
    out = fill_with_examples(cat, tmp_path, "bannian-zicha")
    props = docx.Document(str(out)).core_properties
    assert props.title == "某局党组2026年上半年意识形态工作自查报告"
    assert props.author == "某局党组"
    now = datetime.now(UTC)
    for stamp in (props.created, props.modified):
        assert abs(stamp.replace(tzinfo=UTC) - now) < timedelta(minutes=5)
    assert not any(b"python-docx" in blob for blob in all_parts(out).values())


def test_author_empty_without_unit_name(cat, tmp_path):
    out = tmp_path / "empty.docx"
    draft = edited_draft(cat)
    draft["values"].pop("单位名称")
    src = tmp_path / "d.json"
    src.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    assert kb_fill("bannian-zicha", "--draft", src, "-o", out).returncode == 0
    props = docx.Document(str(out)).core_properties
    assert props.author == ""
    assert props.title == "【单位名称】2026年上半年意识形态工作自查报告"


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace('"id": "wenti"', '"id": "nope"'), "章节nope不是本模板的章节"),
    (lambda t: t.replace('"bannian-zicha"', '"geren-duizhao"', 1), "另一个模板（geren-duizhao）"),
    (lambda t: t.replace("kb-draft/1", "kb-draft/9"), "缺少kb-draft/1标记"),
    (lambda t: t[:-20], "不是有效的草稿"),
    (lambda t: t.replace('"paragraphs": [', '"paragraphs": [1, ', 1), "的段落不是一列文字"),
])
def test_bad_draft_is_reported_with_file_and_line(cat, tmp_path, change, message):
    text = json.dumps(edited_draft(cat), ensure_ascii=False, indent=1)
    src = tmp_path / "bad.json"
    src.write_text(change(text), encoding="utf-8")
    result = kb_fill("bannian-zicha", "--draft", src, "-o", tmp_path / "x.docx")
    assert result.returncode == 2
    assert message in result.stderr and f"{src}:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_unknown_section_line_points_at_it(cat, tmp_path):
    text = json.dumps(edited_draft(cat), ensure_ascii=False, indent=1)
    bad = text.replace('"id": "wenti"', '"id": "nope"')
    src = tmp_path / "bad.json"
    src.write_text(bad, encoding="utf-8")
    line = bad[:bad.index('"nope"')].count("\n") + 1
    result = kb_fill("bannian-zicha", "--draft", src, "-o", tmp_path / "x.docx")
    assert f"{src}:{line}: 章节nope不是本模板的章节" in result.stderr


def test_fill_with_set_still_works_and_requires_slots(tmp_path):
    result = kb_fill("bannian-zicha", "--set", "报告年度=2026", "-o", tmp_path / "x.docx")
    assert result.returncode == 2 and "单位名称" in result.stderr


def test_every_template_title_is_broken_between_words(cat):
    """GB/T 9704-2012 7.3.1: a long title is broken between words, lines of like length."""
    from macros.outputs.wordplan import clean, fill, geometry, skeleton_draft, title_lines
    layout = read_settings(ROOT).need("layout")
    limit = geometry(layout)["title_chars"]
    broken = 0
    for tpl in cat.templates.values():
        values = {name: cat.slots[name]["example"] for name in tpl["slots"]}
        title = fill(clean(skeleton_draft(tpl, values)["title"]), values)
        lines = title_lines(title, layout)
        assert "".join(lines) == title
        assert all(text_width(line) <= limit for line in lines), lines
        for word in ("意识形态", "责任制", "领域", "2026"):
            assert all(word not in a[-3:] + b[:3] or word in a or word in b
                       for a, b in zip(lines, lines[1:], strict=False)), lines
        broken += len(lines) > 1
    assert broken >= 5
