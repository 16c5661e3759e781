"""Report templates as Word documents in the official-document layout (GB/T 9704)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from macros.model.catalog import Catalog
from macros.model.text import SLOT, unfold
from macros.outputs.layout import load_layout

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "center": WD_ALIGN_PARAGRAPH.CENTER}
TITLE_HEADINGS = ("标题",)
SIGNATURE_HEADINGS = ("落款",)


def _set_font(run, fonts: list[str], size_pt: float) -> None:
    run.font.size = Pt(size_pt)
    run.font.name = fonts[0]
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), fonts[0])


def _register_fallbacks(doc, layout: dict) -> None:
    """Declare each first-choice font in the font table with its fallback (w:altName)."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    groups = [layout["title"]["fonts"], layout["body"]["fonts"], layout["page_number"]["fonts"],
              *(h["fonts"] for h in layout["headings"].values())]
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for fonts in groups:
        if fonts[0] in known or len(fonts) < 2:
            continue
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): fonts[0]})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): fonts[1]})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
        known.add(fonts[0])
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _paragraph(doc, layout, *, align="justify", indent=True):
    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(layout["line_spacing_pt"])
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(layout["body"]["size_pt"] * layout["first_line_indent_chars"])
    para.alignment = ALIGN.get(align, WD_ALIGN_PARAGRAPH.JUSTIFY)
    return para


def _add_text(para, text: str, values: dict, fonts, size, highlight) -> None:
    """Add ``text`` as runs: filled slots become their value, unfilled ones stay marked."""
    pos = 0
    for m in SLOT.finditer(text):
        if m.start() > pos:
            _set_font(para.add_run(text[pos:m.start()]), fonts, size)
        value = values.get(m.group(1), "")
        run = para.add_run(str(value) if value != "" else m.group(0))
        _set_font(run, fonts, size)
        if value == "" and highlight:
            run.font.highlight_color = highlight
        pos = m.end()
    if pos < len(text):
        _set_font(para.add_run(text[pos:]), fonts, size)


def _page_number(section, layout: dict) -> None:
    spec = layout["page_number"]
    for footer, side in ((section.footer, spec["odd"]), (section.even_page_footer, spec["even"])):
        footer.is_linked_to_previous = False
        para = footer.paragraphs[0]
        para.alignment = ALIGN[side]
        _set_font(para.add_run(spec["prefix"]), spec["fonts"], spec["size_pt"])
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = para.add_run("1")
        _set_font(run, spec["fonts"], spec["size_pt"])
        run._element.addprevious(field)
        field.append(run._element)
        _set_font(para.add_run(spec["suffix"]), spec["fonts"], spec["size_pt"])


def build_document(cat: Catalog, template_id: str, values: dict | None = None,
                   layout: dict | None = None):
    """A python-docx Document of the template, slots filled from ``values``."""
    values = values or {}
    layout = layout or load_layout(cat.root)
    tpl = cat.templates[template_id]
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    page = layout["page"]
    section.page_width, section.page_height = Mm(page["width_mm"]), Mm(page["height_mm"])
    section.top_margin, section.bottom_margin = Mm(page["margin_top_mm"]), Mm(
        page["margin_bottom_mm"])
    section.left_margin, section.right_margin = Mm(page["margin_left_mm"]), Mm(
        page["margin_right_mm"])
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section, layout)
    _register_fallbacks(doc, layout)
    highlight = getattr(WD_COLOR_INDEX, str(layout.get("unfilled_slot_highlight", "")).upper(),
                        None)
    body = layout["body"]
    style = doc.styles["Normal"]
    _set_font_style(style, body["fonts"], body["size_pt"])
    for sec in tpl["sections"]:
        paras = [unfold(p) for p in str(sec["skeleton"]).split("\n\n") if p.strip()]
        level = sec["level"]
        if level == 0 and sec["heading"] in TITLE_HEADINGS:
            for text in paras:
                para = _paragraph(doc, layout, align="center", indent=False)
                _add_text(para, text, values, layout["title"]["fonts"],
                          layout["title"]["size_pt"], highlight)
            _paragraph(doc, layout, indent=False)
            continue
        if level == 0 and sec["heading"] in SIGNATURE_HEADINGS:
            _paragraph(doc, layout, indent=False)
            for text in paras:
                para = _paragraph(doc, layout, align="right", indent=False)
                _add_text(para, text, values, body["fonts"], body["size_pt"], highlight)
            continue
        if level >= 1:
            spec = layout["headings"][level]
            para = _paragraph(doc, layout)
            _add_text(para, unfold(sec["heading"]), values, spec["fonts"], spec["size_pt"],
                      highlight)
        for text in paras:
            _add_text(_paragraph(doc, layout), text, values, body["fonts"], body["size_pt"],
                      highlight)
    doc.core_properties.title = tpl["title"]
    return doc


def _set_font_style(style, fonts, size_pt) -> None:
    style.font.name = fonts[0]
    style.font.size = Pt(size_pt)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), fonts[0])


def write_docx(cat: Catalog, template_id: str, out: Path, values: dict | None = None,
               layout: dict | None = None) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    build_document(cat, template_id, values, layout).save(str(out))
    return out
