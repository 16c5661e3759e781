"""Derived views: responsibility matrix, reporting calendar (.ics), Word output."""

from __future__ import annotations

from datetime import date, datetime

import docx
from icalendar import Calendar

from macros.checks.loader import load
from macros.outputs.word import build_document
from macros.views.matrix import matrix, matrix_page
from macros.views.reporting_calendar import events, months, to_ics

from .conftest import ROOT


def test_matrix_is_derived_from_the_roles_of_each_obligation(mini):
    cat = load(mini)
    roles, rows = matrix(cat)
    assert roles == ["班子成员"]
    assert [(ob["id"], have) for ob, have in rows] == [("yigang-shuangze", {"班子成员"})]
    page = matrix_page(cat, "matrix.md")
    assert ('<tr markdown="1" data-roles="班子成员"><th scope="row" markdown="span">'
            '[一岗双责](obligations/yigang-shuangze.md)</th><td data-role="班子成员">●</td></tr>'
            in page)
    assert "style=" not in page
    assert "### 班子成员（1项）" in page


def test_matrix_of_the_project_gives_every_secretary_duty(mini):
    cat = load(ROOT)
    roles, rows = matrix(cat)
    secretary = {ob["id"] for ob, have in rows if "书记" in have}
    assert {"diyi-zerenren", "sange-daitou", "sange-qinzi"} <= secretary
    assert all(have for _, have in rows)


def test_calendar_events_follow_frequencies(mini):
    cat = load(mini)
    ob = cat.obligations["yigang-shuangze"]
    assert events(cat, 2026) == []          # 持续 is not a calendar frequency
    ob["frequency"] = "每季度"
    (ev,) = events(cat, 2026)
    assert ev["start"] == date(2026, 3, 20) and months(ev) == [3, 6, 9, 12]
    ob["frequency"] = "每半年"
    assert months(events(cat, 2026)[0]) == [6, 12]


def test_ics_parses_and_holds_recurring_events():
    cat = load(ROOT)
    cal = Calendar.from_ical(to_ics(cat, 2026))
    evs = list(cal.walk("VEVENT"))
    assert len(evs) >= 5
    assert all(e.get("rrule") for e in evs)
    assert len({str(e["uid"]) for e in evs}) == len(evs)
    summaries = " ".join(str(e["summary"]) for e in evs)
    assert "分析研判" in summaries or "研判" in summaries
    assert any("每半年" in str(e["summary"]) for e in evs)


def test_word_document_has_the_official_layout(mini):
    cat = load(mini)
    doc = build_document(cat, "niandu-baogao", {"单位名称": "某局党组"})
    sec = doc.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.page_height.mm) == 297
    assert round(sec.top_margin.mm) == 37 and round(sec.bottom_margin.mm) == 35
    assert round(sec.left_margin.mm) == 28 and round(sec.right_margin.mm) == 26
    texts = [p.text for p in doc.paragraphs]
    assert any("某局党组认真落实" in t for t in texts)
    body = next(p for p in doc.paragraphs if "某局党组认真落实" in p.text)
    assert body.runs[0].font.size.pt == 16
    assert body.runs[0]._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    unfilled = [r for p in doc.paragraphs for r in p.runs if r.text == "【报告年度】"]
    assert unfilled and unfilled[0].font.highlight_color is not None
    heading = next(p for p in doc.paragraphs if p.text == "一、主要做法和成效")
    assert heading.runs[0].font.name == "黑体"
    assert doc.settings.odd_and_even_pages_header_footer
    footer = sec.footer.paragraphs[0]
    assert footer.text.startswith("— ") and "PAGE" in footer._p.xml
    assert sec.even_page_footer.paragraphs[0].alignment == 0  # left on even pages


def test_kb_fill_writes_the_values_into_word(tmp_path, mini):
    import subprocess

    from .conftest import BIN

    out = tmp_path / "out.docx"
    result = subprocess.run([str(BIN / "kb"), "--root", str(mini), "fill", "niandu-baogao",
                             "--set", "单位名称=某县交通运输局党组", "--set", "报告年度=2026",
                             "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "某县交通运输局党组" in text and "2026年" in text
    assert round(docx.Document(str(out)).sections[0].top_margin.mm) == 37


def test_kb_fill_rejects_unknown_and_missing_slots(tmp_path, mini):
    import subprocess

    from .conftest import BIN

    values = tmp_path / "v.yml"
    values.write_text("报告年度: 2026\n", encoding="utf-8")
    result = subprocess.run([str(BIN / "kb"), "--root", str(mini), "fill", "niandu-baogao",
                             "--values", str(values), "--set", "单位=某局", "-o",
                             str(tmp_path / "x.docx")], capture_output=True, text=True)
    assert result.returncode == 2
    assert "unknown slot(s): 单位" in result.stderr
    assert "missing required value(s): 单位名称" in result.stderr
    assert "单位名称（必填） [text]" in result.stderr and "报告年度 [year]" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def _ics(routine=False, base=""):
    return list(Calendar.from_ical(to_ics(load(ROOT), 2026, base, routine)).walk("VEVENT"))


def _days(evs):
    """How many calendar entries fall on each day of 2026."""
    from collections import Counter

    from dateutil.rrule import rrulestr

    count = Counter()
    for ev in evs:
        start = datetime.combine(ev["dtstart"].dt, datetime.min.time())
        rule = rrulestr(ev["rrule"].to_ical().decode(), dtstart=start)
        count.update(m.date() for m in rule.between(start, datetime(2026, 12, 31), inc=True))
    return count


def test_default_ics_links_each_page_and_reminds_ahead_without_weekly_events():
    evs = _ics(base="http://intranet.example/kb/")
    assert evs and not any("WEEKLY" in ev["rrule"].to_ical().decode() for ev in evs)
    for ev in evs:
        assert str(ev["url"]).startswith("http://intranet.example/kb/obligations/")
        assert "页面：http://intranet.example/kb/obligations/" in str(ev["description"])
        (alarm,) = ev.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY" and alarm["trigger"].dt.days < 0
    relative = _ics()
    assert all(str(ev["url"]).startswith("obligations/") for ev in relative)


def test_weekly_duties_are_offered_in_a_separate_calendar():
    routine = _ics(routine=True)
    assert routine and all("WEEKLY" in ev["rrule"].to_ical().decode() for ev in routine)
    assert "经常性学习制度" in " ".join(str(ev["summary"]) for ev in routine)


def test_no_day_of_the_calendar_stacks_more_than_two_entries():
    busiest = _days(_ics()).most_common(1)[0][1]
    assert busiest <= 2


def test_an_obligation_dated_by_its_sources_keeps_its_own_day():
    cat = load(ROOT)
    ev = next(e for e in events(cat, 2026) if e["id"] == "shenghuohui-shuzhi")
    assert ev["start"] == date(2026, 12, 15) and ev["when"]
    assert ev["start"] != next(e for e in events(cat, 2026) if e["id"] == "kaohe")["start"]
