"""The catalogue holds what the issues promise, checked through `kb export --json`."""

from __future__ import annotations

import re
from collections import Counter

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_obligations_catalogue(catalog):
    obs = catalog["obligations"]
    assert len(obs) >= 45
    units = {ex["id"]: ex["unit_type"] for ex in catalog["examples"]}
    for ob in obs:
        assert ob["title"] and ob["role"] and ob["frequency"] and ob["basis"], ob["id"]
        page = f"docs/obligations/{ob['id']}.md"
        assert len(ob["examples"]) >= 2, (f"{page}: {len(ob['examples'])} example(s) — write "
                                          "at least 2 in data/examples/ (kb new example)")
        assert len({units[e] for e in ob["examples"]}) >= 2, (
            f"{page}: its examples are of one unit type — add one of another unit_type")
    assert any(ob["variants"] for ob in obs)
    named = {ob["id"] for ob in obs if ob["named_only"]}
    assert {"liu-naru", "bage-yanjin"} <= named
    assert len(catalog["documents"]) >= 15
    assert {d["status"] for d in catalog["documents"]} >= {"in_force", "named_only"}
    assert len(catalog["glossary"]) >= 80


def test_templates_phrases_and_examples(catalog):
    tpls = catalog["templates"]
    assert len(tpls) >= 8
    for tpl in tpls:
        page = f"docs/templates/{tpl['id']}.md"
        assert len(tpl["sections"]) >= 3 and len(tpl["slots"]) >= 3, (
            f"{page}: fewer than 3 sections or slots — declare the report's parts and slots")
        linked = sum(1 for s in tpl["sections"] if s["obligations"])
        assert linked / len(tpl["sections"]) > 0.5, (
            f"{page}: {linked} of {len(tpl['sections'])} sections list duties — list under "
            "`obligations:` the duties more than half its sections evidence")
    per_section = Counter((ex["template"], ex["section"]) for ex in catalog["examples"])
    for tpl in tpls:
        for sec in tpl["sections"]:
            if sec["level"] > 0 or sec["heading"] not in ("标题", "落款", "结尾"):
                assert per_section[(tpl["id"], sec["id"])] >= 2, (
                    f"docs/templates/{tpl['id']}.md: section {sec['id']} has "
                    f"{per_section[(tpl['id'], sec['id'])]} example(s) — write at least 2 in "
                    "data/examples/ (kb new example)")
    phrases = catalog["phrases"]
    assert len({p["text"] for p in phrases}) >= 600
    assert len({p["category"] for p in phrases}) >= 10
    assert any(p["avoid"] and p["prefer"] for p in phrases)
    examples = catalog["examples"]
    assert len(examples) >= 200
    for ex in examples:
        assert len(HAN.findall(ex["text"])) >= 60 and ex["obligations"], ex["id"]
    units = Counter(ex["unit_type"] for ex in examples)
    assert len(units) >= 10 and max(units.values()) < len(examples) / 4
