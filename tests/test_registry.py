"""The record-kind registry: a kind declared in one place is loaded, checked, linked, exported."""

from __future__ import annotations

from macros.checks.loader import load
from macros.model.kinds import KINDS, Kind, Ref, VocabRef, walk
from macros.views.export import export

TOY_SCHEMA = {
    "type": "object",
    "required": ["id", "text", "obligations"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
        "text": {"type": "string"},
        "obligations": {"type": "array", "items": {"type": "string"}},
        "unit_type": {"type": "string"},
    },
}
TOY = Kind("toy", "toys", TOY_SCHEMA, "id", "toys",
           refs=(Ref("obligations", "obligation"),),
           vocab=(VocabRef("unit_type", "unit_types", "unit type"),),
           prose=("text",), export=("id", "text", "obligations"))


def _with_toys(mini, body: str):
    (mini / "data" / "toys").mkdir()
    (mini / "data" / "toys" / "t.yml").write_text(body, encoding="utf-8")
    return load(mini, kinds=(*KINDS, TOY))


def test_a_toy_kind_declared_once_is_loaded_back_linked_and_exported(mini):
    cat = _with_toys(mini, "- id: toy-one\n  text: 局党组班子成员落实一岗双责。\n"
                           "  obligations: [yigang-shuangze]\n")
    assert not cat.problems, cat.problems.report()
    assert cat.toys["toy-one"].kind is TOY
    assert [r["id"] for r in cat.referrers("obligation", "yigang-shuangze", "toy")] == ["toy-one"]
    assert export(cat)["toys"] == [{"id": "toy-one", "text": "局党组班子成员落实一岗双责。",
                                    "obligations": ["yigang-shuangze"]}]


def test_a_toy_kind_gets_reference_vocabulary_schema_and_lint_checks(mini):
    cat = _with_toys(mini, "- id: toy-one\n  text: 局党组落实一岗双责,责任到人。\n"
                           "  obligations: [no-such-duty]\n  unit_type: 外星单位\n"
                           "- id: toy-two\n  text: 第二条。\n  obligations: []\n  colour: red\n")
    report = cat.problems.report()
    assert "data/toys/t.yml:3: unknown obligation id 'no-such-duty'" in report
    assert "data/toys/t.yml:4: unknown unit type '外星单位'" in report
    assert "data/toys/t.yml:2: ASCII punctuation ','" in report
    assert "data/toys/t.yml:8: unknown field 'colour'" in report


def test_without_the_toy_kind_its_folder_is_refused(mini):
    (mini / "data" / "toys").mkdir()
    report = load(mini).problems.report()
    assert "data/toys:1: unknown data file or folder" in report


def test_walk_yields_nested_values_with_their_owner():
    record = {"sections": [{"id": "a", "obligations": ["x", "y"]}, {"id": "b"}]}
    found = [(owner["id"], value) for owner, _, _, value in walk(record, "sections.*.obligations")]
    assert found == [("a", "x"), ("a", "y")]
