"""Assessment rules as data (data/assessment/*.yml): schema and references, checked by
``kb validate`` and by ``kb review --rules`` with ``file:line`` problems.

A rule set names its items; each item has points, the duties (obligation ids) or text
evidence (portable patterns) that earn them, and deductions for checker findings or copying.
"""

from __future__ import annotations

from pathlib import Path

from macros.model import schemas
from macros.model.portable import portable_problem
from macros.model.problems import Problems
from macros.model.yamlsrc import LDict, load_yaml_file

FOLDER = "data/assessment"
COPY_KINDS = ("previous", "units", "examples")
_str = {"type": "string", "minLength": 1}
_pts = {"type": "number", "exclusiveMinimum": 0, "maximum": 100}
EARN = {
    "type": "object", "additionalProperties": False, "required": ["points"],
    "properties": {"duty": {"type": "string", "pattern": schemas.SLUG}, "evidence": _str,
                   "label": _str, "points": _pts},
    "oneOf": [{"required": ["duty"]}, {"required": ["evidence"]}],
}
DEDUCT = {
    "type": "object", "additionalProperties": False, "required": ["points", "why"],
    "properties": {"finding": _str, "copy": {"enum": list(COPY_KINDS)},
                   "over": {"type": "integer", "minimum": 0, "maximum": 100},
                   "points": _pts, "max": _pts, "why": _str},
    "oneOf": [{"required": ["finding"]}, {"required": ["copy", "over"]}],
}
ITEM = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "title", "points", "earn"],
    "properties": {"id": {"type": "string", "pattern": schemas.SLUG}, "title": _str,
                   "points": _pts, "basis": _str,
                   "earn": {"type": "array", "minItems": 1, "items": EARN},
                   "deductions": {"type": "array", "items": DEDUCT}},
}
SOURCE = {"type": "object", "additionalProperties": False, "required": ["title", "url"],
          "properties": {"title": _str, "url": {"type": "string", "pattern": "^https?://"},
                         "used_for": _str}}
RULES = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "title", "sample", "total", "sources", "items"],
    "properties": {"id": {"type": "string", "pattern": schemas.SLUG}, "title": _str,
                   "sample": {"type": "boolean"}, "note": _str,
                   "total": {"type": "number", "exclusiveMinimum": 0, "maximum": 1000},
                   "sources": {"type": "array", "minItems": 1, "items": SOURCE},
                   "items": {"type": "array", "minItems": 1, "items": ITEM}},
}


def check_rules(data, rel: str, problems: Problems, obligations: set[str],
                finding_kinds: set[str]) -> bool:
    """Schema, then references: known duties and finding kinds, portable patterns, points
    that add up."""
    if not isinstance(data, dict):
        problems.add(rel, 1, "assessment rules are not a mapping",
                     "write id, title, sample, total, sources and items (see "
                     "data/assessment/county-annual-sample.yml)")
        return False
    if not schemas.check(data, RULES, problems, rel):
        return False
    ok, seen = True, set()
    for item in data["items"]:
        if item["id"] in seen:
            problems.add(rel, item.line_of("id"), f"item id '{item['id']}' used twice",
                         "give each item its own id")
            ok = False
        seen.add(item["id"])
        for earn in item["earn"]:
            if "duty" in earn and earn["duty"] not in obligations:
                problems.add(rel, earn.line_of("duty"), f"unknown duty '{earn['duty']}'",
                             "use an obligation id from docs/obligations/")
                ok = False
            if "evidence" in earn:
                bad = portable_problem(earn["evidence"])
                if bad:
                    problems.add(rel, earn.line_of("evidence"), bad[0], bad[1])
                    ok = False
        for cut in item.get("deductions", []):
            if "finding" in cut and finding_kinds and cut["finding"] not in finding_kinds:
                problems.add(rel, cut.line_of("finding"), f"unknown finding kind "
                             f"'{cut['finding']}'", "use a kind of data/checker.yml labels: "
                             + ", ".join(sorted(finding_kinds)))
                ok = False
    total = sum(item["points"] for item in data["items"])
    if abs(total - data["total"]) > 1e-9:
        problems.add(rel, data.line_of("total"), f"the items' points add up to {total:g}, "
                     f"not the total {data['total']:g}", "correct the total or the items")
        ok = False
    return ok


def load_rules(path: Path, rel: str, problems: Problems, obligations: set[str],
               finding_kinds: set[str]) -> LDict | None:
    """The checked rule set of ``path``, or None with its problems."""
    if not Path(path).is_file():
        problems.add(rel, 1, "the rules file does not exist",
                     "give a YAML file like data/assessment/county-annual-sample.yml")
        return None
    data = load_yaml_file(Path(path), rel, problems)
    if data is None:
        return None
    return data if check_rules(data, rel, problems, obligations, finding_kinds) else None


def check_folder(root: Path, problems: Problems, obligations: set[str],
                 finding_kinds: set[str]) -> None:
    """Every rule set of data/assessment/ (kb validate)."""
    folder = Path(root) / FOLDER
    if not folder.is_dir():
        return
    for file in sorted(folder.glob("*.yml")):
        load_rules(file, f"{FOLDER}/{file.name}", problems, obligations, finding_kinds)
