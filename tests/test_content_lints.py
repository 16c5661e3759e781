"""Editorial lints of data/lint.yml: wrong formulas, avoid-list conflicts, ASCII words,
editor's notes and stock incidents are reported with file and line; real content passes."""

from __future__ import annotations

import re

import pytest

from macros.checks.loader import load

from .conftest import ROOT
from .test_bad_inputs import EX, OB, assert_reported, mutate

PHRASES = "data/phrases/daoyu.yml"
STORY = "有人在班级群转发未经核实的消息"





def _example(n: int, text: str) -> str:
    return (f"\n- id: ex-yigang-shuangze-{n:02d}\n  unit_type: 局党组\n"
            f"  obligations: [yigang-shuangze]\n  template: niandu-baogao\n  section: zuofa\n"
            f"  text: {text}\n")


def test_stock_incident_told_too_often_is_reported(mini):
    filler = "，分管领导当天约谈群主，删除原帖并在群内说明情况，此后建立群管理员定期提醒制度，做到一岗双责。"
    for n in range(2, 5):
        mutate(mini, EX, "", _example(n, f"第{n}季度{STORY}{filler}"))
    assert not [p for p in load(mini).problems if "stock incident" in p.what], \
        "three tellings are allowed"
    mutate(mini, EX, "", _example(5, f"年末{STORY}{filler}"))
    hits = [str(p) for p in load(mini).problems if "stock incident" in p.what]
    assert len(hits) == 1 and "told in 4 examples" in hits[0] and hits[0].startswith(f"{EX}:")


def test_allowed_ascii_words_and_quoted_set_forms_pass(mini):
    mutate(mini, EX, "做到业务工作", "在QQ群和政务APP上提醒，坚定拥护“两个确立”，做到业务工作")
    assert not load(mini).problems


def test_broken_stock_pattern_is_reported_not_raised(mini):
    mutate(mini, "data/lint.yml", "stock_incidents:\n", "stock_incidents:\n"
           "  - {name: 坏表达式, pattern: \"候诊(\"}\n")
    hits = [str(p) for p in load(mini).problems if "stock_incidents pattern" in p.what]
    assert hits and hits[0].startswith("data/lint.yml:")


def test_real_content_passes_the_content_lints():
    cat = load(ROOT)
    mine = [str(p) for p in cat.problems if any(w in p.what for w in (
        "wrong form", "ASCII word", "editor's note", "matches the avoid", "stock incident"))]
    assert not mine, "\n".join(mine)


def _worked_example(page) -> list[str]:
    body = page.body.split("## 完整示例", 1)
    return body[1].split("\n") if len(body) == 2 else []


def test_every_worked_example_is_dated_and_uses_the_line_of_its_year():
    """Each template's worked example carries a year; examples dated 2025 or later use no
    formula the time-aware avoid records mark as outdated for that year."""
    from macros.checker.engine import check_lines, checker_data, report_year

    cat = load(ROOT)
    data = checker_data(cat)
    assert any(a.get("from") for a in data["avoid"]), "time-aware avoid records exist"
    for tpl in cat.templates.values():
        lines = _worked_example(cat.pages[tpl.page_rel])
        assert lines, f"{tpl['id']}: no worked example"
        dates = re.findall(r"(20\d\d)年\d+月\d+日", "\n".join(lines))
        year = report_year(data, lines) or max((int(y) for y in dates), default=None)
        assert year, f"{tpl['id']}: the worked example carries no date"
        if year >= 2025:
            stale = [f for f in check_lines(data, [f"{year}年"] + lines)["findings"]
                     if f["kind"] == "outdated"]
            assert not stale, f"{tpl['id']} ({year}): {stale}"


def test_no_example_uses_a_formula_outdated_in_2026():
    """Examples are models for a writer in 2026: none may carry a formula the time-aware
    avoid list flags for that year."""
    from macros.checker.engine import check_lines, checker_data

    cat = load(ROOT)
    data = checker_data(cat)
    stale = {ex["id"]: f["text"] for ex in cat.examples.values()
             for f in check_lines(data, ["2026年", str(ex["text"])])["findings"]
             if f["kind"] == "outdated"}
    assert not stale, stale


def test_example_for_a_daoyu_section_without_framing_is_reported(mini):
    tpl = "docs/templates/niandu-baogao.md"
    assert "phrase_categories: [导语]" in (mini / tpl).read_text("utf-8")
    mutate(mini, EX, "  section: zuofa\n", "  section: daoyu\n")
    hits = [str(p) for p in load(mini).problems if "no political framing" in p.what]
    assert hits and hits[0].startswith(f"{EX}:7:"), hits
    mutate(mini, EX, "局党组班子成员", "局党组坚持以习近平新时代中国特色社会主义思想为指导，班子成员")
    assert not [p for p in load(mini).problems if "no political framing" in p.what]


def test_long_examples_teach_the_real_register():
    """At least 40 examples of 250–600 characters in the 一是……二是…… form."""
    cat = load(ROOT)
    long = [ex for ex in cat.examples.values()
            if 250 <= len(str(ex["text"])) <= 600 and "一是" in ex["text"] and "二是" in ex["text"]]
    assert len(long) >= 40, len(long)
    assert len({ex["unit_type"] for ex in long}) >= 10


def test_formula_years_page_lists_outdated_formulas_with_the_current_form():
    from macros.views.formulas_page import formula_years

    page = formula_years(load(ROOT))
    row = next(line for line in page.splitlines() if "党的十九大精神" in line)
    assert row.startswith("| 2023年 |") and "二十大和二十届历次全会精神" in row
    assert "| 2026年 |" in page and "十五五" in page
    assert "《整治形式主义为基层减负若干规定》" in page


@pytest.mark.parametrize("draft_year,flagged", [("2026", True), ("2022", False)])
def test_in_page_checker_reads_the_report_year_like_kb_check(page, site_url, draft_year,
                                                            flagged):
    """checker.js applies the same year rule as macros/checker.py."""
    from macros.checker.engine import check_lines, checker_data

    lines = [f"某局党组关于{draft_year}年意识形态工作的报告", "",
             "局党组深入学习贯彻党的十九大精神，召开党组会议研究意识形态工作4次。"]
    page.goto(site_url + "/checker/")
    page.wait_for_function("window.kb && window.kb.checker && window.kb.checkerData")
    js = page.evaluate("(lines) => window.kb.checker.check(window.kb.checkerData, lines)", lines)
    py = check_lines(checker_data(load(ROOT)), lines)
    outdated = [f for f in js["findings"] if f["kind"] == "outdated"]
    assert bool(outdated) == flagged, js["findings"]
    assert js["findings"] == py["findings"]


WORKED_TABLE = ("\n## 完整示例\n\n共排查出风险点3个，其中较高风险1个、一般风险1个、较低风险1个。\n\n"
                "| 序号 | 风险点 | 风险等级 |\n|---|---|---|\n| 1 | 宣传栏无人更新 | 较高 |\n"
                "| 2 | 公众号停更 | 较高 |\n| 3 | 群主离职 | 较低 |\n")


@pytest.mark.parametrize("case,rel,old,new,where,words", [
    ("colloquial", EX, "做到业务工作", "局里做到业务工作", f"{EX}:7", "colloquial form '局里'"),
    ("foreign-source", OB, "这是领导干部", "这是领导干部（https://udn.com/news/story/1）", f"{OB}:14",
     "media 'udn.com'"),
    ("hk-domain", OB, "这是领导干部", "这是领导干部（https://news.example.com.hk/a）", f"{OB}:14",
     "media 'news.example.com.hk'"),
], ids=["colloquial", "foreign-source", "hk-domain"])
def test_director_lint_catches_planted_defect(mini, case, rel, old, new, where, words):
    assert_reported(mini, rel, old, new, where, words)


def test_colloquial_form_inside_quotes_or_another_word_passes(mini):
    mutate(mini, EX, "做到业务工作", "不写“局里”这类口语，从全局里统筹，做到业务工作")
    assert not [p for p in load(mini).problems if "colloquial" in p.what]


def _own_worked(mini) -> str:
    """The mini template's own worked example (every template has one), which a test's
    worked example replaces."""
    page = (mini / "docs/templates/niandu-baogao.md").read_text(encoding="utf-8")
    return page[page.index("\n## 完整示例"):]


def test_worked_example_outside_its_length_is_reported(mini):
    mutate(mini, "docs/templates/niandu-baogao.md", "3000字左右", "300—500字")
    mutate(mini, "docs/templates/niandu-baogao.md", _own_worked(mini), "\n## 完整示例\n\n局党组全年专题研究意识形态工作4次。\n")
    hits = [str(p) for p in load(mini).problems if "worked example is" in p.what]
    assert hits and "outside the template's length 300—500" in hits[0]
    assert hits[0].startswith("docs/templates/niandu-baogao.md:")


def test_stated_grades_must_match_the_risk_table(mini):
    mutate(mini, "docs/templates/niandu-baogao.md", _own_worked(mini), WORKED_TABLE)
    hits = [str(p) for p in load(mini).problems if "stated grades" in p.what]
    assert hits and "stated grades 1/1/1 but the items listed give 2/0/1" in hits[0]
    mutate(mini, "docs/templates/niandu-baogao.md", "| 2 | 公众号停更 | 较高 |", "| 2 | 公众号停更 | 一般 |")
    assert not [p for p in load(mini).problems if "stated grades" in p.what]


def test_stated_total_must_match_the_items_that_follow(mini):
    mutate(mini, "docs/templates/niandu-baogao.md", _own_worked(mini), "\n## 完整示例\n\n需要关注的风险点共3个：一是宣传栏"
           "无人更新；二是公众号停更。\n")
    hits = [str(p) for p in load(mini).problems if "are listed" in p.what]
    assert hits and "'风险点共3个' but 2 are listed" in hits[0]


def test_worked_example_title_not_in_register_is_reported(mini):
    mutate(mini, "docs/templates/niandu-baogao.md", _own_worked(mini), "\n## 完整示例\n\n根据《关于开展某某自查的通知》要求，"
           "局党组开展了自查。\n")
    hits = [str(p) for p in load(mini).problems if "not in the documents register" in p.what]
    assert hits and "《关于开展某某自查的通知》" in hits[0]


def test_glossary_meanings_are_written_for_the_writer_not_as_source_notes():
    """Where a term was seen goes in ``source:``; the meaning says what it is."""
    cat = load(ROOT)
    notes = re.compile(r"一份[^。，；]{0,12}(报告|报道|材料|方案)")
    bad = [f"{t.path}:{t.value_line('meaning')}: {t['term']}" for t in cat.glossary.values()
           if notes.search(str(t["meaning"])) or notes.search(str(t.get("note", "")))]
    assert not bad, "\n".join(bad)
    assert any(t.get("source") for t in cat.glossary.values())


def test_list_worked_example_gives_each_item_its_own_paragraph(mini):
    mutate(mini, "data/lint.yml", "list_templates: [zeren-qingdan, niandu-gongzuo-yaodian]",
           "list_templates: [niandu-baogao]")
    mutate(mini, "docs/templates/niandu-baogao.md", _own_worked(mini), "\n## 完整示例\n\n**一、强化理论武装**\n\n"
           "1.抓好学习。中心组全年学习12次。2.讲好党课。书记讲党课2次。\n\n4.修订清单。3月底前修订。\n")
    hits = [str(p) for p in load(mini).problems if "packed" in p.what or "follows" in p.what]
    assert any("items 1 and 2 packed into one paragraph" in h for h in hits)
    assert any("item 4 follows item 1" in h for h in hits)


SOURCES = "frequency: 持续\n"


def _source_problems(root):
    return [str(p) for p in load(root).problems if "not an official source" in p.what]


@pytest.mark.parametrize("case,url,host", [
    ("content-farm", "http://628568.com/fanwen/413242.html", "628568.com"),
    ("law-portal", "https://www.66laws.com/fagui/22359.html", "www.66laws.com"),
    ("look-alike", "https://www.gov.cn.example.com/a.html", "www.gov.cn.example.com"),
], ids=["content-farm", "law-portal", "look-alike"])
def test_source_on_an_unofficial_host_is_reported(mini, case, url, host):
    hit = assert_reported(mini, OB, SOURCES, f"{SOURCES}sources:\n  - {url}\n", f"{OB}:9",
                          f"source host {host} is not an official source")
    assert "data/lint.yml source_exceptions" in hit


def test_sources_on_official_hosts_and_recorded_exceptions_pass(mini):
    urls = ["https://www.gov.cn/zhengce/a.htm", "http://czj.panzhihua.gov.cn/b.shtml",
            "http://www.news.cn/c.htm", "http://cpc.people.com.cn/n1/d.html",
            "https://www.12371.cn/e.shtml", "http://www.qstheory.cn/f.htm",
            "https://gcxlzx.xaut.edu.cn/info/g.htm", "http://qfcw.net/djbg/info/1055/1175.html"]
    listed = "".join(f"  - {u}\n" for u in urls)
    mutate(mini, OB, SOURCES, f"{SOURCES}sources:\n{listed}")
    assert not _source_problems(mini)


def test_source_exception_without_a_reason_is_reported(mini):
    mutate(mini, "data/lint.yml", "source_exceptions:\n",
           "source_exceptions:\n  - url: http://628568.com/fanwen/1.html\n")
    problems = [str(p) for p in load(mini).problems]
    assert any(p.startswith("data/lint.yml:") and "missing required field 'why'" in p
               for p in problems), problems


def test_every_real_source_is_official_or_a_recorded_exception():
    mine = _source_problems(ROOT) + [str(p) for p in load(ROOT).problems
                                     if p.path == "data/lint.yml"]
    assert not mine, "\n".join(mine)


def test_example_packing_numbered_items_is_reported_with_its_line(mini):
    item = "班子成员到分管科室检查意识形态工作，督促整改宣传栏更新不及时的问题"
    sub = ("关于信息发布审核的问题。整改措施：1.修订审核办法，明确初审、复审和签发责任人；"
           "2.启用审核登记表；3.办公室每月抽查审核记录。")
    mutate(mini, EX, "", _example(2, f"（一）{sub}{item}。"))
    mutate(mini, EX, "", _example(3, f"1.{item}。2.{item}，限期完成。"))
    assert not [p for p in load(mini).problems if "packed" in p.what], \
        "one item's sub-points after ；and two items pass"
    mutate(mini, EX, "", _example(4, f"3.{item}。4.{item}，年中复查。5.{item}，年底通报。"))
    hits = [str(p) for p in load(mini).problems if "packed" in p.what]
    assert len(hits) == 1 and hits[0].startswith(f"{EX}:"), hits
    assert "3 numbered items packed into one example" in hits[0]
    assert "split it into one example per item" in hits[0]


@pytest.mark.parametrize("text,run", [
    ("（一）甲。（二）乙。（三）丙。", 3), ("议定以下事项：1. 甲。2. 乙。3. 丙。", 3),
    ("十、甲。十一、乙。十二、丙。", 3), ("一是甲，二是乙，三是丙。", 0),
    ("拨打12345热线，受理2.5万件。", 0), ("1.甲。1.乙。1.丙。", 1)])
def test_packed_run_counts_items_numbered_on_at_sentence_starts(text, run):
    from macros.checks.lints_content import packed_run
    assert packed_run(text) == run
