"""Write ``macros/model/records.py``: typed record classes generated from the JSON schemas.

Each kind of the registry gets a protocol whose ``record["field"]`` and ``record.get("field")``
are typed by its schema (an unknown field is an error for the type checker); nested objects
(a template's sections, an obligation's variants) become TypedDicts, and so does each settings
file of ``model.settings`` (``LayoutSettings`` for data/layout.yml …). The protocols are for
the type checker: the loader's records (the registry's classes) match them, and modules
import them only under ``TYPE_CHECKING``. Derived, not committed: ``make lint`` runs
``python -m macros.model.typegen`` before mypy.
"""

from __future__ import annotations

from pathlib import Path

from macros.model.kinds import KINDS, Kind
from macros.model.settings import SCHEMAS as SETTINGS

TARGET = Path(__file__).with_name("records.py")
HEADER = '''"""Typed records, generated from the JSON schemas: do not edit.

Written by ``python -m macros.model.typegen`` (``make lint`` runs it before mypy).
"""
# ruff: noqa: E501, UP013

from __future__ import annotations

from typing import Any, Literal, NotRequired, Protocol, TypedDict, TypeVar, overload

_D = TypeVar("_D")
'''
SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool",
           "null": "None"}


def class_name(name: str) -> str:
    return "".join(part.title() for part in name.replace("-", "_").split("_"))


class _Writer:
    def __init__(self):
        self.nested: list[str] = []

    def type_of(self, schema: dict, name: str) -> str:
        """The Python type of a schema; nested objects with properties are TypedDicts."""
        if "enum" in schema:
            return "Literal[" + ", ".join(repr(v) for v in schema["enum"]) + "]"
        kinds = schema.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        out = []
        for kind in kinds:
            if kind == "array":
                out.append(f"list[{self.type_of(schema.get('items', {}), name + 'Item')}]")
            elif kind == "object" and schema.get("properties"):
                self.typed_dict(name, schema)
                out.append(name)
            elif kind == "object":           # a YAML mapping: its keys may be numbers
                out.append("dict[Any, Any]")
            else:
                out.append(SCALARS.get(kind, "Any"))
        return " | ".join(out)

    def fields(self, schema: dict, prefix: str) -> list[tuple[str, str, bool]]:
        required = set(schema.get("required", ()))
        return [(key, self.type_of(sub, prefix + class_name(key)), key in required)
                for key, sub in schema.get("properties", {}).items()]

    def typed_dict(self, name: str, schema: dict) -> None:
        items = []
        for key, kind, required in self.fields(schema, name):
            items.append(f"    {key!r}: {kind if required else f'NotRequired[{kind}]'},")
        self.nested.append(f"{name} = TypedDict({name!r}, {{\n" + "\n".join(items) + "\n})\n")

    def record_class(self, kind: Kind) -> str:
        name = class_name(kind.name)
        lines = [f"class {name}(Protocol):",
                 f'    """A record of kind {kind.name!r}, as its schema types it."""', "",
                 "    path: str", "    line: int"]
        if kind.page:
            lines.append("    page_rel: str")
        lines += ["", "    def line_of(self, key: str) -> int: ...",
                  "    def value_line(self, key: str) -> int: ...",
                  "    def __contains__(self, key: object) -> bool: ..."]
        getitem: list[str] = []
        get: list[str] = []
        for key, kind_type, _ in self.fields(kind.schema, name):
            lit = f"Literal[{key!r}]"
            getitem.append(f"    @overload\n    def __getitem__(self, key: {lit}) -> "
                           f"{kind_type}: ...")
            get.append(f"    @overload\n    def get(self, key: {lit}) -> {kind_type} | None: ...\n"
                       f"    @overload\n    def get(self, key: {lit}, default: _D) -> "
                       f"{kind_type} | _D: ...")
        lines += getitem + get
        return "\n".join(lines) + "\n"


def settings_name(file: str) -> str:
    """The TypedDict of a settings file: layout.yml → LayoutSettings."""
    return class_name(file.rsplit(".", 1)[0]) + "Settings"


def render(kinds: tuple[Kind, ...] = KINDS, settings: dict | None = None) -> str:
    """The text of records.py for ``kinds`` and the settings files' schemas."""
    writer = _Writer()
    classes = [writer.record_class(kind) for kind in kinds]
    for file, schema in (SETTINGS if settings is None else settings).items():
        writer.typed_dict(settings_name(file), schema)
    return "\n\n".join([HEADER.rstrip("\n") + "\n", *writer.nested, *classes]).rstrip() + "\n"


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
