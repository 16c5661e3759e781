"""Read a .docx the way the Word tests compare them: paragraphs, styles and runs."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _attr(el, path: str, name: str = "val"):
    found = el.find(path) if el is not None else None
    return None if found is None else found.get(W + name)


def _on(rpr, tag: str) -> bool:
    el = rpr.find(W + tag) if rpr is not None else None
    return el is not None and el.get(W + "val") not in ("0", "false", "off")


def paragraphs(docx: Path) -> list[tuple]:
    """(style, outline level, alignment, first-line and right indent, line spacing, runs) of
    every body paragraph; runs are (text, east-Asian and Latin font, size, bold, highlight); a line break is "\n"."""
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for p in root.find(W + "body").iter(W + "p"):
        ppr = p.find(W + "pPr")
        ind = ppr.find(W + "ind") if ppr is not None else None
        spacing = ppr.find(W + "spacing") if ppr is not None else None
        runs = []
        for r in p.iter(W + "r"):
            rpr = r.find(W + "rPr")
            fonts = rpr.find(W + "rFonts") if rpr is not None else None
            runs.append(("".join("\n" if t.tag == W + "br" else t.text or ""
                             for t in r.iter(W + "t", W + "br")),
                         None if fonts is None else fonts.get(W + "eastAsia"),
                         None if fonts is None else fonts.get(W + "ascii"),
                         _attr(rpr, W + "sz"), _on(rpr, "b"), _attr(rpr, W + "highlight")))
        out.append((_attr(ppr, W + "pStyle") or "Normal", _attr(ppr, W + "outlineLvl"),
                    _attr(ppr, W + "jc"),
                    None if ind is None else (ind.get(W + "firstLine") or "0",
                                              ind.get(W + "right") or "0"),
                    None if spacing is None else (spacing.get(W + "line"),
                                                  spacing.get(W + "lineRule")),
                    tuple(runs)))
    return out


def all_parts(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as z:
        return {name: z.read(name) for name in z.namelist()}
