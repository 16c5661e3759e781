"""The draft checker: JSON contract, .docx input, hygiene findings, quality, browser parity."""

from __future__ import annotations

import json
import subprocess

import docx
import pytest

from macros.checker.engine import check_file, check_lines, checker_data, read_draft
from macros.checker.evaluate import evaluate, load_labels
from macros.checks.loader import load

from .conftest import BIN, ROOT

EVAL = ROOT / "tests" / "eval"
DRAFT = """某局党组关于2026年度落实意识形态工作责任制情况的报告
一、主要做法和成效
局党组全年召开党组会议专题研究意识形态工作4次，做到同部署、同考核。
建立网络评论员队伍，共15人。
二、存在的问题
舆情研判不够及时，分析研判会流于通报情况。
"""


@pytest.fixture(scope="module")
def cat():
    return load(ROOT)


@pytest.fixture(scope="module")
def data(cat):
    return checker_data(cat)


def kb_check(*args):
    return subprocess.run([str(BIN / "kb"), "check", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


def test_json_contract(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = kb_check(draft, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"file", "genre", "covered", "missing", "findings"}
    assert out["file"] == str(draft) and out["genre"] == "niandu-qingkuang-baogao"
    for item in out["covered"]:
        assert {"id", "title", "evidence"} <= set(item)
        assert item["evidence"] and all(isinstance(s, str) for s in item["evidence"])
    assert all(set(m) == {"id", "title"} for m in out["missing"])
    assert all(set(f) == {"kind", "line", "text"} for f in out["findings"])
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
    ("unfilled-slot", "【单位名称】全年召开会议4次。", "placeholder", "【单位名称】"),
    ("ascii-comma", "局党组召开会议,研究意识形态工作。", "ascii_punctuation", ","),
    ("outdated-two-micro", "加强“两微一站”建设。", "outdated", "两微一站"),
    ("outdated-campaign", "深入开展“两学一做”学习教育。", "outdated", "两学一做"),
]


@pytest.mark.parametrize("case,line,kind,text", HYGIENE, ids=[h[0] for h in HYGIENE])
def test_hygiene_finding_on_planted_defect(data, case, line, kind, text):
    lines = ["标题", "一、主要做法", line]
    found = check_lines(data, lines)["findings"]
    assert any(f["kind"] == kind and f["line"] == 3 and text in f["text"] for f in found), found
    assert not check_lines(data, ["标题", "一、主要做法", "局党组召开会议研究意识形态工作。"]
                           )["findings"]


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


@pytest.mark.browser
def test_browser_checker_gives_the_cli_result_without_any_request(browser, site_url, data,
                                                                   tmp_path):
    drafts = sorted((EVAL / "drafts").iterdir())
    sample = tmp_path / "sample.docx"
    document = docx.Document()
    for line in read_draft(drafts[0]):
        document.add_paragraph(line)
    document.save(str(sample))
    page = browser.new_page()
    page.goto(site_url + "/checker/")
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for path in [*drafts, sample]:
        page.set_input_files(".kb-check-file", str(path))
        # Polled inside the page: Playwright's wait_for_function evaluates a string,
        # which the site's Content-Security-Policy (rightly) refuses.
        page.evaluate("""async (name) => {
            for (let i = 0; i < 500; i++) {
                const r = document.getElementById('kb-checker').kbResult;
                if (r && r.file === name) return;
                await new Promise(done => setTimeout(done, 20));
            }
            throw new Error('the checker gave no result for ' + name);
        }""", path.name)
        in_browser = page.evaluate("document.getElementById('kb-checker').kbResult")
        in_cli = check_lines(data, read_draft(path), None, path.name)
        assert in_browser == in_cli, path.name
    page.fill(".kb-check-text", DRAFT)
    page.click(".kb-check-run")
    page.wait_for_selector(".kb-status:has-text('检查完成')")
    assert page.locator(".kb-gap mark").count() >= 1
    assert page.locator(".kb-check-missing li").count() >= 1
    assert requests == [], requests
    page.close()
