"""Unit tests of the core: loading, the graph, rendering and export."""

from __future__ import annotations

from macros.checks.loader import load
from macros.model.catalog import PRACTICE, phrase_id
from macros.model.text import slots_in, unfold
from macros.views.export import export, stats
from macros.views.render import skeleton_html


def test_fixture_loads_without_problems(mini):
    cat = load(mini)
    assert not cat.problems, cat.problems.report()
    assert stats(cat)["obligations"] == 1
    assert cat.obligations["yigang-shuangze"]["basis"] == [PRACTICE]


def test_graph_links_examples_sections_and_terms(mini):
    cat = load(mini)
    assert [e["id"] for e in cat.examples_by_obligation["yigang-shuangze"]] == [
        "ex-yigang-shuangze-01"]
    assert [(t["id"], s["id"]) for t, s in cat.sections_by_obligation["yigang-shuangze"]] == [
        ("niandu-baogao", "zuofa")]
    assert [t["term"] for t in cat.terms_by_obligation["yigang-shuangze"]] == ["一岗双责"]
    assert cat.examples_by_section[("niandu-baogao", "zuofa")][0]["id"] == "ex-yigang-shuangze-01"


def test_export_has_the_published_shape(mini):
    data = export(load(mini))
    assert set(data) >= {"obligations", "documents", "glossary", "templates", "phrases",
                         "examples"}
    ob = data["obligations"][0]
    assert {"id", "title", "role", "frequency", "basis", "variants", "examples"} <= set(ob)
    assert ob["examples"] == ["ex-yigang-shuangze-01"]
    assert set(data["documents"][0]) >= {"id", "title", "issuer", "year", "status"}
    assert set(data["glossary"][0]) >= {"term", "meaning", "obligations"}
    tpl = data["templates"][0]
    assert tpl["slots"][0] == {"name": "单位名称", "type": "text", "hint": "报告单位的规范名称。",
                               "example": "某局党组"}
    assert {"id", "heading", "obligations"} <= set(tpl["sections"][0])
    assert set(data["phrases"][0]) >= {"id", "text", "category"}
    assert set(data["examples"][0]) >= {"id", "text", "obligations", "template", "section"}


def test_phrase_and_term_ids_are_explicit_and_survive_an_edit(mini):
    """Ids are written in the records (the former text hashes, kept so old links work)."""
    cat = load(mini)
    (ph,) = cat.phrases.values()
    assert ph["id"] == phrase_id("现将有关情况报告如下：")
    phrases = mini / "data" / "phrases" / "daoyu.yml"
    phrases.write_text(phrases.read_text("utf-8").replace("现将有关情况报告如下：",
                                                          "现将有关工作情况报告如下："), "utf-8")
    terms = mini / "data" / "glossary" / "terms.yml"
    terms.write_text(terms.read_text("utf-8").replace("term: 一岗双责", "term: “一岗双责”"),
                     "utf-8")
    cat = load(mini)
    assert not cat.problems, cat.problems.report()
    assert list(cat.phrases) == [ph["id"]]
    assert [t["id"] for t in cat.glossary.values()] == ["g-8081b758"]


def test_a_phrase_without_an_id_is_reported(mini):
    phrases = mini / "data" / "phrases" / "daoyu.yml"
    phrases.write_text(phrases.read_text("utf-8").replace("- id: ph-940d65eb35\n  text:",
                                                          "- text:"), "utf-8")
    report = load(mini).problems.report()
    assert "data/phrases/daoyu.yml:1: missing required field 'id'" in report


def test_slots_and_unfold():
    assert list(slots_in("第一行\n【单位名称】和【报告年度】", 10)) == [(11, "单位名称"),
                                                                (11, "报告年度")]
    assert unfold("意识形 态工作\n责任制 is fine") == "意识形态工作责任制 is fine"


def test_skeleton_marks_every_slot():
    out = skeleton_html("【报告年度】年，【单位名称】认真落实。\n\n第二段<b>。")
    assert out.count('class="kb-slot"') == 2
    assert 'data-slot="单位名称"' in out
    assert "&lt;b&gt;" in out and out.count("<p>") == 2


def test_glossary_tooltips_match_inside_chinese_text_but_not_links_code_or_headings():
    import markdown

    md = markdown.Markdown(extensions=["macros.site.abbr_cjk"], extension_configs={
        "macros.site.abbr_cjk": {"glossary": {"一岗双责": "释义", "台账": "账目"}}})
    html = md.convert("认真落实[一岗双责](x.md)要求，建立台账，`一岗双责`照写，"
                      "再讲一岗双责。\n\n## 一岗双责\n")
    assert html.count("<abbr") == 2
    assert '<abbr title="账目">台账</abbr>' in html
    assert "再讲<abbr" in html and '<a href="x.md">一岗双责</a>' in html
    assert "<h2>一岗双责</h2>" in html and "<code>一岗双责</code>" in html


def test_glossary_tooltips_never_touch_ascii_letters_or_digits_on_either_side():
    import markdown

    md = markdown.Markdown(extensions=["macros.site.abbr_cjk"], extension_configs={
        "macros.site.abbr_cjk": {"glossary": {"一岗双责": "全称", "岗双责": "后半", "台账": "账目"}}})
    html = md.convert("A一岗双责，台账2份，x台账，台账与一岗双责。\n\n- 列1台账\n- 台账_b\n- 台账")
    # after a letter the longest term cannot start there, but one starting after it can
    assert 'A一<abbr title="后半">岗双责</abbr>' in html
    assert html.count('<abbr title="账目">') == 2      # 台账与, and the last item
    assert '<abbr title="全称">一岗双责</abbr>。' in html
    assert "列1台账" in html and "台账_b" in html and "x台账" in html and "台账2份" in html
