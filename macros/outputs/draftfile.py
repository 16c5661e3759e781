"""Read a draft exported by a template page (kb-draft/1 JSON) and rebuild it on a template."""

from __future__ import annotations

import json
import re
from pathlib import Path

from macros.outputs.wordplan import DRAFT_FORMAT, clean

MAX_BYTES = 4_000_000
EXPORT_HINT = "export the draft again with 导出草稿 on the template page"


class DraftError(ValueError):
    """A draft file that cannot be used; the message is `file:line: what — how to fix`."""


def _line_of(raw: str, key: str, value: str | None = None) -> int:
    """Line of the first `"key": "value"` (or `"key":`) in the JSON text, else 1."""
    pattern = re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:"
    if value is not None:
        pattern += r"\s*" + re.escape(json.dumps(value, ensure_ascii=False))
    m = re.search(pattern, raw)
    return raw.count("\n", 0, m.start()) + 1 if m else 1


def read_draft_file(path: Path) -> tuple[dict, str]:
    """The parsed draft and its raw text; DraftError when unreadable or not a draft."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise DraftError(f"{name}:1: cannot read the draft ({err.strerror}) — "
                         "check the path") from None
    if len(data) > MAX_BYTES:
        raise DraftError(f"{name}:1: the draft is larger than {MAX_BYTES // 1_000_000} MB — "
                         f"{EXPORT_HINT}")
    try:
        raw = data.decode("utf-8-sig")
        draft = json.loads(raw)
    except UnicodeDecodeError:
        raise DraftError(f"{name}:1: not UTF-8 text — {EXPORT_HINT}") from None
    except json.JSONDecodeError as err:
        raise DraftError(f"{name}:{err.lineno}: not valid JSON ({err.msg}) — "
                         f"{EXPORT_HINT}") from None
    if not isinstance(draft, dict) or draft.get("format") != DRAFT_FORMAT:
        raise DraftError(f"{name}:1: not a draft (\"format\" must be \"{DRAFT_FORMAT}\") — "
                         f"{EXPORT_HINT}")
    return draft, raw


def rebuild_draft(path: Path, tpl: dict, extra_values: dict | None = None) -> dict:
    """The draft of ``path`` on template ``tpl``: headings and levels from the catalogue,
    paragraphs, dropped sections, title and values from the file."""
    draft, raw = read_draft_file(path)
    name = str(path)
    if draft.get("template", tpl["id"]) != tpl["id"]:
        raise DraftError(f"{name}:{_line_of(raw, 'template')}: the draft is for template "
                         f"'{draft.get('template')}', not '{tpl['id']}' — run "
                         f"`kb fill {draft.get('template')} --draft {name}`")
    values = draft.get("values", {})
    if not isinstance(values, dict) or any(
            isinstance(v, (dict, list)) for v in values.values()):
        raise DraftError(f"{name}:{_line_of(raw, 'values')}: \"values\" must map 槽位名 to a "
                         f"text or number — {EXPORT_HINT}")
    sections = draft.get("sections")
    if not isinstance(sections, list):
        raise DraftError(f"{name}:{_line_of(raw, 'sections')}: \"sections\" must be a list — "
                         f"{EXPORT_HINT}")
    known = {sec["id"]: sec for sec in tpl["sections"]}
    out, seen = [], set()
    for sec in sections:
        sid = sec.get("id") if isinstance(sec, dict) else None
        if not isinstance(sid, str):
            raise DraftError(f"{name}:{_line_of(raw, 'sections')}: every section needs an "
                             f"\"id\" — {EXPORT_HINT}")
        line = _line_of(raw, "id", sid)
        if sid not in known:
            raise DraftError(f"{name}:{line}: unknown section '{sid}' of template "
                             f"{tpl['id']} — use one of: {', '.join(known)}")
        if sid in seen:
            raise DraftError(f"{name}:{line}: section '{sid}' appears twice — keep one")
        seen.add(sid)
        paras = sec.get("paragraphs", [])
        if not isinstance(paras, list) or not all(isinstance(p, str) for p in paras):
            raise DraftError(f"{name}:{line}: \"paragraphs\" of section '{sid}' must be a list "
                             f"of texts — {EXPORT_HINT}")
        ref = known[sid]
        out.append({"id": sid, "level": ref["level"], "heading": clean(ref["heading"]),
                    "dropped": bool(sec.get("dropped")), "paragraphs": paras})
    title = draft.get("title")
    if not isinstance(title, str) or not title.strip():
        title = next((p for s in out if s["level"] == 0 and s["heading"] == "标题"
                      for p in s["paragraphs"]), tpl["title"])
    return {"format": DRAFT_FORMAT, "template": tpl["id"], "title": title,
            "values": {**{str(k): v for k, v in values.items()}, **(extra_values or {})},
            "sections": out}
