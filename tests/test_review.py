"""kb review: a folder of units' reports checked at once — what a 宣传部 reviewer sees in
summary.csv, index.html and the Word files with comments."""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from macros.checks.assessment import check_rules
from macros.checks.loader import load_cached
from macros.model.problems import Problems
from macros.model.yamlsrc import load_yaml_file
from macros.review.copying import Index, Prepared, compare

from .conftest import BIN, ROOT

CASES = ROOT / "tests" / "review_cases"
REAL = ROOT / "tests" / "eval" / "real"
RULES = ROOT / "data" / "assessment" / "county-annual-sample.yml"


def _word_report(path: Path) -> None:
    """A unit's report saved from Word: a title, a numbered heading, body paragraphs."""
    doc = docx.Document()
    for text in ["某县文化馆党支部2026年意识形态工作总结", "县委宣传部：",
                 "一、主要做法",
                 "支部委员会专题研究意识形态工作2次，书记讲专题党课1次。馆内展厅和公众号实行"
                 "三审三校，全年发布信息88条，没有出现导向问题。",
                 "二、存在问题", "阵地巡查记录不全，个别展板内容更新不及时。",
                 "某县文化馆党支部", "2026年12月1日"]:
        doc.add_paragraph(text)
    doc.save(str(path))


def _examples_only(path: Path) -> None:
    """A report assembled from nothing but this knowledge base's example paragraphs."""
    cat = load_cached(ROOT)
    texts = [str(ex["text"]) for ex in list(cat.examples.values())[:6]]
    path.write_text("某单位2026年意识形态工作情况报告\n\n" + "\n\n".join(texts) + "\n",
                    encoding="utf-8")


def _zip_bomb(path: Path) -> None:
    """A .docx whose text unpacks to more than the checker's limit."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (17 * 1024 * 1024))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("review")
    reports, previous, out = base / "reports", base / "previous", base / "out"
    reports.mkdir()
    previous.mkdir()
    shutil.copy(CASES / "previous-zhen.txt", previous / "zhen.txt")
    for name in ("zhen.txt", "unit-a.txt", "unit-b.txt", "hostile.txt"):
        shutil.copy(CASES / name, reports / name)
    for name in ("r26.txt", "r45.txt"):                      # real excerpts
        shutil.copy(REAL / name, reports / name)
    (reports / "gb.txt").write_bytes((CASES / "unit-a.txt").read_text(encoding="utf-8")
                                     .replace("某局党组", "某街道党工委").encode("gb18030"))
    _word_report(reports / "wenhuaguan.docx")
    _examples_only(reports / "examples-only.txt")
    (reports / "broken.docx").write_bytes(b"PK\x03\x04 not a zip at all")
    (reports / "binary.txt").write_bytes(bytes(range(256)) * 8)
    _zip_bomb(reports / "bomb.docx")
    result = subprocess.run([str(BIN / "kb"), "--root", str(ROOT), "review", str(reports),
                             "--previous", str(previous), "--rules", str(RULES),
                             "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    raw = (out / "summary.csv").read_bytes()
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    return {"out": out, "raw": raw, "rows": {r["file"]: r for r in rows},
            "stdout": result.stdout, "stderr": result.stderr}


def test_summary_is_utf8_with_bom_and_has_the_columns(batch):
    assert batch["raw"].startswith(b"\xef\xbb\xbf")
    header = batch["raw"].decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:10] == ["file", "genre", "year", "evidenced", "missing", "findings",
                           "copy_previous", "copy_units", "copy_examples", "score"]
    assert len(batch["rows"]) == 12


def test_year_swapped_copy_of_last_years_report_is_found(batch):
    row = batch["rows"]["zhen.txt"]
    assert int(row["copy_previous"]) >= 95
    assert row["year"] == "2026"
    assert int(row["copy_units"]) < 20


def test_two_units_with_one_text_copy_each_other(batch):
    a, b = batch["rows"]["unit-a.txt"], batch["rows"]["unit-b.txt"]
    assert int(a["copy_units"]) >= 90 and int(b["copy_units"]) >= 90
    assert a["copy_previous"] == ""            # no previous report of that name


def test_examples_only_report_is_copied_from_the_knowledge_base(batch):
    assert int(batch["rows"]["examples-only.txt"]["copy_examples"]) >= 90
    assert int(batch["rows"]["r26.txt"]["copy_examples"]) < 50


def test_word_and_gb18030_reports_are_read(batch):
    word = batch["rows"]["wenhuaguan.docx"]
    assert word["error"] == "" and word["year"] == "2026" and int(word["evidenced"]) >= 2
    gb = batch["rows"]["gb.txt"]
    assert gb["error"] == "" and int(gb["evidenced"]) >= 2


@pytest.mark.parametrize("name,words", [("broken.docx", "not a readable Word file"),
                                        ("binary.txt", "binary data"),
                                        ("bomb.docx", "over the limit")])
def test_unreadable_file_gets_a_row_with_its_error(batch, name, words):
    row = batch["rows"][name]
    assert words in row["error"] and row["genre"] == "" and row["annotated"] == ""


def test_suggested_score_only_with_rules_and_within_the_total(batch):
    for name, row in batch["rows"].items():
        if row["error"]:
            assert row["score"] == ""
        else:
            assert 0 <= float(row["score"]) <= 100, name
    assert float(batch["rows"]["r26.txt"]["score"]) > float(batch["rows"]["hostile.txt"]["score"])


def test_placeholders_are_findings(batch):
    row = batch["rows"]["hostile.txt"]
    assert int(row["findings"]) >= 2 and "未填占位" in row["finding_kinds"]


def test_index_page_escapes_report_text_and_links_details(batch):
    page = (batch["out"] / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert '<script src="review-sort.js" defer></script>' in page
    assert page.count("<script") == 1 and "<style" not in page and " style=" not in page
    assert '<a href="#r1">' in page and 'id="r1"' in page
    assert (batch["out"] / "review-sort.js").is_file()


def test_index_page_shows_titles_not_ids_and_no_empty_parts(batch):
    import re
    page = (batch["out"] / "index.html").read_text(encoding="utf-8")
    shown = re.sub(r'<[^>]*>', "\n", page)                  # the text, not attributes
    cat = load_cached(ROOT)
    ids = [i for i in list(cat.obligations) + list(cat.examples) + list(cat.templates)
           if i in shown]
    assert ids == [], ids
    assert "</h3><ul></ul>" not in page                           # no heading over nothing
    assert not re.search(r"[✓△] [^<：]*：</li>", page)             # no empty quote
    assert "（0分）：未见" in page                                 # a missed item, by its title
    assert '<div class="scroll"><table id="summary">' in page and 'name="viewport"' in page
    # a copied passage keeps its punctuation at both ends
    zhen = page[page.index('<h2>zhen.txt</h2>'):]
    zhen = zhen[zhen.index("与上年报告相同"):].split("</ul>")[0]
    quotes = re.findall(r"<li>第\d+行（[^）]*）：(.*?)</li>", zhen)
    assert quotes and all(q.endswith(("。", "；", "：", "，")) for q in quotes), quotes


def _comments(path: Path) -> list[str]:
    return [c.text for c in docx.Document(str(path)).comments]


def test_annotated_word_has_comments_python_docx_reads(batch):
    notes = _comments(batch["out"] / "annotated" / "zhen.docx")
    assert any("本单位上年报告" in n and "上年报告 zhen.txt" in n for n in notes)
    # a wholesale copy is one comment spanning the copied paragraphs, not one per line
    assert len([n for n in notes if "本单位上年报告" in n]) == 1
    assert any(n.startswith("未见“") and "依据：" in n for n in notes)
    hostile = _comments(batch["out"] / "annotated" / "hostile.docx")
    assert any(n.startswith(("未填占位", "未填槽位")) and "【研判次数】" in n for n in hostile)


def test_comment_marks_the_flagged_words_not_the_whole_paragraph(batch):
    doc = docx.Document(str(batch["out"] / "annotated" / "hostile.docx"))
    marked = [c for c in doc.comments if "【研判次数】" in c.text][0]
    para = next(p for p in doc.paragraphs if "【研判次数】" in p.text)
    xml = para._p.xml
    start = xml.index(f'w:commentRangeStart w:id="{marked.comment_id}"')
    end = xml.index(f'w:commentRangeEnd w:id="{marked.comment_id}"')
    inside = "".join(t.split("</w:t>")[0] for t in xml[start:end].split("<w:t")[1:])
    assert "【研判次数】" in inside and "全年开展" not in inside


def test_txt_report_becomes_word_in_the_official_layout(batch):
    doc = docx.Document(str(batch["out"] / "annotated" / "unit-a.docx"))
    title = doc.paragraphs[0]
    assert title.text == "某局党组2026年度意识形态工作情况报告"
    assert title.alignment == 1                                # centred
    assert round(doc.sections[0].page_width.mm) == 210
    assert any(p.text == "一、压实工作责任" for p in doc.paragraphs)


def test_word_report_keeps_its_text_with_comments(batch):
    doc = docx.Document(str(batch["out"] / "annotated" / "wenhuaguan.docx"))
    assert doc.paragraphs[0].text == "某县文化馆党支部2026年意识形态工作总结"
    assert len(doc.comments) >= 1


def test_progress_and_a_closing_line(batch):
    assert "reviewed 9 report(s), 3 unreadable" in batch["stdout"]
    assert "12/12" in batch["stderr"]


def test_without_rules_score_is_empty_and_missing_folder_is_one_line(tmp_path):
    reports = tmp_path / "in"
    reports.mkdir()
    shutil.copy(CASES / "unit-a.txt", reports / "a.txt")
    run = subprocess.run([str(BIN / "kb"), "--root", str(ROOT), "review", str(reports),
                          "--out", str(tmp_path / "out"), "--no-word"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader((tmp_path / "out" / "summary.csv")
                               .read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0]["score"] == "" and rows[0]["copy_previous"] == ""
    bad = subprocess.run([str(BIN / "kb"), "--root", str(ROOT), "review",
                          str(tmp_path / "nowhere"), "--out", str(tmp_path / "o2")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "nowhere:1: not a folder" in bad.stderr
    assert "Traceback" not in bad.stderr


# ---- the copy specification ----------------------------------------------------------

def _share(a: str, b: str, formulas=()) -> int:
    index = Index()
    index.add("b", Prepared(b.split("\n"), list(formulas)))
    return compare(Prepared(a.split("\n"), list(formulas)), index)["share"]


def test_set_formulas_and_document_titles_are_not_copying():
    formula = "抓意识形态工作是本职、不抓是失职、抓不好是渎职"
    a = f"{formula}。局党组结合窗口服务实际逐条抓好落实。"
    b = f"{formula}。街道党工委把社区阵地巡查列入年度计划。"
    assert _share(a, b) > 0                                # unmasked, the formula matches
    assert _share(a, b, [formula]) == 0
    title = "《党委（党组）意识形态工作责任制实施办法》"
    assert _share(f"认真学习{title}，", f"组织传达{title}。") == 0


def test_numbers_changed_only_still_counts_as_copied():
    a = "全年召开党组会议专题研究意识形态工作4次，开展形势分析研判2次。"
    assert _share(a.replace("4次", "6次").replace("2次", "3次"), a) == 100


def test_headings_set_closings_titles_and_dates_are_not_copying():
    cat = load_cached(ROOT)
    from macros.review.sources import set_phrases
    phrases = set_phrases(cat)
    assert "现将有关情况报告如下" in phrases and "主要做法和成效" in phrases
    a = ("某县卫生健康局党组2026年意识形态工作情况报告\n县委宣传部：\n"
         "根据县委部署，现将有关情况报告如下。\n一、主要做法和成效\n（一）压实主体责任\n"
         "某县卫生健康局党组\n2026年12月5日")
    b = ("某县自然资源局党组2025年意识形态工作情况报告\n县委宣传部：\n"
         "按照通知要求，现将有关情况报告如下。\n一、主要做法和成效\n（一）压实主体责任\n"
         "某县自然资源局党组\n2025年12月5日")
    assert _share(a, b, phrases) == 0


def test_a_short_shared_run_is_not_a_copied_passage():
    # 19 Han characters in common: a stock phrase, not copying; one more sentence is
    common = "党组会议专题研究意识形态工作并作出安排部署"
    assert _share(f"年内{common[:19]}，结合窗口实际抓落实。", f"去年{common[:19]}，街道社区随后跟进。") == 0
    assert _share(f"年内{common}，结合窗口实际抓落实。", f"去年{common}，街道社区随后跟进。") > 0


@pytest.mark.parametrize("name", ["hand-shichang.txt", "hand-xiangzhen.txt"])
def test_a_hand_written_report_is_not_copied_from_the_knowledge_base(name):
    from macros.checker.drafts import read_draft
    from macros.review.batch import Context
    ctx = Context(load_cached(ROOT))
    lines = read_draft(CASES / name, ctx.data)
    assert len("".join(lines)) >= 800
    assert compare(Prepared(lines, ctx.formulas), ctx.examples)["share"] <= 10


def test_unrelated_texts_share_nothing():
    assert _share("全年召开党组会议专题研究意识形态工作四次。", "镇政府公众号发布信息前执行三级审核。") == 0


# ---- the rules as data -----------------------------------------------------------------

def _rules_problems(tmp_path, old: str, new: str) -> str:
    text = RULES.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "rules.yml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = Problems()
    data = load_yaml_file(bad, "rules.yml", problems)
    cat = load_cached(ROOT)
    check_rules(data, "rules.yml", problems, set(cat.obligations), {"placeholder", "outdated"})
    return problems.report()


@pytest.mark.parametrize("old,new,where,words", [
    ("{duty: zhuti-zeren, points: 4}", "{duty: no-such-duty, points: 4}", "rules.yml:25",
     "unknown duty 'no-such-duty'"),
    ("total: 100", "total: 90", "rules.yml:11", "add up to 100, not the total 90"),
    ("{finding: placeholder,", "{finding: placehold,", "rules.yml:", "unknown finding kind"),
    ("    points: 20\n    basis: 主体责任", "    pointz: 20\n    basis: 主体责任", "rules.yml:",
     "pointz"),
])
def test_broken_rules_are_file_line_problems(tmp_path, old, new, where, words):
    report = _rules_problems(tmp_path, old, new)
    assert any(line.startswith(where) and words in line for line in report.splitlines()), report


def test_sample_rules_say_they_are_a_sample_and_cite_sources():
    problems = Problems()
    data = load_yaml_file(RULES, "r", problems)
    assert data["sample"] is True and "示例" in data["title"]
    assert all(s["url"].startswith("http") for s in data["sources"])
    assert sum(i["points"] for i in data["items"]) == data["total"] == 100


def test_kb_validate_checks_the_assessment_folder(mini):
    folder = mini / "data" / "assessment"
    folder.mkdir()
    text = RULES.read_text(encoding="utf-8").replace("{duty: zhuti-zeren, points: 4}",
                                                      "{duty: zhuti-zerenn, points: 4}")
    (folder / "county.yml").write_text(text, encoding="utf-8")
    run = subprocess.run([str(BIN / "kb"), "--root", str(mini), "validate"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "data/assessment/county.yml:25: unknown duty 'zhuti-zerenn'" in run.stderr
