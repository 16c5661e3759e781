"""Issue 20 in headless Chromium: 起草初稿 and 换一段, 示例事实 marks, 成稿前检查 before a file is
written, the action bar in reach, phone sizes, printed page numbers, and the annual report
driven as a 县直部门党组 from the home page (interactions and example text counted)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from .conftest import BIN, ROOT
from .test_browser_workbench import open_template

pytestmark = pytest.mark.browser

ANNUAL = "niandu-qingkuang-baogao"
UNIT = "县直部门党组"
FACT_DRAFT = {"sections": [{"id": "wenti", "dropped": False,
                            "paragraphs": ["全年〖累计培训120人次〗，〖4月10日前〗完成整改。"]}]}
# The same, with a sentence that still holds placeholders (an either/or form and "……").
PLACEHOLDER_DRAFT = {"sections": [{"id": "wenti", "dropped": False, "paragraphs": [
    FACT_DRAFT["sections"][0]["paragraphs"][0], "召开党委（党组）会议专题研究……次。"]}]}
LEFTOVERS = ("〖", "〗", "【", "】", "……", "党委（党组）", "××", "XX", "某某")


def sections_of(page, tpl):
    return page.evaluate(f"JSON.parse(localStorage.getItem(window.kb.draft.scoped('kb-draft:{tpl}'))).sections")


def test_first_draft_takes_one_fitting_example_per_section_and_swap_cycles(bench, site_url):
    data = open_template(bench, site_url, ANNUAL)
    bench.click("button.kb-first-draft")            # no unit type yet: asked for it first
    assert bench.evaluate("document.activeElement.id") == "kb-unit-type"
    assert "请先选择单位类型" in bench.locator(".kb-actions .kb-status").first.inner_text()
    bench.select_option("#kb-unit-type", UNIT)
    bench.click("button.kb-first-draft")
    by_id = {s["id"]: s for s in data["sections"]}
    drafted = {s["id"]: s for s in sections_of(bench, ANNUAL)}
    used = 0
    assert drafted["daoyu"]["paragraphs"][0] == "【上级党委】：", "the 主送 line first"
    assert sum("报告如下" in p for p in drafted["daoyu"]["paragraphs"]) >= 1
    for sid, sec in by_id.items():
        fitting = bench.evaluate("([sec, unit]) => kb.compose.fitting(sec, unit, '')", [sec, UNIT])
        if fitting:
            used += 1
            paras = drafted[sid]["paragraphs"]
            # One text: the example once, in place of the framework's prose; the structural
            # lines keep their place; framework paragraphs only where the example falls short.
            assert paras.count(fitting[0]["text"]) == 1, sid
            sentences = [t for p in sec["skeleton"] for t in re.findall("[^。！？]+[。！？]?", p)]
            assert all(p == fitting[0]["text"] or p in sec["skeleton"] or all(
                t in sentences for t in re.findall("[^。！？]+[。！？]?", p)) for p in paras), sid
            frames = [p for p, f in zip(sec["skeleton"], sec["skeleton_frame"], strict=True) if f]
            assert [p for p in paras if p in frames] == frames, sid
            assert drafted[sid]["example"] == fitting[0]["id"]
        else:
            assert drafted[sid]["paragraphs"] == sec["skeleton"], sid
    assert used >= 3
    # The full lists of examples stay available, collapsed.
    assert bench.locator("details:has(.kb-pick)[open]").count() == 0
    assert bench.locator("details:has(.kb-pick)").count() > 0
    # 换一段: one click gives the next fitting example in place of the first.
    sid = next(s for s, sec in by_id.items()
               if len([e for e in sec["examples"] if e["unit_type"] in (UNIT, "通用")]) > 1)
    fitting = bench.evaluate("([sec, unit]) => kb.compose.fitting(sec, unit, '')",
                             [by_id[sid], UNIT])
    before = drafted[sid]["paragraphs"]
    bench.click(f".kb-editor[data-section='{sid}'] .kb-swap")
    after = {s["id"]: s for s in sections_of(bench, ANNUAL)}[sid]
    assert after["paragraphs"] == [fitting[1]["text"] if p == fitting[0]["text"] else p
                                   for p in before]
    status = bench.locator(f".kb-editor[data-section='{sid}'] .kb-status").inner_text()
    assert f"已换成另一段示例（第2段，共{len(fitting)}段）" in status
    # Undo brings back the draft as it was before 起草初稿.
    bench.click(".kb-actions .kb-undo")
    assert sections_of(bench, ANNUAL)[1]["paragraphs"] == by_id["daoyu"]["skeleton"]
    assert bench.evaluate("__csp") == []


def test_facts_are_marked_until_confirmed_or_rewritten(bench, site_url):
    bench.goto(f"{site_url}/templates/{ANNUAL}/")
    bench.evaluate(f"localStorage.setItem(window.kb.draft.scoped('kb-draft:{ANNUAL}'), "
                   f"{json.dumps(json.dumps(FACT_DRAFT, ensure_ascii=False))})")
    open_template(bench, site_url, ANNUAL)
    ed = ".kb-editor[data-section='wenti']"
    marks = bench.locator(f"{ed} mark.kb-fact")
    assert [re.sub(r"\s", "", t) for t in marks.all_inner_texts()] == [
        "示例事实：累计培训120人次", "示例事实：4月10日前"]
    # Confirm one with one click: its brackets go, the other stays marked.
    bench.click(f"{ed} .kb-fact-ok >> nth=1")
    wenti = {s["id"]: s for s in sections_of(bench, ANNUAL)}["wenti"]
    assert wenti["paragraphs"] == ["全年〖累计培训120人次〗，4月10日前完成整改。"]
    assert marks.count() == 1
    # Rewrite the other with the unit's own figure: no longer an example fact.
    bench.click(f"{ed} .kb-para[data-index='0'] .kb-edit")
    area = bench.locator(f"{ed} textarea")
    area.fill(area.input_value().replace("120", "150"))
    bench.click(f"{ed} .kb-done")
    assert marks.count() == 0
    wenti = {s["id"]: s for s in sections_of(bench, ANNUAL)}["wenti"]
    assert wenti["paragraphs"] == ["全年累计培训150人次，4月10日前完成整改。"]


def test_check_before_writing_lists_what_is_unfinished_and_jumps_to_it(bench, site_url):
    bench.goto(f"{site_url}/templates/{ANNUAL}/")
    bench.evaluate(f"localStorage.setItem(window.kb.draft.scoped('kb-draft:{ANNUAL}'), "
                   f"{json.dumps(json.dumps(PLACEHOLDER_DRAFT, ensure_ascii=False))})")
    open_template(bench, site_url, ANNUAL)
    bench.fill(".kb-input[data-slot='报告年度']", "26")              # invalid year
    for selector in ("button.kb-word", "button.kb-print-btn", "button.kb-copy-all"):
        bench.click(f".kb-actions:not(.kb-actions-end) {selector}")
        dialog = bench.locator("dialog.kb-preflight[open]")
        dialog.wait_for()
        text = dialog.inner_text()
        assert "单位名称：未填写" in text and "报告年度：年份请写2000到2100之间的四位数字" in text
        assert "示例事实" in text and "累计培训120人次" in text
        assert "未填槽位" in text and "占位文字" in text
        assert bench.evaluate("document.activeElement.className").find("kb-back") >= 0
        bench.keyboard.press("Escape")
        assert bench.locator("dialog.kb-preflight[open]").count() == 0
    # An item jumps to its place: the fact's 确认 button, the empty field of a slot.
    bench.click("button.kb-word")
    bench.locator("dialog.kb-preflight li[data-kind='示例事实'] button").first.click()
    assert bench.evaluate("document.activeElement.classList.contains('kb-fact-ok')")
    bench.click("button.kb-word")
    item = bench.locator("dialog.kb-preflight li[data-kind='未填槽位'] button").first
    slot = re.search(r"【([^】]+)】", item.inner_text()).group(1)
    item.click()
    assert bench.evaluate("document.activeElement.dataset.slot") == slot
    # 仍然继续 still writes the file; its name holds no 【】.
    bench.click("button.kb-word")
    with bench.expect_download() as info:
        bench.click("dialog.kb-preflight .kb-go-on")
    name = info.value.suggested_filename
    assert name.endswith(".docx") and "【" not in name and "】" not in name


def test_write_actions_are_in_reach_anywhere_in_the_draft(bench, site_url):
    open_template(bench, site_url, ANNUAL)
    for sid in ("zhendi-guanli", "wenti"):
        bench.locator(f".kb-editor[data-section='{sid}']").scroll_into_view_if_needed()
        bench.evaluate(f"document.querySelector(\".kb-editor[data-section='{sid}']\")"
                       ".scrollIntoView({block: 'start'})")
        visible = bench.evaluate("""() => [...document.querySelectorAll('button.kb-word')]
            .some(b => { const r = b.getBoundingClientRect();
                         return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; })""")
        assert visible, sid


def test_phone_touch_targets_and_text_sizes(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    open_template(page, site_url, ANNUAL)
    page.select_option("#kb-unit-type", UNIT)
    page.click("button.kb-first-draft")
    page.locator("details:has(.kb-pick) > summary").first.click()
    small = page.evaluate("""() => [...document.querySelectorAll(
            '.kb-bench button, .kb-editor button, .kb-actions-end button, .kb-pick, ' +
            'details:has(.kb-pick) > summary')]
        .filter(b => b.offsetParent !== null && !b.classList.contains('kb-fact-ok'))
        .map(b => [b.textContent.trim(), b.getBoundingClientRect()])
        .filter(([, r]) => r.width < 44 || r.height < 44).map(([t, r]) =>
            t + ' ' + Math.round(r.width) + '×' + Math.round(r.height))""")
    assert small == []
    # 属实 after a fact: inline, no taller than the text around it, yet a 44 × 44 px target
    # (a transparent pseudo-element): points 21 px from its centre still hit it.
    fact = page.evaluate("""() => {
        const b = document.querySelector('.kb-editor .kb-fact-ok');
        b.scrollIntoView({block: 'center'});
        const r = b.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
        const hits = [[x, y - 21], [x, y + 21], [x - 21, y], [x + 21, y]].map(([px, py]) => {
            const e = document.elementFromPoint(px, py); return !!e && (e === b || b.contains(e)); });
        return {hits, height: r.height, name: b.getAttribute('aria-label')}; }""")
    assert all(fact["hits"]), fact
    assert fact["height"] <= 24, "the line height stays"
    assert "确认此数据属实" in fact["name"] and "照抄示例" in fact["name"]
    sizes = page.evaluate("""() => [...document.querySelectorAll(
            '.kb-para-text, details:has(.kb-pick) p, .kb-hint, .kb-note, .kb-status, .kb-copy')]
        .filter(n => n.offsetParent !== null && n.textContent.trim())
        .map(n => parseFloat(getComputedStyle(n).fontSize))""")
    assert sizes and min(sizes) >= 14
    context.close()


def test_printed_draft_has_page_numbers(bench, site_url, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `make test` installs poppler-utils")
    open_template(bench, site_url, ANNUAL)
    bench.emulate_media(media="print")
    path = tmp_path / "draft.pdf"
    path.write_bytes(bench.pdf(prefer_css_page_size=True))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [re.sub(r"\s", "", page) for page in text.split("\f")]
    assert "—1—" in pages[0] and "—2—" in pages[1]
    # The title is broken between words, as in Word: never inside 意识形态.
    assert "意识形态" in pages[0]


# ---- Item 8: the annual report as a 县直部门党组, from the home page to the .docx ----------

OWN = {"单位名称": "某县文化和旅游局党组", "单位简称": "局党组", "上级党委": "县委",
       "报告年度": "2026", "下一年度": "2027", "成文日期": "2026年12月20日",
       "中心工作": "文旅融合发展"}
EITHER_OR = re.compile(r"([\u4e00-\u9fff]{1,4})（[\u4e00-\u9fff]{1,6}）")


def own_words(text: str, placeholders: list[str]) -> str:
    """The writer's rewrite of a paragraph: each example fact replaced by the unit's own
    (figures changed, or the writer's own wording), each placeholder by a real word."""
    def fact(m):
        inner = m.group(1)
        mine = re.sub(r"\d+", lambda d: str(int(d.group(0)) + 1), inner)
        if mine != inner:
            return mine
        # A named fact (another unit, event, topic): the writer names the unit's own instead.
        return "局党组" if inner.endswith(("党组", "党委")) else "本局文旅融合中的" + inner[-2:]
    text = re.sub(r"〖([^〖〗\n]{1,200})〗", fact, text)
    for p in sorted(placeholders, key=len, reverse=True):
        if p in ("……", "…"):
            text = text.replace(p, "")
        elif p in ("××", "XX", "ＸＸ", "xx"):
            text = text.replace(p, "3")
        elif p == "某某":
            text = text.replace(p, "办公室")
        elif "（" in p:
            text = text.replace(p, p.split("（")[0])
    return text


class Writer:
    """Drives the page as a writer does and counts every interaction."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector):
        self.count += 1
        self.page.click(selector)

    def fill(self, selector, value):
        self.count += 1
        self.page.fill(selector, value)

    def select(self, selector, value):
        self.count += 1
        self.page.select_option(selector, value)


def needless_examples(page, data, draft, examples, checker) -> set:
    """The example paragraphs a writer can delete rather than rewrite: the rest of the draft
    (the framework text left after them, other sections) still shows every duty, as the
    check before writing and the checker page tell the writer. Tried bottom up."""
    from macros.checker.engine import check_lines
    values = {s["name"]: OWN.get(s["name"]) or s["example"] for s in data["slots"]}
    mine = [{**s, "paragraphs": [own_words(p, data["placeholders"]) for p in s["paragraphs"]]}
            for s in draft]
    gone: set = set()

    def clean(sections) -> bool:
        lines = page.evaluate("([d, data, v]) => kb.compose.checkedLines(data, d, v).lines",
                              [{"sections": sections}, data, values])
        result = check_lines(checker, lines, ANNUAL)
        return not result["missing"] and not result["findings"]
    for k in reversed(range(len(mine))):
        sec = draft[k]
        for i in reversed(range(len(sec["paragraphs"]))):
            if sec["paragraphs"][i] not in examples.values() or len(sec["paragraphs"]) < 2:
                continue
            trial = [dict(s) for s in mine]
            trial[k]["paragraphs"] = [("" if j == i else p)        # deleted (indexes kept)
                                      for j, p in enumerate(mine[k]["paragraphs"])]
            if clean(trial):
                gone.add((sec["id"], i))
                mine = trial
    return gone


def drive_annual(page, site_url, checker=None) -> dict:
    """Home page → 年度情况报告 → unit type and the form → 起草初稿 (one text: the examples
    in place of the framework's prose) → each paragraph with another unit's facts or a
    placeholder rewritten with the unit's own → 下载 Word, going back when 成稿前检查 lists
    anything.
    Returns interactions and the characters of example text shown in the draft."""
    if checker is None:
        from macros.checker.engine import checker_data
        from macros.model.catalog import read
        checker = checker_data(read(ROOT))
    w = Writer(page)
    page.goto(f"{site_url}/")
    w.click("a[href$='templates/'] >> nth=0")
    w.click(f"article a[href*='{ANNUAL}']")
    page.wait_for_selector(".kb-bench")
    data = page.evaluate("JSON.parse(document.getElementById('kb-template-data').textContent)")
    w.select("#kb-unit-type", UNIT)
    w.click("button.kb-first-draft")
    examples = {e["id"]: e["text"] for s in data["sections"] for e in s["examples"]}
    draft = sections_of(page, ANNUAL)
    shown = sum(len(examples[s["example"]]) for s in draft if s.get("example"))
    used = set(re.findall(r"【([^【】]+)】", json.dumps(draft, ensure_ascii=False)))
    needless = needless_examples(page, data, draft, examples, checker)
    for slot in data["slots"]:
        if slot["name"] in used or slot["name"] in OWN:
            w.fill(f".kb-input[data-slot='{slot['name']}']",
                   OWN.get(slot["name"]) or slot["example"])
    for sec in reversed(draft):                  # bottom up: indexes stay valid
        ed = f".kb-editor[data-section='{sec['id']}']"
        for i in reversed(range(len(sec["paragraphs"]))):
            text = sec["paragraphs"][i]
            mine = own_words(text, data["placeholders"])
            if mine == text:
                continue
            if (sec["id"], i) in needless:
                w.click(f"{ed} .kb-para[data-index='{i}'] .kb-del")
                continue
            w.click(f"{ed} .kb-para[data-index='{i}'] .kb-edit")
            w.fill(f"{ed} textarea", mine)
    w.click(".kb-actions:not(.kb-actions-end) button.kb-word")
    page.wait_for_selector("html[data-kb-preflight='done']", state="attached")
    items = page.evaluate("""() => [...document.querySelectorAll(
        'dialog.kb-preflight[open] li')].map(li => li.textContent)""")
    assert not items, f"成稿前检查 still lists: {items}"   # nothing left: the download runs
    return {"interactions": w.count, "example_chars": shown}


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_annual_report_as_a_county_department_from_the_home_page(bench, site_url, tmp_path,
                                                                 data):
    with bench.expect_download(timeout=60000) as info:
        result = drive_annual(bench, site_url, data)
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert result["interactions"] <= 40, result
    assert result["example_chars"] <= 12000, result
    text = docx_text(path)
    assert not [s for s in LEFTOVERS if s in text], [s for s in LEFTOVERS if s in text]
    assert "某县文化和旅游局党组" in text
    check = subprocess.run([str(BIN / "kb"), "check", "--json", "--genre", ANNUAL, str(path)],
                           cwd=ROOT, capture_output=True, text=True)
    report = json.loads(check.stdout)
    assert report["summary"]["findings"] == 0, report["findings"]
    assert report["summary"]["missing"] == 0, report["missing"]
    assert bench.evaluate("__csp") == []


# ---- QA findings: the draft read as one text, the check as `kb check` says it ---------------

def contrast(page, selector: str) -> float:
    """WCAG contrast of an element's text on its background (composited over the dialog)."""
    return page.evaluate("""(sel) => {
        const n = document.querySelector(sel), cs = getComputedStyle(n);
        const rgba = s => (s.match(/[\\d.]+/g) || []).map(Number);
        const under = rgba(getComputedStyle(n.closest('dialog')).backgroundColor);
        const [r, g, b, a = 1] = rgba(cs.backgroundColor);
        const bg = [r, g, b].map((v, i) => v * a + under[i] * (1 - a));
        const lum = c => { const [R, G, B] = c.map(v => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * R + 0.7152 * G + 0.0722 * B; };
        const L1 = lum(rgba(cs.color).slice(0, 3)), L2 = lum(bg);
        return (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05); }""", selector)


def test_first_draft_goes_to_its_first_section_and_announces_it(bench, site_url):
    open_template(bench, site_url, ANNUAL)
    bench.select_option("#kb-unit-type", UNIT)
    # The inline action row in view: the bar at the end of the draft is not stuck on top of it.
    bench.evaluate("document.querySelector('.kb-actions:not(.kb-actions-end)')"
                   ".scrollIntoView({block: 'center'})")
    bench.wait_for_function("() => document.querySelector('.kb-actions-end')"
                            ".classList.contains('kb-actions-rest')")
    bench.click("button.kb-first-draft")
    assert bench.evaluate("document.activeElement.classList.contains('kb-editor')")
    top = bench.evaluate("document.querySelector('.kb-editor').getBoundingClientRect().top")
    assert -5 <= top < bench.viewport_size["height"] / 2
    assert "初稿已起草" in bench.locator("#kb-draft-live").text_content()
    assert bench.get_attribute("#kb-draft-live", "aria-live") == "polite"
    # Down in the draft the inline row is out of view: the end bar sticks.
    bench.evaluate("document.querySelector(\".kb-editor[data-section='wenti']\")"
                   ".scrollIntoView({block: 'start'})")
    bench.wait_for_function("() => !document.querySelector('.kb-actions-end')"
                            ".classList.contains('kb-actions-rest')")
    assert bench.evaluate("getComputedStyle(document.querySelector('.kb-actions-end'))"
                          ".position") == "sticky"


def test_confirming_every_fact_of_an_unchanged_example_is_still_reported_as_copied(
        bench, site_url):
    open_template(bench, site_url, ANNUAL)
    bench.select_option("#kb-unit-type", UNIT)
    bench.click("button.kb-first-draft")
    ed = ".kb-editor[data-section='wenti']"
    while bench.locator(f"{ed} .kb-fact-ok").count():
        bench.locator(f"{ed} .kb-fact-ok").first.click()
    bench.click(".kb-actions:not(.kb-actions-end) button.kb-word")
    dialog = bench.locator("dialog.kb-preflight[open]")
    dialog.wait_for()
    copied = dialog.locator("li[data-kind='照抄示例']")
    assert "二、存在的问题" in " ".join(copied.all_inner_texts()), \
        "as the checker page and kb check report it (the checker runs in the page)"
    assert "未能加载" not in dialog.inner_text()
    # The item in focus reads dark on light, not blue on blue.
    dialog.locator(".kb-jump").first.focus()
    assert contrast(bench, "dialog.kb-preflight .kb-jump:focus") >= 4.5
    assert bench.evaluate("__csp") == []


def test_swap_after_an_edit_says_the_old_paragraph_is_kept(bench, site_url):
    open_template(bench, site_url, ANNUAL)
    bench.select_option("#kb-unit-type", UNIT)
    bench.click("button.kb-first-draft")
    ed = ".kb-editor[data-section='zuofa']"
    bench.click(f"{ed} .kb-para[data-index='0'] .kb-edit")
    area = bench.locator(f"{ed} textarea")
    area.fill("本局自己写的一段。" + area.input_value())
    bench.click(f"{ed} .kb-done")
    bench.click(f"{ed} .kb-swap")
    status = bench.locator(f"{ed} .kb-status").inner_text()
    assert status == "已换成另一段示例；你改过的原段落保留在其后，可删除"
    paras = {s["id"]: s for s in sections_of(bench, ANNUAL)}["zuofa"]["paragraphs"]
    assert paras[1].startswith("本局自己写的一段。")
