"""JSON Schemas of every record kind, and schema validation with line numbers."""

from __future__ import annotations

from macros.model.problems import Problems
from macros.model.yamlsrc import LDict, LList

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
RRULE = r"^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[0-9A-Z,+-]+)*$"
WHAT_FIX = r"^[^\n]+ — [^\n]+$"        # a message: "what is wrong — how to fix it", one line
SUFFIX = r"^\.[a-z]+$"                   # a file name's suffix: .txt
SLOT_NAME = r"^[\u4e00-\u9fffA-Za-z0-9（）]+$"

_str = {"type": "string", "minLength": 1}
_strs = {"type": "array", "items": _str}
_slug = {"type": "string", "pattern": SLUG}
_slugs = {"type": "array", "items": _slug}

# Keys Material for MkDocs and mkdocs-macros understand in any page's front matter.
PAGE_KEYS = {
    "title": _str,
    "description": _str,
    # Material prints some of these into the page unescaped: each is held to what it means.
    "hide": {"type": "array", "items": {"enum": ["navigation", "toc", "footer", "path",
                                                 "tags", "feedback"]}},
    "search": {"type": "object", "additionalProperties": False,
               "properties": {"boost": {"type": "number", "minimum": 0, "maximum": 100},
                              "exclude": {"type": "boolean"}}},
    "tags": _strs,
    "icon": _str,
    "status": {"enum": ["new", "deprecated"]},
    "subtitle": _str,
    "render_macros": {"type": "boolean"},
    "template": {"type": "string", "pattern": r"^[a-z0-9-]+\.html$"},
}

VARIANT = {
    "type": "object",
    "required": ["aspect", "value", "basis"],
    "additionalProperties": False,
    "properties": {"aspect": _str, "value": _str, "basis": _strs, "note": _str,
                   "sources": _strs},
}

CUES = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "keywords": _strs,
        "patterns": _strs,
        "parts": _strs,
        "min_parts": {"type": "integer", "minimum": 1},
        "negative": _strs,
        "exclude": _strs,
    },
}

OBLIGATION = {
    "type": "object",
    "required": ["id", "title", "group", "summary", "role", "frequency", "basis"],
    "additionalProperties": False,
    "properties": {
        **PAGE_KEYS,
        "id": _slug,
        "group": _str,
        "summary": _str,
        "role": {**_strs, "minItems": 1},
        "frequency": _str,
        "basis": {**_strs, "minItems": 1},
        "aliases": _strs,
        "variants": {"type": "array", "items": VARIANT},
        "named_only": {"type": "boolean"},
        "evidence_slots": _strs,
        "sources": _strs,
        # How many distinct real reports (tests/eval/real and the shared excerpts) show the
        # duty, as the checker reads them; tests/test_practice_seen.py recomputes it.
        "practice_seen": {"type": "integer", "minimum": 0},
        "cues": CUES,
        # The reporting calendar's reminder date when the sources place the duty in the year.
        "reminder": {"type": "object", "required": ["month", "day", "when"],
                     "additionalProperties": False,
                     "properties": {"month": {"type": "integer", "minimum": 1, "maximum": 12},
                                    "day": {"type": "integer", "minimum": 1, "maximum": 28},
                                    "when": _str}},
    },
}

SECTION = {
    "type": "object",
    "required": ["id", "level", "heading", "guidance", "skeleton"],
    "additionalProperties": False,
    "properties": {
        "id": _slug,
        "level": {"type": "integer", "minimum": 0, "maximum": 4},
        "heading": _str,
        "guidance": _str,
        "skeleton": _str,
        "obligations": _slugs,
        "phrase_categories": _strs,
    },
}

TEMPLATE = {
    "type": "object",
    "required": ["id", "title", "genre", "purpose", "writer", "when", "audience", "length",
                 "slots", "sections"],
    "additionalProperties": False,
    "properties": {
        **PAGE_KEYS,
        "id": _slug,
        "genre": _str,
        "purpose": _str,
        "writer": _str,
        "when": _str,
        "audience": _str,
        "length": _str,
        "aliases": _strs,
        "slots": {**_strs, "minItems": 1},
        "sections": {"type": "array", "minItems": 1, "items": SECTION},
        "cues": {"type": "object", "additionalProperties": False,
                 "properties": {"title": _strs, "headings": _strs}},
    },
}

EXAMPLE = {
    "type": "object",
    "required": ["id", "text", "obligations", "template", "section", "unit_type"],
    "additionalProperties": False,
    "properties": {
        "id": _slug,
        "text": _str,
        "obligations": {**_slugs, "minItems": 1},
        "template": _slug,
        "section": _slug,
        "unit_type": _str,
    },
}

PHRASE = {
    "type": "object",
    "required": ["id", "text", "category"],
    "additionalProperties": False,
    "properties": {
        "id": _slug,
        "text": {"type": "string", "minLength": 2, "maxLength": 40},
        "category": _str,
        "note": {**_str, "default": ""},
        "avoid": {"type": "boolean"},
        "prefer": _str,
        "match": _str,
        "from": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "sources": _strs,
    },
}

GLOSSARY = {
    "type": "object",
    "required": ["id", "term", "meaning"],
    "additionalProperties": False,
    "properties": {
        "id": _slug,
        "term": _str,
        "meaning": _str,
        "category": _str,
        "obligations": _slugs,
        "aliases": _strs,
        "named_only": {"type": "boolean"},
        "note": _str,
        # Where the term was seen (for editors): never shown as, or in, the meaning.
        "source": _str,
    },
}

DOCUMENT = {
    "type": "object",
    "required": ["id", "title", "issuer", "year", "status", "governs"],
    "additionalProperties": False,
    "properties": {
        "id": _slug,
        "title": _str,
        "issuer": _str,
        "year": {"type": ["integer", "null"], "minimum": 1921, "maximum": 2100},
        "status": {"enum": ["in_force", "superseded", "named_only"]},
        "governs": _str,
        "note": _str,
        "sources": _strs,
    },
}

SLOT = {
    "type": "object",
    "required": ["name", "type", "example", "hint"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "pattern": SLOT_NAME},
        "type": {"enum": ["text", "year", "date", "count", "percent"]},
        "example": {"type": ["string", "integer", "number"]},
        "hint": _str,
        "required": {"type": "boolean"},
        # Part of the unit profile: entered once in the browser, shared by every template.
        "profile": {"type": "boolean"},
    },
}

_entry = {
    "type": "object",
    "required": ["name", "slug"],
    "additionalProperties": False,
    "properties": {"name": _str, "slug": _slug, "note": _str},
}
VOCAB = {
    "type": "object",
    "required": ["groups", "roles", "unit_types", "phrase_categories", "slot_types",
                 "frequencies"],
    "additionalProperties": False,
    "properties": {
        "groups": {"type": "array", "items": _entry},
        "roles": {"type": "array", "items": _entry},
        "unit_types": {"type": "array", "items": _entry},
        "phrase_categories": {"type": "array", "items": _entry},
        "glossary_categories": {"type": "array", "items": _entry},
        "slot_types": _strs,
        "frequencies": _strs,
        "search_split": _strs,
        "calendar": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["rrule", "month", "day"], "additionalProperties": False,
            "properties": {"rrule": {"type": "string", "pattern": RRULE},
                           "month": {"type": "integer", "minimum": 1, "maximum": 12},
                           "day": {"type": "integer", "minimum": 1, "maximum": 28},
                           "remind_days": {"type": "integer", "minimum": 0, "maximum": 60},
                           "routine": {"type": "boolean"}}}},
    },
}

PAGE = {"type": "object", "required": ["title"], "additionalProperties": False,
        "properties": PAGE_KEYS}

_TYPE_NAMES = {"string": "text", "array": "a list", "object": "a mapping",
               "integer": "a whole number", "boolean": "true or false", "null": "null"}


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


def _locate(record, path) -> tuple[int, str]:
    """Line of the deepest node on ``path`` and a dotted field name."""
    node, line, names = record, getattr(record, "line", 1), []
    for step in path:
        if isinstance(node, (LDict, LList)):
            line = node.line_of(step)
        names.append(f"[{step}]" if isinstance(step, int) else str(step))
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    field = ".".join(names).replace(".[", "[")
    return line, field


def _message(err, field: str) -> tuple[str, str]:
    v = err.validator
    where = f"field '{field}'" if field else "record"
    if v == "required":
        missing = err.message.split("'")[1]
        return (f"missing required field '{missing}'",
                f"add `{missing}:` to this record (see CONTRIBUTING.md)")
    if v == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})), key=str)
        allowed = ", ".join(sorted(err.schema.get("properties", {})))
        return (f"unknown field '{', '.join(map(str, extra))}'",
                f"remove it or fix its spelling; allowed fields: {allowed}")
    if v == "type":
        want = err.validator_value
        want = " or ".join(_TYPE_NAMES.get(t, t) for t in (want if isinstance(want, list)
                                                            else [want]))
        return (f"{where} should be {want}, not {_kind(err.instance)}",
                f"write {where} as {want}")
    if v == "enum":
        return (f"{where} has unknown value '{err.instance}'",
                "use one of: " + ", ".join(map(str, err.validator_value)))
    if v == "pattern":
        if err.validator_value == RRULE:
            return (f"{where} '{err.instance}' is not a recurrence rule this calendar reads",
                    "write an RFC 5545 rule with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY, "
                    "e.g. FREQ=MONTHLY;INTERVAL=3")
        if err.validator_value == SLUG:
            return (f"{where} '{err.instance}' is not a valid id",
                    "use a lowercase pinyin slug such as yigang-shuangze")
        if err.validator_value == WHAT_FIX:
            return (f"{where} '{err.instance}' is not one line of the form 'what — how to fix'",
                    "write what is wrong, then ' — ' (spaces around the dash), then the fix")
        if err.validator_value == SUFFIX:
            return (f"{where} '{err.instance}' is not a file name suffix",
                    "write a dot and lowercase letters, e.g. .txt")
        return (f"{where} '{err.instance}' has characters that are not allowed",
                "use Chinese characters, letters, digits and full-width brackets only")
    if v in ("minItems", "minLength"):
        return f"{where} is empty or too short", f"give {where} a value"
    if v == "maxLength":
        return (f"{where} is longer than {err.validator_value} characters",
                "shorten it; a phrase is a set formula or a short frame")
    if v in ("minimum", "maximum"):
        return f"{where} value {err.instance} is out of range", "check the number"
    return f"{where}: {err.message}", "fix the value (see CONTRIBUTING.md)"


_VALIDATORS: dict = {}
_DRAFTABLE: dict = {}
DRAFT = "draft"


def draftable(schema: dict) -> dict:
    """``schema`` that also accepts ``status: draft`` (a record not yet published): added to
    the values of an existing ``status`` field, or as the only value of a new one."""
    found = _DRAFTABLE.get(id(schema))
    if found is None:
        props = dict(schema.get("properties", {}))
        status = props.get("status")
        props["status"] = ({**status, "enum": [*status["enum"], DRAFT]}
                           if status and "enum" in status else {"enum": [DRAFT]})
        found = _DRAFTABLE[id(schema)] = (schema, {**schema, "properties": props})
    return found[1]


def check(record, schema: dict, problems: Problems, path: str | None = None) -> bool:
    """Validate one record; add a problem per schema error. Returns True when valid."""
    from jsonschema import Draft202012Validator  # only when records are checked

    validator = _VALIDATORS.get(id(schema))
    if validator is None:
        validator = _VALIDATORS[id(schema)] = Draft202012Validator(schema)
    if validator.is_valid(record):
        return True
    ok = True
    for err in sorted(validator.iter_errors(record), key=lambda e: list(map(str, e.path))):
        line, field = _locate(record, list(err.absolute_path))
        if err.validator == "additionalProperties" and isinstance(err.instance, LDict):
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})), key=str)
            line = err.instance.line_of(extra[0]) if extra else line
        what, fix = _message(err, field)
        problems.add(path or getattr(record, "path", "?"), line, what, fix)
        ok = False
    return ok
