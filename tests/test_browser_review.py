"""The 审阅台 page in headless Chromium: files picked, the same table as `kb review`,
sortable, a CSV download, under the site's CSP and without any request leaving the site."""

from __future__ import annotations

import io
import shutil

import docx
import pytest

from macros.checks.loader import load_cached
from macros.review.batch import review_folder
from macros.review.tables import summary_row

from .conftest import ROOT

pytestmark = pytest.mark.browser
CASES = ROOT / "tests" / "review_cases"


def _docx_bytes() -> bytes:
    doc = docx.Document()
    for text in ["某县文化馆党支部2026年意识形态工作总结", "一、主要做法",
                 "支部委员会专题研究意识形态工作2次，书记讲专题党课1次。", "某县文化馆党支部",
                 "2026年12月1日"]:
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _files():
    out = [{"name": n, "mimeType": "text/plain", "buffer": (CASES / n).read_bytes()}
           for n in ("zhen.txt", "unit-a.txt", "unit-b.txt", "hostile.txt")]
    out.append({"name": "wenhuaguan.docx", "mimeType": "application/octet-stream",
                "buffer": _docx_bytes()})
    out.append({"name": "broken.docx", "mimeType": "application/octet-stream",
                "buffer": b"PK\x03\x04 not a zip"})
    return out


def test_review_desk_matches_kb_review_and_sorts(page, site_url, tmp_path):
    console = []
    page.on("console", lambda msg: console.append(msg.text))
    page.goto(site_url + "/review/")
    page.wait_for_selector("#kb-review-files", state="attached", timeout=10000)
    page.set_input_files("#kb-review-previous", files=[{
        "name": "zhen.txt", "mimeType": "text/plain",
        "buffer": (CASES / "previous-zhen.txt").read_bytes()}])
    status = page.locator("#kb-review .kb-status")
    status.filter(has_text="已读入上年报告 1 份").wait_for(timeout=10000)
    page.select_option("#kb-review-rules", index=1)
    page.set_input_files("#kb-review-files", files=_files())
    status.filter(has_text="审阅完成").wait_for(timeout=30000)
    assert "5 份报告，1 份无法读取" in status.inner_text()

    cells = page.eval_on_selector_all(
        ".kb-review-table tbody tr",
        "rows => rows.map(r => Array.from(r.cells).map(c => c.getAttribute('data-value')))")
    # the same files through kb review's Python engine
    folder, prev = tmp_path / "in", tmp_path / "prev"
    folder.mkdir()
    prev.mkdir()
    for f in _files():
        (folder / f["name"]).write_bytes(f["buffer"])
    shutil.copy(CASES / "previous-zhen.txt", prev / "zhen.txt")
    from macros.checker.engine import checker_data
    from macros.review.scoring import score_report
    from macros.review.sources import review_data

    cat = load_cached(ROOT)
    rows = review_folder(cat, folder, prev)
    rules, data = review_data(cat)["rules"][0], checker_data(cat)
    for row in rows:
        if not row["error"]:
            row["score"] = score_report(rules, row, data)
    columns = ["file", "genre", "year", "evidenced", "missing", "findings", "copy_previous",
               "copy_units", "copy_examples", "score"]
    expected = [[str(summary_row(r)[c]) for c in columns] for r in rows]
    expected = [["" if r[0] == "broken.docx" and i == 1 else v for i, v in enumerate(r)]
                for r in expected]
    assert cells == expected
    zhen = next(c for c in cells if c[0] == "zhen.txt")
    assert int(zhen[6]) >= 95

    page.click(".kb-review-table th:nth-child(8) button")        # 同他单位%
    first = page.eval_on_selector(".kb-review-table tbody tr td:nth-child(8)",
                                  "td => td.getAttribute('data-value')")
    values = [int(c[7]) for c in cells if c[7] != ""]
    assert int(first) == min(values)

    with page.expect_download() as info:
        page.click(".kb-review-csv")
    raw = info.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"copy_previous" in raw.split(b"\r\n")[0]

    # the Word file with comments, made in the page: the same comments as kb review's
    zhen_row = next(r for r in rows if r["file"] == "zhen.txt")
    details = page.locator("details.kb-review-details", has_text="zhen.txt")
    details.locator("summary").click()
    with page.expect_download() as info:
        details.locator(".kb-review-word").click()
    assert info.value.suggested_filename == "zhen.docx"
    made = docx.Document(str(info.value.path()))
    from macros.review.annotate import comment_notes, flags

    assert [c.text for c in made.comments] == [f["text"] for f in flags(comment_notes(cat),
                                                                         zhen_row)]
    assert made.paragraphs[0].text == "某镇党委关于2026年度落实意识形态工作责任制情况的报告"
    assert any("本单位上年报告" in c.text for c in made.comments)
    body = made.element.body.xml
    assert body.count("<w:commentRangeStart") == body.count("<w:commentRangeEnd") == len(
        made.comments)

    assert not [m for m in console if "Content Security Policy" in m or "Refused" in m]
    assert all(url.startswith(site_url) or url.startswith(("blob:", "data:"))
               for url in page.requests)


def test_reports_dropped_on_the_page_are_reviewed(page, site_url):
    page.goto(site_url + "/review/")
    page.wait_for_selector(".kb-review-drop", timeout=10000)
    transfer = page.evaluate_handle("""() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["某局党组2026年意识形态工作情况报告\\n\\n一、主要做法\\n\\n"
        + "局党组专题研究意识形态工作3次，开展形势分析研判2次。"], "a.txt", {type: "text/plain"}));
      dt.items.add(new File([new Uint8Array([0, 1, 2, 3, 0, 0, 0, 5])], "b.txt"));
      return dt;
    }""")
    page.dispatch_event(".kb-review-drop", "drop", {"dataTransfer": transfer})
    status = page.locator("#kb-review .kb-status")
    status.filter(has_text="审阅完成").wait_for(timeout=20000)
    assert "1 份报告，1 份无法读取" in status.inner_text()
    row = page.locator(".kb-review-table tbody tr").first
    assert row.locator("td").nth(2).inner_text() == "2026"


def test_index_html_sorts_from_a_shared_folder_under_its_csp(browser, tmp_path):
    import subprocess

    from .conftest import BIN

    out = tmp_path / "out"
    run = subprocess.run([str(BIN / "kb"), "--root", str(ROOT), "review", str(CASES), "--out",
                          str(out), "--no-word", "--quiet"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Content-Security-Policy" in (out / "index.html").read_text(encoding="utf-8")
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    console = []
    page.on("console", lambda msg: console.append(msg.text))
    page.goto((out / "index.html").as_uri())
    header = page.locator("#summary th").nth(7)                  # 同他单位%
    header.locator("button").click()
    header.locator("button").click()
    values = page.eval_on_selector_all("#summary tbody tr td:nth-child(8)",
                                       "tds => tds.map(td => Number(td.dataset.value))")
    assert header.get_attribute("aria-sort") == "descending"
    assert values == sorted(values, reverse=True) and values[0] > values[-1]
    assert not [m for m in console if "Content Security Policy" in m]
    context.close()


def test_review_desk_at_phone_width_reads_as_a_reviewer_needs(page, site_url):
    """390 px: Chinese button-like pickers and select (≥ 44 px), the table scrolls inside its
    box (the page never sideways), headers on one line; details without internal ids, empty
    headings or quotes cut at their punctuation."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "/review/")
    page.wait_for_selector("#kb-review-files", state="attached", timeout=10000)
    for sel in ("label[for=kb-review-files]", "label[for=kb-review-folder]",
                "label[for=kb-review-previous]", "#kb-review-rules"):
        box = page.locator(sel).bounding_box()
        assert box and box["height"] >= 44, (sel, box)
    assert page.locator("label[for=kb-review-files]").inner_text().startswith("选择报告文件")
    hidden = page.locator("#kb-review-files").bounding_box()
    assert hidden is None or hidden["width"] <= 1          # the native "Choose Files" never shows
    page.set_input_files("#kb-review-previous", files=[{
        "name": "zhen.txt", "mimeType": "text/plain",
        "buffer": (CASES / "previous-zhen.txt").read_bytes()}])
    status = page.locator("#kb-review .kb-status")
    status.filter(has_text="已读入上年报告 1 份").wait_for(timeout=10000)
    page.select_option("#kb-review-rules", index=1)
    clean = {"name": "clean.txt", "mimeType": "text/plain",
             "buffer": (CASES / "hand-xiangzhen.txt").read_bytes()}
    page.set_input_files("#kb-review-files", files=_files() + [clean])
    status.filter(has_text="审阅完成").wait_for(timeout=30000)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    scroll = page.locator(".kb-review-scroll")
    assert scroll.evaluate("e => e.scrollWidth > e.clientWidth")   # the table scrolls instead
    heights = page.eval_on_selector_all(".kb-review-table th button",
                                        "bs => bs.map(b => b.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44 and max(heights) < 60   # one line, not a column

    page.eval_on_selector_all("details.kb-review-details", "ds => ds.forEach(d => d.open = true)")
    text = "\n".join(page.locator("details.kb-review-details").all_inner_texts())
    cat = load_cached(ROOT)
    ids = list(cat.obligations) + list(cat.examples) + list(cat.templates)
    assert not [i for i in ids if i in text]                      # no internal id shown
    empty = page.eval_on_selector_all(
        "details.kb-review-details h4",
        "hs => hs.filter(h => !h.nextElementSibling || !h.nextElementSibling.children.length)"
        ".map(h => h.textContent)")
    assert empty == []                                           # no heading over nothing
    zhen = page.locator("details.kb-review-details", has_text="zhen.txt").first.inner_text()
    copied = [line for line in zhen.split("\n") if "（上年报告 zhen.txt）" in line]
    assert copied and all(line.endswith(("。", "；", "：", "，")) for line in copied), copied
