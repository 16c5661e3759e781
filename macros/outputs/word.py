"""Report templates as Word documents in the official-document layout (GB/T 9704)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from lxml import etree

from macros.model.catalog import Catalog
from macros.outputs.wordplan import (
    TWIPS_PER_PT,
    Draft,
    Paragraph,
    Plan,
    geometry,
    half_up,
    plan,
    skeleton_draft,
)

if TYPE_CHECKING:                  # generated for the type checker by model.typegen
    from macros.model.records import LayoutSettings

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "center": WD_ALIGN_PARAGRAPH.CENTER, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}


def _set_font(run, fonts: list[str], size_pt: float) -> None:
    run.font.size = Pt(size_pt)
    run.font.name = fonts[0]
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), fonts[0])


def _register_fallbacks(doc, layout: LayoutSettings) -> None:
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


def _paragraph(doc, layout: LayoutSettings, spec: Paragraph):
    """A paragraph of the plan: exact line spacing, alignment, indents, outline level, runs."""
    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(half_up(layout["line_spacing_pt"] * TWIPS_PER_PT))
    fmt.space_before = fmt.space_after = Pt(0)
    if spec["first_line_twips"]:
        fmt.first_line_indent = Twips(spec["first_line_twips"])
    if spec["right_twips"]:
        fmt.right_indent = Twips(spec["right_twips"])
    para.alignment = ALIGN[spec["align"]]
    if spec["outline"] is not None:
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(spec["outline"]))
        para._p.get_or_add_pPr().append(outline)
    for r in spec["runs"]:
        run = para.add_run()
        if r.get("break"):
            run.add_break()
        run.add_text(r["text"])
        _set_font(run, [r["font"]], r["size_half_pt"] / 2)
        if r["bold"]:
            run.font.bold = True
        if r["highlight"]:
            run.font.highlight_color = getattr(WD_COLOR_INDEX, r["highlight"].upper(), None)
    return para


def _page_number(section, layout: LayoutSettings) -> None:
    """— 1 — in the footers: odd pages on the right, even on the left, 空一字 at the edge."""
    spec = layout["page_number"]
    edge = spec.get("edge_space", "")
    for footer, side in ((section.footer, spec["odd"]), (section.even_page_footer, spec["even"])):
        footer.is_linked_to_previous = False
        para = footer.paragraphs[0]
        para.alignment = ALIGN[side]
        prefix = (edge if side == "left" else "") + spec["prefix"]
        suffix = spec["suffix"] + (edge if side == "right" else "")
        _set_font(para.add_run(prefix), spec["fonts"], spec["size_pt"])
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = para.add_run("1")
        _set_font(run, spec["fonts"], spec["size_pt"])
        run._element.addprevious(field)
        field.append(run._element)
        _set_font(para.add_run(suffix), spec["fonts"], spec["size_pt"])


def _grid_and_footer(section, layout: LayoutSettings) -> None:
    """The document grid (w:docGrid, raw XML: python-docx has no API) and footer distance."""
    geo = geometry(layout)
    if geo["footer"] is not None:
        section.footer_distance = Twips(geo["footer"])
    if geo["char_space"] is None:
        return
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(geo["line_pitch"]))
    grid.set(qn("w:charSpace"), str(geo["char_space"]))
    sect.append(grid)


def build_document(cat: Catalog, template_id: str, values: dict | None = None,
                   layout: LayoutSettings | None = None):
    """A python-docx Document of the template's skeletons, slots filled from ``values``."""
    layout = layout or cat.settings.need("layout")
    return draft_document(skeleton_draft(cat.templates[template_id], values), layout)


def draft_document(draft: Draft, layout: LayoutSettings):
    """A python-docx Document of a draft (format kb-draft/1) in the official layout."""
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
    _grid_and_footer(section, layout)
    _page_number(section, layout)
    _register_fallbacks(doc, layout)
    body = layout["body"]
    _set_font_style(doc.styles["Normal"], body["fonts"], body["size_pt"])
    doc_plan = plan(draft, layout)
    for spec in doc_plan["paragraphs"]:
        _paragraph(doc, layout, spec)
    _core_properties(doc, doc_plan)
    return doc


def _core_properties(doc, doc_plan: Plan) -> None:
    """Title and author of the report, created and modified now, nothing of the library."""
    props = doc.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    # A core property holds at most 255 characters (python-docx refuses more): the document
    # itself keeps the full text, its properties a shortened one.
    props.title = _property_text(doc_plan["title"])
    props.author = _property_text(doc_plan["author"])
    props.created = props.modified = now
    props.comments = props.last_modified_by = props.subject = props.keywords = ""
    props.category = ""
    props.revision = 1


PROPERTY_MAX = 255


def _property_text(value) -> str:
    text = "".join(c for c in str(value or "") if c.isprintable() or c == " ")
    return text if len(text) <= PROPERTY_MAX else text[:PROPERTY_MAX - 1] + "…"


def _set_font_style(style, fonts, size_pt) -> None:
    style.font.name = fonts[0]
    style.font.size = Pt(size_pt)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), fonts[0])


def write_docx(cat: Catalog, template_id: str, out: Path, values: dict | None = None,
               layout: LayoutSettings | None = None) -> Path:
    """The template's skeletons, filled from ``values``, as a .docx file."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    build_document(cat, template_id, values, layout).save(str(out))
    return out


def write_draft_docx(draft: Draft, out: Path, layout: LayoutSettings) -> Path:
    """A draft (format kb-draft/1) as a .docx file."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    draft_document(draft, layout).save(str(out))
    return out
