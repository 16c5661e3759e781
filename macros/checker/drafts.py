"""Reading a draft for the checker, bounded: size, file kind and Word archive limits.

The kinds read, the limits and what counts as binary data are data/rules.yml ``draft_files``,
given in the checker's data (``data["draft_files"]``), the same the checker page's
``readFile`` applies (docs/assets/checker.js). Every refusal is a :class:`KbError` naming the
file, so ``kb check`` reports it in one line.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from pathlib import Path

from macros.model.problems import KbError

MB = 1024 * 1024                            # the unit sizes are shown in


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
    return KbError(path, 1, f"{what} is {size / MB:.1f} MB, over the limit of "
                   f"{limit / MB:.0f} MB", "check one report at a time; split a longer "
                   "file or save it without embedded pictures")


def read_docx(path: Path, files: dict) -> list[str]:
    """Paragraph texts of a .docx, after checking the archive's declared sizes against
    ``files`` (data/rules.yml ``draft_files``)."""
    size = _regular_size(path)
    if size > files["max_docx_bytes"]:
        raise _too_big(path, size, files["max_docx_bytes"], "the Word file")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise KbError(path, 1, "not a Word document (word/document.xml is missing)",
                              "open it in Word or WPS and save it again as .docx")
            body = archive.getinfo("word/document.xml").file_size
            if body > files["max_document_xml"]:
                raise _too_big(path, body, files["max_document_xml"],
                               "the document text (unpacked)")
            total = sum(i.file_size for i in infos)
            if total > files["max_archive_total"]:
                raise _too_big(path, total, files["max_archive_total"], "the unpacked Word file")
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


def _binary(files: dict) -> re.Pattern[bytes]:
    """One byte of the ranges ``files["binary_bytes"]`` counts as binary data."""
    return re.compile(b"[" + b"".join(re.escape(bytes([a])) + b"-" + re.escape(bytes([b]))
                                      for a, b in files["binary_bytes"]) + b"]")


def decode_text(path, raw: bytes, files: dict) -> str:
    """Text of a plain draft: UTF-8 or GB18030, refusing binary data (``files``:
    data/rules.yml ``draft_files``)."""
    window = raw[:files["binary_window"]]
    if window and len(_binary(files).findall(window)) > files["binary_share"] * len(window):
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
    """The lines of a draft's text (CRLF and CR read as LF; Markdown syntax dropped but for
    the plain kinds of ``draft_files``)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not name.lower().endswith(tuple(data["draft_files"]["plain_suffixes"])):
        strip = re.compile(data["markdown_strip"])
        lines = [strip.sub("", line) for line in lines]
    return lines


def read_draft(path: Path, data: dict) -> list[str]:
    """The lines of a .txt, .md or .docx draft (bounded; refusals name the file; a line
    break inside a Word paragraph starts a new line). ``data``: the checker's data
    (``checker_data``), whose ``draft_files`` are data/rules.yml's."""
    path, files = Path(path), data["draft_files"]
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path, files)
    if suffix not in files["text_suffixes"]:
        raise KbError(path, 1, f"unsupported file type '{suffix}'",
                      "give a .txt, .md or .docx draft")
    size = _regular_size(path)
    if size > files["max_text_bytes"]:
        raise _too_big(path, size, files["max_text_bytes"], "the draft")
    with open(path, "rb") as handle:
        raw = handle.read(files["max_text_bytes"] + 1)
    return lines_of(data, path.name, decode_text(path, raw, files))
