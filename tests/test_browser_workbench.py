"""The writer's workbench in headless Chromium: the unit profile shared by templates, a draft
composed from examples, edited, reordered and dropped, exported, persisted, cleared and
undone; the phone width; the print view; the Word button."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from .conftest import ROOT

pytestmark = pytest.mark.browser

TEMPLATE = "bannian-zicha"
OTHER = "niandu-qingkuang-baogao"
TEMPLATES = sorted(p.stem for p in (ROOT / "docs" / "templates").glob("*.md")
                   if p.stem != "index")
PROFILE = {"单位名称": "某县交通运输局党组", "单位简称": "局党组", "上级党委": "县委",
           "报告年度": "2026"}
EDITED = "本单位上半年对照责任清单逐项开展了自查。"
# Words of the page furniture that must never reach the printed draft.
FURNITURE = ["写作提示", "应体现的责任", "可用表述", "本模板的槽位", "报告框架", "起草本报告",
             "示例段落", "加入本节草稿", "本节草稿", "复制本节", "写作要点", "完整示例", "单位类型"]


def open_template(page, site_url, tpl=TEMPLATE):
    page.goto(f"{site_url}/templates/{tpl}/")
    page.wait_for_selector(".kb-bench")
    return page.evaluate("JSON.parse(document.getElementById('kb-template-data').textContent)")


def fill_profile(page, unit_type=None):
    for name, value in PROFILE.items():
        page.fill(f".kb-input[data-slot='{name}']", value)
    if unit_type:
        page.select_option("#kb-unit-type", unit_type)


def paragraphs(page, section):
    return page.locator(f".kb-editor[data-section='{section}'] .kb-para-text").all_inner_texts()


def pick(page, example_id):
    page.locator(f"details:has([id='{example_id}']) > summary").click()
    page.click(f"button.kb-pick[data-example='{example_id}']")


def go_on(page):
    """成稿前检查 lists what is unfinished before a file is written: go on anyway (once the
    check, which loads the site's checker on first use, is done)."""
    page.wait_for_selector("html[data-kb-preflight='done']", state="attached")
    if page.locator("dialog.kb-preflight[open]").count():
        page.click("dialog.kb-preflight .kb-go-on")


def export(page) -> dict:
    with page.expect_download() as info:
        page.click("button.kb-export")
    path = info.value.path()
    assert info.value.suggested_filename.endswith("（草稿）.json")
    return json.loads(Path(path).read_text(encoding="utf-8"))


def compose(page, data):
    """Pick an example for two sections, edit one sentence, move a paragraph, drop a section."""
    sections = {s["id"]: s for s in data["sections"]}
    chosen = {sid: sections[sid]["examples"][0] for sid in ("zeren-luoshi", "zhendi-yindao")}
    for ex in chosen.values():
        pick(page, ex["id"])
    page.click(".kb-editor[data-section='zeren-luoshi'] .kb-para:last-child .kb-up")
    daoyu = ".kb-editor[data-section='daoyu']"
    page.click(f"{daoyu} .kb-para[data-index='1'] .kb-edit")
    area = page.locator(f"{daoyu} textarea")
    text = area.input_value()
    first = text.index("。") + 1
    area.fill(EDITED + text[first:])
    page.click(f"{daoyu} .kb-done")
    page.click(".kb-editor[data-section='wenti'] .kb-drop")
    return chosen, text[:first]


def test_unit_profile_is_entered_once_and_fills_every_template(bench, site_url):
    data = open_template(bench, site_url)
    unit = data["sections"][2]["examples"][0]["unit_type"]
    fill_profile(bench, unit)
    own = bench.locator(".kb-own .kb-input[data-slot='专题研究次数']")
    own.fill("3")
    assert paragraphs(bench, "biaoti") == ["某县交通运输局党组2026年上半年意识形态工作自查报告"]
    open_template(bench, site_url, OTHER)
    for name, value in PROFILE.items():
        assert bench.input_value(f".kb-input[data-slot='{name}']") == value
    title = paragraphs(bench, "biaoti")[0]
    assert "某县交通运输局党组" in title and "2026" in title and "【" not in title
    # Template-specific values stay with their template.
    assert bench.input_value(".kb-input[data-slot='专题研究次数']") == ""
    assert bench.locator(".kb-profile .kb-input[data-slot='专题研究次数']").count() == 0
    # The writer's unit type filters the examples of every section that has that type.
    filters = bench.locator("select.kb-filter")
    values = {f.input_value() for f in filters.all()}
    assert unit in values
    assert bench.evaluate("__csp") == []


def test_profile_edited_in_another_tab_is_not_overwritten(bench, site_url):
    open_template(bench, site_url)
    other = bench.context.new_page()
    open_template(other, site_url, OTHER)
    other.fill(".kb-input[data-slot='单位名称']", "某镇党委")
    for _ in range(50):
        if bench.input_value(".kb-input[data-slot='单位名称']") == "某镇党委":
            break
        bench.wait_for_timeout(100)
    assert bench.input_value(".kb-input[data-slot='单位名称']") == "某镇党委"
    bench.click(".kb-editor[data-section='wenti'] .kb-drop")     # a save in the first tab
    other.reload()
    assert other.input_value(".kb-input[data-slot='单位名称']") == "某镇党委"
    assert "某镇党委" in paragraphs(bench, "luokuan")


def test_values_of_the_earlier_fill_in_form_are_kept(browser, site_url):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script("""if (!localStorage.getItem('kb-values:bannian-zicha'))
        localStorage.setItem('kb-fill:bannian-zicha',
            JSON.stringify({'单位名称': '某镇党委', '自查问题数': '3'}));""")
    page = context.new_page()
    open_template(page, site_url)
    assert page.input_value(".kb-profile .kb-input[data-slot='单位名称']") == "某镇党委"
    assert page.input_value(".kb-own .kb-input[data-slot='自查问题数']") == "3"
    context.close()


def test_inputs_are_validated_by_slot_type_and_empty_slots_look_empty(bench, site_url):
    open_template(bench, site_url)
    year = bench.locator(".kb-input[data-slot='报告年度']")
    assert year.get_attribute("placeholder") in (None, "")
    hint = bench.locator("#kb-in-报告年度-hint").inner_text()
    assert "示例：2026" in hint
    year.fill("26")
    year.press("Tab")
    assert "四位数字" in bench.locator("#kb-in-报告年度-err").inner_text()
    assert year.get_attribute("aria-invalid") == "true"
    assert "【报告年度】" in paragraphs(bench, "biaoti")[0]
    year.fill("2026")
    year.press("Tab")
    assert bench.locator("#kb-in-报告年度-err").inner_text() == ""
    count = bench.locator(".kb-input[data-slot='专题研究次数']")
    count.fill("-3")
    count.press("Tab")
    assert "正整数" in bench.locator("#kb-in-专题研究次数-err").inner_text()
    assert "【专题研究次数】" in "".join(paragraphs(bench, "zeren-luoshi"))
    date = bench.locator(".kb-input[data-slot='成文日期']")
    date.fill("2026-7-5")
    date.press("Tab")
    assert date.input_value() == "2026年7月5日"
    assert "2026年7月5日" in paragraphs(bench, "luokuan")
    date.fill("2026-2-30")
    date.press("Tab")
    assert "日期" in bench.locator("#kb-in-成文日期-err").inner_text()


def test_compose_export_reload_clear_and_undo(bench, site_url):
    data = open_template(bench, site_url)
    fill_profile(bench)
    chosen, replaced = compose(bench, data)
    assert bench.locator(".kb-editor[data-section='wenti'] .kb-paras").is_hidden()

    draft = export(bench)
    assert draft["format"] == "kb-draft/1" and draft["template"] == TEMPLATE
    assert draft["title"] == "某县交通运输局党组2026年上半年意识形态工作自查报告"
    assert draft["values"] == PROFILE
    assert [s["id"] for s in draft["sections"]] == [s["id"] for s in data["sections"]]
    by_id = {s["id"]: s for s in draft["sections"]}
    assert by_id["wenti"]["dropped"] is True
    assert [s["id"] for s in draft["sections"] if s["dropped"]] == ["wenti"]
    assert by_id["daoyu"]["paragraphs"][1].startswith(EDITED)
    assert replaced not in by_id["daoyu"]["paragraphs"][1]
    assert by_id["biaoti"]["paragraphs"] == ["【单位名称】【报告年度】年上半年意识形态工作自查报告"], \
        "slots stay slots in the draft"
    assert by_id["zeren-luoshi"]["paragraphs"][0] == chosen["zeren-luoshi"]["text"], \
        "moved up before the skeleton"
    assert by_id["zhendi-yindao"]["paragraphs"][-1] == chosen["zhendi-yindao"]["text"]
    assert by_id["zeren-luoshi"]["level"] == 1 and by_id["zeren-luoshi"]["heading"] == "一、责任落实情况"

    bench.reload()
    bench.wait_for_selector(".kb-editor")
    assert paragraphs(bench, "daoyu")[1].startswith(EDITED)
    assert paragraphs(bench, "luokuan")[0] == PROFILE["单位名称"], "slots filled in the editor"
    assert bench.locator(".kb-editor[data-section='wenti'] .kb-drop").get_attribute(
        "aria-pressed") == "true"
    assert export(bench) == draft

    bench.click("button.kb-clear")
    assert paragraphs(bench, "daoyu")[1].startswith(EDITED), "nothing cleared before confirming"
    bench.click("button.kb-confirm")
    assert not paragraphs(bench, "daoyu")[1].startswith(EDITED)
    assert bench.locator(".kb-editor[data-section='wenti'] .kb-paras").is_visible()
    assert bench.input_value(".kb-input[data-slot='单位名称']") == PROFILE["单位名称"]
    bench.click("button.kb-undo")
    assert paragraphs(bench, "daoyu")[1].startswith(EDITED)
    assert export(bench) == draft
    assert bench.locator("button.kb-undo").is_hidden(), "undo works once"

    hosts = {urlparse(u).hostname for u in bench.requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, sorted(bench.requests)
    assert bench.evaluate("__csp") == []


def test_import_moves_a_draft_to_another_browser(browser, bench, site_url, tmp_path):
    data = open_template(bench, site_url)
    fill_profile(bench)
    compose(bench, data)
    draft = export(bench)
    file = tmp_path / "draft.json"
    file.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    other = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = other.new_page()
    open_template(page, site_url)
    page.set_input_files("#kb-import-file", str(file))
    page.wait_for_selector(".kb-import ~ .kb-status:has-text('已导入')")
    assert export(page) == draft
    assert page.input_value(".kb-input[data-slot='单位名称']") == PROFILE["单位名称"]
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({**draft, "template": OTHER}), encoding="utf-8")
    page.set_input_files("#kb-import-file", str(wrong))
    page.wait_for_selector(".kb-import ~ .kb-status:has-text('未导入')")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    page.set_input_files("#kb-import-file", str(broken))
    page.wait_for_selector(".kb-import ~ .kb-status:has-text('JSON')")
    assert export(page) == draft, "a refused file changes nothing"
    noted = tmp_path / "noted.json"             # draft.on_problem: unknown_slot is a note
    noted.write_text(json.dumps({**draft, "values": {**draft["values"], "备注": "某事"}},
                                ensure_ascii=False), encoding="utf-8")
    page.set_input_files("#kb-import-file", str(noted))
    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text(encoding="utf-8"))
    words = rules["draft"]["notes"]["unknown_slot"].replace("{slot}", "备注")
    page.wait_for_selector(f".kb-import ~ .kb-status:has-text('{words.split(' — ')[0]}')")
    assert export(page) == draft, "the note names what was left out; the rest imports"
    other.close()


def test_examples_are_filtered_by_the_writers_unit_type(bench, site_url):
    data = open_template(bench, site_url)
    sec = next(s for s in data["sections"]
               if len({e["unit_type"] for e in s["examples"]}) >= 2)
    unit = sec["examples"][0]["unit_type"]
    bench.select_option("#kb-unit-type", unit)
    bench.locator(f"details:has([id='{sec['examples'][0]['id']}']) > summary").click()
    for ex in sec["examples"]:
        visible = bench.locator(f"[id='{ex['id']}']").is_visible()
        assert visible == (ex["unit_type"] in (unit, "通用")), ex["id"]
    bench.select_option(f"#kb-filter-{sec['id']}", "")
    assert all(bench.locator(f"[id='{ex['id']}']").is_visible() for ex in sec["examples"])
    bench.reload()
    assert bench.input_value("#kb-unit-type") == unit, "the unit type is remembered"


@pytest.mark.parametrize("tpl", TEMPLATES)
def test_template_page_fits_a_phone_and_every_control_has_a_label(browser, site_url, tpl):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    open_template(page, site_url, tpl)
    page.locator(".kb-editor .kb-edit").first.click()         # the editor open, too
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.locator(".kb-copy-all").first.click()
    go_on(page)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        '.kb-bench input, .kb-bench select, .kb-editor textarea, .kb-filter, .kb-act input')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
        .map(e => e.id || e.name)""")
    assert unlabelled == []
    context.close()


def test_keyboard_focus_is_visible_and_copy_reports_next_to_the_button(bench, site_url):
    open_template(bench, site_url)
    bench.focus(".kb-input[data-slot='单位名称']")
    bench.keyboard.press("Shift+Tab")
    bench.keyboard.press("Tab")
    outline = bench.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), outline
    button = bench.locator("button.kb-copy-sec[data-section='zeren-luoshi']")
    button.focus()
    bench.keyboard.press("Enter")
    status = bench.locator("button.kb-copy-sec[data-section='zeren-luoshi'] + .kb-status")
    status.wait_for()
    assert "已复制" in status.inner_text()
    box, near = button.bounding_box(), status.bounding_box()
    assert abs(near["y"] - box["y"]) < 80, "the message stands next to the button pressed"


def _pdf_text(pdf: bytes, tmp_path) -> tuple[int, str]:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `make test` installs poppler-utils")
    path = tmp_path / "draft.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info.stdout, re.M)
    assert (round(float(size.group(1))), round(float(size.group(2)))) == (595, 842), "A4"
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return pages, text


def _expected_pages(draft) -> int:
    """Lines of 27 characters (156 mm at 16 pt), 22 lines a page, as GB/T 9704 sets them."""
    lines = math.ceil(len(draft["title"]) / 20) + 1
    for sec in draft["sections"]:
        if sec["dropped"] or sec["heading"] == "标题":
            continue
        lines += 1 if sec["level"] >= 1 else 0
        lines += 1 if sec["heading"] == "落款" else 0
        for p in sec["paragraphs"]:
            text = re.sub(r"【([^【】]+)】", lambda m: draft["values"].get(m.group(1), m.group(0)), p)
            lines += math.ceil((len(text) + 2) / 27)
    return math.ceil(lines / 22)


def test_printing_gives_the_draft_only_in_the_official_layout(bench, site_url, tmp_path):
    data = open_template(bench, site_url)
    fill_profile(bench)
    compose(bench, data)
    draft = export(bench)
    pages, text = _pdf_text(bench.pdf(prefer_css_page_size=True), tmp_path)
    flat = re.sub(r"\s+", "", text)
    assert abs(pages - _expected_pages(draft)) <= 1, (pages, _expected_pages(draft))
    assert flat.startswith(draft["title"])
    assert EDITED in flat
    assert "五、存在的问题" not in flat, "the dropped section is not printed"
    assert "一、责任落实情况" in flat and "某县交通运输局党组" in flat
    for word in FURNITURE:
        assert word not in flat, word
    for sec in data["sections"]:
        assert "guidance" not in sec
    guidance = bench.locator(".admonition.tip p:not(.admonition-title)").all_inner_texts()
    assert guidance
    for tip in guidance:
        assert re.sub(r"\s+", "", tip)[:15] not in flat
    # The 打印草稿 button prints the same view.
    bench.evaluate("window.print = () => { window.__printed = true; }")
    bench.click("button.kb-print-btn")
    go_on(bench)
    assert bench.evaluate("window.__printed") is True


KBWORD_STUB = """(window.kb = window.kb || {}).word = { buildDocx: (draft, layout) => {
    window.__word = {draft, layout};
    return Promise.resolve(new Blob(['stub'], {type: 'application/octet-stream'})); } };"""


def test_word_button_builds_the_filled_draft_or_falls_back_to_the_template(browser, site_url):
    # Without the page's Word builder (its script failed to load) the static template is
    # downloaded, and the writer is told so next to the button.
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    context.route("**/assets/kb-word.js", lambda route: route.abort())
    page = context.new_page()
    open_template(page, site_url)
    fill_profile(page)
    with page.expect_download() as info:
        page.click("button.kb-word")
        go_on(page)
    assert info.value.suggested_filename == f"{TEMPLATE}.docx"
    note = page.locator("button.kb-word + .kb-status").first.inner_text()
    assert "未填写的 Word 模板" in note
    context.close()

    # With a builder, the button hands it the draft and the layout (a stub records them).
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    context.route("**/assets/kb-word.js", lambda route: route.abort())
    context.add_init_script(KBWORD_STUB)
    page = context.new_page()
    open_template(page, site_url)
    fill_profile(page)
    with page.expect_download() as info:
        page.click("button.kb-word")
        go_on(page)
    title = "某县交通运输局党组2026年上半年意识形态工作自查报告"
    assert info.value.suggested_filename == title + ".docx"
    sent = page.evaluate("window.__word")
    assert sent["draft"]["title"] == title and sent["draft"]["values"] == PROFILE
    assert sent["layout"]["page"]["width_mm"] == 210
    page.wait_for_selector("button.kb-word + .kb-status:has-text('已下载')")
    context.close()


def _outline_level(paragraph) -> int | None:
    """w:outlineLvl of a paragraph, set on it or on its style."""
    for element in (paragraph._p, paragraph.style.element if paragraph.style else None):
        if element is None:
            continue
        found = element.xpath("./w:pPr/w:outlineLvl/@w:val")
        if found:
            return int(found[0])
    return None


def test_word_download_holds_exactly_the_draft(bench, site_url):
    """The whole acceptance path through the page's Word builder (kb-word.js, when shipped)."""
    data = open_template(bench, site_url)
    assert bench.evaluate("!!(window.kb.word && window.kb.word.buildDocx)"), \
        "template pages ship the in-page Word builder (docs/assets/kb-word.js)"
    import docx

    for slot in data["slots"]:
        bench.fill(f".kb-input[data-slot='{slot['name']}']", slot["example"])
    fill_profile(bench)
    compose(bench, data)
    draft = export(bench)
    with bench.expect_download() as info:
        bench.click("button.kb-word")
        go_on(bench)
    assert info.value.suggested_filename == draft["title"] + ".docx"
    doc = docx.Document(info.value.path())
    text = "\n".join(p.text for p in doc.paragraphs)
    assert EDITED in text and PROFILE["单位名称"] in text
    assert "【" not in text and "五、存在的问题" not in text
    headings = [p for p in doc.paragraphs if p.text.strip() in
                {s["heading"] for s in draft["sections"] if s["level"] >= 1 and not s["dropped"]}]
    assert headings and all(_outline_level(p) == 0 for p in headings
                            if p.text.startswith(("一、", "二、", "三、")))
