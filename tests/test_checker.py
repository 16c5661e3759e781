"""The draft checker: JSON contract, .docx input, hygiene findings, quality, browser parity."""

from __future__ import annotations

import json
import subprocess

import docx
import pytest

from macros.checker.engine import check_file, check_lines, read_draft
from macros.checker.evaluate import evaluate, load_labels

from .conftest import BIN, ROOT

EVAL = ROOT / "tests" / "eval"
DRAFT = """某局党组关于2026年度落实意识形态工作责任制情况的报告
一、主要做法和成效
局党组全年召开党组会议专题研究意识形态工作4次，做到同部署、同考核。
建立网络评论员队伍，共15人。
二、存在的问题
舆情研判不够及时，分析研判会流于通报情况。
"""


def kb_check(*args):
    return subprocess.run([str(BIN / "kb"), "check", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


def test_json_contract(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = kb_check(draft, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    # The contract only grows: these keys stay, new ones may be added.
    assert {"file", "genre", "covered", "missing", "findings"} <= set(out)
    assert out["summary"]["line"].startswith("体现 ")
    assert out["file"] == str(draft) and out["genre"] == "niandu-qingkuang-baogao"
    for item in out["covered"]:
        assert {"id", "title", "evidence"} <= set(item)
        assert item["evidence"] and all(isinstance(s, str) for s in item["evidence"])
    assert all({"id", "title"} <= set(m) for m in out["missing"])
    assert all({"kind", "line", "text"} <= set(f) for f in out["findings"])
    covered = {c["id"]: c for c in out["covered"]}
    assert covered["zhuanti-yanjiu"]["status"] == "evidenced"
    assert covered["wangpingyuan"]["status"] == "evidenced"          # synonym 网络评论员
    assert covered["si-tong"]["status"] == "evidenced"               # two of the four 同
    assert covered["yuqing-yanpan"]["status"] == "gap"               # only as a problem
    assert "yuqing-yanpan" not in {m["id"] for m in out["missing"]}
    assert "sange-daitou" in {m["id"] for m in out["missing"]}


def test_genre_can_be_given_and_is_checked(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    out = json.loads(kb_check(draft, "--genre", "bannian-zicha", "--json").stdout)
    assert out["genre"] == "bannian-zicha"
    bad = kb_check(draft, "--genre", "no-such")
    assert bad.returncode == 2 and "unknown genre 'no-such'" in bad.stderr


def test_human_output_and_unreadable_input(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    out = kb_check(draft).stdout
    assert "△ 舆情研判" in out and "✗" in out and "写法示例" in out
    bad = kb_check(tmp_path / "draft.pdf")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_docx_input_gives_the_same_result_as_text(cat, tmp_path):
    text = tmp_path / "d.txt"
    text.write_text(DRAFT, encoding="utf-8")
    document = docx.Document()
    for line in DRAFT.splitlines():
        document.add_paragraph(line)
    document.save(str(tmp_path / "d.docx"))
    as_text = check_file(cat, text)
    as_docx = check_file(cat, tmp_path / "d.docx")
    assert {**as_docx, "file": ""} == {**as_text, "file": ""}
    assert as_docx["covered"]


HYGIENE = [
    ("placeholder-xx", "XX局党组召开会议。", "placeholder", "XX"),
    ("placeholder-times", "召开专题会议×次。", "placeholder", "×"),
    ("unfilled-slot", "【单位名称】全年召开会议4次。", "slot", "【单位名称】"),
    ("ascii-comma", "局党组召开会议,研究意识形态工作。", "ascii_punctuation", ","),
    ("outdated-congress", "深入学习贯彻党的十九大精神。", "outdated", "二十大和二十届历次全会精神"),
    ("outdated-campaign", "深入开展“两学一做”学习教育。", "outdated", "两学一做"),
]


@pytest.mark.parametrize("case,line,kind,text", HYGIENE, ids=[h[0] for h in HYGIENE])
def test_hygiene_finding_on_planted_defect(data, case, line, kind, text):
    lines = ["标题", "一、主要做法", line]
    found = check_lines(data, lines)["findings"]
    assert any(f["kind"] == kind and f["line"] == 3 and text in f["text"] for f in found), found
    assert not check_lines(data, ["标题", "一、主要做法", "局党组召开会议研究意识形态工作。"]
                           )["findings"]


YEAR_AWARE = [
    ("2026-nineteenth-congress", "2026年", "全面贯彻党的十九大精神，", True),
    ("2022-nineteenth-congress", "2022年", "全面贯彻党的十九大精神，", False),
    ("2026-twentieth-only", "2026年", "深入学习贯彻党的二十大精神，", True),
    ("2024-twentieth-only", "2024年", "深入学习贯彻党的二十大精神，", False),
    ("2026-discipline-campaign", "2026年", "扎实开展党纪学习教育，", True),
    ("2024-discipline-campaign", "2024年", "扎实开展党纪学习教育，", False),
    ("no-year-is-today", "", "全面贯彻党的十九大精神，", True),
]


@pytest.mark.parametrize("case,year,phrase,flagged", YEAR_AWARE, ids=[y[0] for y in YEAR_AWARE])
def test_outdated_formulas_depend_on_the_report_year(data, case, year, phrase, flagged):
    lines = [f"某局党组关于{year}落实意识形态工作责任制情况的报告", "",
             phrase + "局党组召开会议研究意识形态工作4次。"]
    found = [f for f in check_lines(data, lines)["findings"] if f["kind"] == "outdated"]
    assert bool(found) == flagged, found
    if flagged:
        assert "→" in found[0]["text"] and found[0]["line"] == 3


def test_kb_check_reports_nineteenth_congress_in_a_2026_draft(cat, tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("某局党组关于2026年上半年意识形态工作的自查报告\n\n"
                     "2026年上半年，局党组深入学习贯彻党的十九大精神，召开党组会议研究意识形态工作2次。\n",
                     encoding="utf-8")
    found = [f for f in check_file(cat, draft)["findings"] if f["kind"] == "outdated"]
    assert found and "党的二十大和二十届历次全会精神" in found[0]["text"], found


def test_duplicated_paragraph_is_found(data):
    para = "局党组全年召开党组会议专题研究意识形态工作4次，研究解决阵地管理问题。"
    found = check_lines(data, ["标题", para, "其他内容。", para])["findings"]
    assert [(f["kind"], f["line"]) for f in found] == [("duplicate", 4)]


def test_evaluation_set_is_large_and_varied():
    labels = load_labels(EVAL)
    assert len(labels) >= 12
    assert len({lab["genre"] for lab in labels.values()}) >= 8
    assert len({o for lab in labels.values() for o in lab["evidenced"] + lab["gap"]}) >= 50


def test_precision_and_recall_on_the_evaluation_set(cat):
    result = evaluate(cat, EVAL)
    assert result["precision"] >= 0.95, result["per_obligation"][:8]
    assert result["recall"] >= 0.92, result["per_obligation"][:8]
    assert result["genre_accuracy"] == 1.0
    assert not [d for d in result["per_draft"] if d["hygiene_missed"]]


def test_cues_live_with_the_obligations(cat):
    assert all(ob.get("cues", {}).get("keywords") or ob.get("cues", {}).get("patterns")
               for ob in cat.obligations.values())
    source = (ROOT / "macros" / "checker" / "engine.py").read_text("utf-8")
    assert "网评员" not in source and "网络评论员" not in source


def sent(requests: list[str], site_url: str) -> list[str]:
    """Requests that could carry the draft: any off the local site, and any to it but the
    favicon the browser may fetch late on its own."""
    return [r for r in requests if not r.startswith(site_url + "/") or
            not r.endswith("/favicon.png")]


WAIT_FOR_RESULT = """async (name) => {
    for (let i = 0; i < 500; i++) {
        const r = document.getElementById('kb-checker').kbResult;
        if (r && r.file === name) return;
        await new Promise(done => setTimeout(done, 20));
    }
    throw new Error('the checker gave no result for ' + name);
}"""


@pytest.mark.browser
def test_browser_reads_text_and_docx_files_like_the_cli(browser, site_url, data, tmp_path):
    """File reading only: the engines themselves are compared by the conformance test."""
    draft = sorted((EVAL / "drafts").glob("*.md"))[0]
    sample = tmp_path / "sample.docx"
    document = docx.Document()
    for line in read_draft(draft, data):
        document.add_paragraph(line)
    document.add_paragraph("第一行").add_run().add_break()
    document.save(str(sample))
    page = browser.new_page()
    page.goto(site_url + "/checker/")
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for path in (draft, sample):
        page.set_input_files(".kb-check-file", str(path))
        # Polled inside the page: Playwright's wait_for_function evaluates a string,
        # which the site's Content-Security-Policy (rightly) refuses.
        page.evaluate(WAIT_FOR_RESULT, path.name)
        in_browser = page.evaluate("document.getElementById('kb-checker').kbResult")
        assert in_browser == check_lines(data, read_draft(path, data), None, path.name)
    assert not sent(requests, site_url), requests
    page.close()


@pytest.mark.browser
def test_browser_page_fits_a_phone_without_sideways_scrolling(browser, site_url):
    """At 390 px the report-type list (its longest option is a long title) and the file
    field stay inside the page: nothing scrolls sideways."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site_url + "/checker/")
    page.wait_for_selector(".kb-check-genre-select")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    for selector in (".kb-check-genre-select", ".kb-check-file", ".kb-check-text"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, selector
    page.close()


@pytest.mark.browser
def test_browser_page_puts_the_summary_first_and_selects_a_line(page, site_url):
    page.goto(site_url + "/checker/")
    page.wait_for_load_state("networkidle")
    page.requests.clear()
    root = page.locator("#kb-checker")
    assert page.evaluate("""() => {
        const root = document.getElementById('kb-checker');
        const updated = document.querySelector('.kb-updated');
        return !updated || !!(root.compareDocumentPosition(updated) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    for label in ("报告类型", "打开文件", "草稿"):
        assert root.locator(f"label:has-text('{label}')").count() == 1
    assert page.locator("#kb-check-genre").count() == 1 and page.locator("#kb-check-text").count() == 1
    draft = DRAFT.replace("建立网络评论员队伍，共15人。", "建立网络评论员队伍，共XX人。")
    page.fill(".kb-check-text", draft)
    page.click(".kb-check-run")
    page.wait_for_selector(".kb-status:has-text('检查完成')")
    first = page.locator(".kb-check-result > *").first
    assert first.get_attribute("class") == "kb-check-summary"
    assert first.inner_text().startswith("体现 ") and "需修改 1 处" in first.inner_text()
    order = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.kb-check-result > section, .kb-check-result > details')).map(n => n.className)""")
    assert order == ["kb-check-missing", "kb-check-findings", "kb-check-covered"]
    assert page.locator("details.kb-check-covered").get_attribute("open") is None
    assert page.locator(".kb-check-missing li a").count() >= 1
    ref = page.locator(".kb-line-ref").first
    assert ref.inner_text() == "第4行"
    ref.click()
    selected = page.evaluate("""() => {
        const a = document.getElementById('kb-check-text');
        return [document.activeElement === a, a.value.slice(a.selectionStart, a.selectionEnd)];
    }""")
    assert selected == [True, "建立网络评论员队伍，共XX人。"]
    # Over plain HTTP there is no clipboard API: the fallback copies through a textarea.
    page.evaluate("""() => {
        Object.defineProperty(navigator, 'clipboard', {value: undefined});
        document.addEventListener('copy', (e) => { window.kbCopied = e.target.value; });
    }""")
    page.click(".kb-check-copy")
    page.wait_for_selector(".kb-status:has-text('检查结果已复制')")
    copied = page.evaluate("window.kbCopied")
    assert copied.split("\n")[0] == first.inner_text()
    assert "第4行 未填占位：XX" in copied
    assert not sent(page.requests, site_url), page.requests
