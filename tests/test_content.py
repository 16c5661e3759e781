"""The catalogue holds what the issues promise, checked through `kb export --json` (which
refuses a catalogue `kb validate` refuses: the per-record quotas of data/quotas.yml among
its checks)."""

from __future__ import annotations

import re
from collections import Counter

import yaml

from .conftest import ROOT

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_kb_validate_holds_every_duty_and_template_to_the_promised_quotas():
    """Examples per duty and per section, sections, slots and linked sections per template:
    checked on each record by `kb validate` (a draft is told what it lacks, a published
    record is refused), at least as strictly as promised."""
    quotas = yaml.safe_load((ROOT / "data" / "quotas.yml").read_text(encoding="utf-8"))
    assert quotas["obligation"]["examples"] >= 2
    assert quotas["obligation"]["example_unit_types"] >= 2
    tpl = quotas["template"]
    assert tpl["sections"] >= 3 and tpl["slots"] >= 3 and tpl["sections_with_duties"] >= 0.5
    assert tpl["examples_per_section"] >= 2
    assert set(tpl["sections_without_examples"]) <= {"标题", "落款", "结尾"}


def test_obligations_catalogue(catalog):
    obs = catalog["obligations"]
    assert len(obs) >= 45
    for ob in obs:
        assert ob["title"] and ob["role"] and ob["frequency"] and ob["basis"], ob["id"]
    assert any(ob["variants"] for ob in obs)
    named = {ob["id"] for ob in obs if ob["named_only"]}
    assert {"liu-naru", "bage-yanjin"} <= named
    assert len(catalog["documents"]) >= 15
    assert {d["status"] for d in catalog["documents"]} >= {"in_force", "named_only"}
    assert len(catalog["glossary"]) >= 80


def test_templates_phrases_and_examples(catalog):
    tpls = catalog["templates"]
    assert len(tpls) >= 8
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
