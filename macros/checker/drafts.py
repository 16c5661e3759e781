"""Reading a draft for the checker, bounded: size, file kind and Word archive limits.

Every refusal is a :class:`KbError` naming the file, so ``kb check`` reports it in one line.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from pathlib import Path

from macros.model.problems import KbError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
MAX_TEXT_BYTES = 1024 * 1024                # a long report is under 200 KB of text
MAX_DOCX_BYTES = 20 * 1024 * 1024           # the .docx file itself
MAX_DOCUMENT_XML = 16 * 1024 * 1024         # word/document.xml, uncompressed
MAX_ARCHIVE_TOTAL = 64 * 1024 * 1024        # every part of the .docx, uncompressed
BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
MAX_BINARY_SHARE = 0.01


def _regular_size(path: Path) -> int:
    """The size of a regular file; refuse devices, folders, pipes and missing files."""
    try:
        info = os.stat(path)
    except OSError as err:
        raise KbError(path, 1, f"cannot open the draft ({err.strerror})",
                      "check the file name and that you may read it") from None
    if not stat.S_ISREG(info.st_mode):
        raise KbError(path, 1, "not a regular file (a folder, device or pipe)",
                      "give the path of a saved .txt, .md or .docx draft")
    return info.st_size


def _too_big(path, size: int, limit: int, what: str):
    return KbError(path, 1, f"{what} is {size / 1048576:.1f} MB, over the limit of "
                   f"{limit / 1048576:.0f} MB", "check one report at a time; split a longer "
                   "file or save it without embedded pictures")


def read_docx(path: Path) -> list[str]:
    """Paragraph texts of a .docx, after checking the archive's declared sizes."""
    size = _regular_size(path)
    if size > MAX_DOCX_BYTES:
        raise _too_big(path, size, MAX_DOCX_BYTES, "the Word file")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise KbError(path, 1, "not a Word document (word/document.xml is missing)",
                              "open it in Word or WPS and save it again as .docx")
            body = archive.getinfo("word/document.xml").file_size
            if body > MAX_DOCUMENT_XML:
                raise _too_big(path, body, MAX_DOCUMENT_XML, "the document text (unpacked)")
            total = sum(i.file_size for i in infos)
            if total > MAX_ARCHIVE_TOTAL:
                raise _too_big(path, total, MAX_ARCHIVE_TOTAL, "the unpacked Word file")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise KbError(path, 1, "not a readable Word file (damaged or not a .docx)",
                      "open it in Word or WPS and save it again as .docx") from None
    import docx  # heavy: loaded only for a Word draft

    try:
        paras = [p.text for p in docx.Document(str(path)).paragraphs]
        return [line for p in paras for line in p.replace("\r", "\n").split("\n")]
    except Exception:                            # any damage inside the archive
        raise KbError(path, 1, "not a readable Word file (its XML is damaged)",
                      "open it in Word or WPS and save it again as .docx") from None


def decode_text(path, raw: bytes) -> str:
    """Text of a plain draft: UTF-8 or GB18030, refusing binary data."""
    if raw and len(BINARY.findall(raw[:65536])) > MAX_BINARY_SHARE * min(len(raw), 65536):
        raise KbError(path, 1, "binary data, not text", "save the draft as plain text "
                      "(.txt, UTF-8) or as .docx")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KbError(path, 1, "cannot read the text (not UTF-8 or GB18030)",
                  "save the draft as UTF-8 text")


def lines_of(data: dict, name: str, text: str) -> list[str]:
    """The lines of a draft's text (CRLF and CR read as LF; Markdown syntax dropped)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.search(r"\.(txt|text)$", name, re.I):
        strip = re.compile(data["markdown_strip"])
        lines = [strip.sub("", line) for line in lines]
    return lines


def read_draft(path: Path, data: dict) -> list[str]:
    """The lines of a .txt, .md or .docx draft (bounded; refusals name the file; a line
    break inside a Word paragraph starts a new line). ``data``: the checker specification
    (``checker_data``, or the catalogue's ``settings.checker``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix not in TEXT_SUFFIXES:
        raise KbError(path, 1, f"unsupported file type '{suffix}'",
                      "give a .txt, .md or .docx draft")
    size = _regular_size(path)
    if size > MAX_TEXT_BYTES:
        raise _too_big(path, size, MAX_TEXT_BYTES, "the draft")
    with open(path, "rb") as handle:
        raw = handle.read(MAX_TEXT_BYTES + 1)
    return lines_of(data, path.name, decode_text(path, raw))
