"""One spec of the writer-facing rules (data/rules.yml), two engines: `kb` (Python) and the
template page (docs/assets/kb-draft.js under node) give every case of tests/rules_cases.yml
the same verdict — slot values, file names and draft imports."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from macros.model.rules import Rules
from macros.model.settings import read_settings
from macros.outputs.draftfile import DraftError, rebuild_draft

from .conftest import BIN, ROOT
from .node import node_json
from .test_bad_inputs import BAD_INPUTS, RULES

# (old, new, where, words) of the data/rules.yml rows of the one bad-input table
RULES_ROWS = [row[2:] for row in BAD_INPUTS if row[1] == RULES]

CASES = yaml.safe_load((ROOT / "tests" / "rules_cases.yml").read_text(encoding="utf-8"))
RULES_JS = ROOT / "tests" / "js" / "rules.js"
TEMPLATE = {"id": "t", "title": "某报告", "sections": [
    {"id": "biaoti", "level": 0, "heading": "标题", "skeleton": "【单位名称】报告"},
    {"id": "yi", "level": 1, "heading": "一、做法", "skeleton": "召开会议【次数】次。"}]}
SLOTS = {"单位名称": {"type": "text"}, "报告年度": {"type": "year"}, "次数": {"type": "count"}}
PAGE_DATA = {"template": "t", "title": "某报告",
             "sections": [{**s, "skeleton": [s["skeleton"]]} for s in TEMPLATE["sections"]],
             "slots": [{"name": n, "type": s["type"]} for n, s in SLOTS.items()]}
VALID = {"format": "kb-draft/1", "template": "t", "title": "某局党组报告",
         "values": {"单位名称": "某局党组"},
         "sections": [{"id": "biaoti", "paragraphs": ["【单位名称】报告"]},
                      {"id": "yi", "dropped": False, "paragraphs": ["召开会议【次数】次。"]}]}


def expand(value):
    """'@N' stands for N characters 字 (a long text without a long line here)."""
    if isinstance(value, str) and value.startswith("@") and value[1:].isdigit():
        return "字" * int(value[1:])
    return value


def expand_name(name: str) -> str:
    head, dot, suffix = name.partition(".")
    return expand(head) + dot + suffix


def import_text(case: dict) -> str:
    if "raw" in case:
        return case["raw"]
    doc = {**VALID, **case["file"]}
    doc["template"] = expand(doc["template"])
    if doc["sections"] == "@101" or (isinstance(doc["sections"], str)
                                     and doc["sections"].startswith("@")):
        doc["sections"] = [{"id": f"s{i}", "paragraphs": []}
                           for i in range(int(doc["sections"][1:]))]
    for sec in doc["sections"] if isinstance(doc["sections"], list) else []:
        paras = sec.get("paragraphs") if isinstance(sec, dict) else None
        if isinstance(paras, str) and paras.startswith("@"):
            sec["paragraphs"] = ["段"] * int(paras[1:])
        elif isinstance(paras, list):
            sec["paragraphs"] = [expand(p) for p in paras]
    return json.dumps(doc, ensure_ascii=False) + " " * case.get("pad", 0)


@pytest.fixture(scope="module")
def rules():
    settings = read_settings(ROOT)
    assert settings.rules is not None, settings.problems.report()
    return settings.rules


@pytest.fixture(scope="module")
def page(rules):
    """What the page's engine gives for every case."""
    job = {"spec": rules.spec, "data": PAGE_DATA,
           "values": [[t, expand(raw)] for t, raw, _, _ in CASES["values"]],
           "file_names": [[expand(title), suffix] for title, suffix, _ in CASES["file_names"]],
           "imports": [import_text(case) for case, *_ in CASES["imports"]]}
    return node_json(RULES_JS, job)


def _ids(rows, width=16):
    return [f"{i}-{str(row[0])[:width]}" for i, row in enumerate(rows)]


@pytest.mark.parametrize("i", range(len(CASES["values"])), ids=_ids(CASES["values"]))
def test_a_slot_value_gets_one_verdict_in_both_engines(rules, page, i):
    kind, raw, value, key = CASES["values"][i]
    expected = [expand(value), key]
    assert list(rules.check(kind, expand(raw))) == expected, "kb"
    assert page["values"][i] == expected, "page"


@pytest.mark.parametrize("i", range(len(CASES["file_names"])), ids=_ids(CASES["file_names"]))
def test_a_file_name_is_the_same_in_both_engines(rules, page, i):
    title, suffix, name = CASES["file_names"][i]
    assert rules.file_name(expand(title), suffix) == expand_name(name), "kb"
    assert page["file_names"][i] == expand_name(name), "page"
    assert "【" not in name and "】" not in name


@pytest.mark.parametrize("i", range(len(CASES["imports"])), ids=_ids(CASES["imports"], 40))
def test_a_draft_import_gets_one_verdict_and_one_wording_in_both_engines(rules, page,
                                                                          tmp_path, i):
    """The same file: the same rule broken, and kb's `file:line: ` before the very words
    the page shows ("what — how to fix", data/rules.yml draft.refusals); or imported by
    both with the same notes, kb's after `file:line: note: ` (draft.notes)."""
    case, key, *rest = CASES["imports"][i]
    expected_notes = rest[0] if rest else []
    file = tmp_path / "draft.json"
    file.write_text(import_text(case), encoding="utf-8")
    page_key, page_notes, shown = page["imports"][i]
    try:
        _, notes = rebuild_draft(file, TEMPLATE, rules, SLOTS)
        got = ""
    except DraftError as err:
        got, notes = err.key, []
        assert re.fullmatch(re.escape(f"{file}:") + r"[1-9][0-9]*: " + re.escape(shown),
                            str(err)), (str(err), shown)
    assert got == key, "kb"
    assert page_key == key, "page"
    if key:
        assert rules.verdict(key) == "refuse"
        what, _, how = shown.partition(" — ")
        assert what and how and "{" not in shown, shown
    prefix = re.compile(re.escape(f"{file}:") + r"[1-9][0-9]*: note: ")
    assert all(prefix.match(n) for n in notes), notes
    assert [prefix.sub("", n) for n in notes] == page_notes, "one wording"
    assert len(page_notes) == len(expected_notes), page_notes
    for note, problem in zip(page_notes, expected_notes, strict=True):
        assert rules.verdict(problem) == "note"
        what = rules.spec["draft"]["notes"][problem].split("{")[0]
        assert note.startswith(what) and " — " in note and "{" not in note, (note, problem)


def test_a_problem_moved_to_note_or_refuse_moves_in_both_engines(rules, tmp_path):
    """draft.on_problem decides: flipped in the data, both engines flip alike."""
    spec = json.loads(json.dumps(rules.spec))
    spec["draft"]["on_problem"].update({"bad_value": "refuse", "unknown_section": "note"})
    spec["draft"]["refusals"]["bad_value"] = "槽位{slot}的值不合要求（{why}） — 改正后再导入"
    spec["draft"]["notes"]["unknown_section"] = "略去了章节{id} — 自行补写"
    moved = Rules(spec)
    texts = [json.dumps({**VALID, "values": {"报告年度": "明年吧"}}, ensure_ascii=False),
             json.dumps({**VALID, "sections": [{"id": "er", "paragraphs": ["字"]}]},
                        ensure_ascii=False)]
    job = {"spec": spec, "data": PAGE_DATA, "values": [], "file_names": [], "imports": texts}
    page_bad, page_unknown = node_json(RULES_JS, job)["imports"]
    files = []
    for n, text in enumerate(texts):
        files.append(tmp_path / f"{n}.json")
        files[-1].write_text(text, encoding="utf-8")
    with pytest.raises(DraftError) as err:
        rebuild_draft(files[0], TEMPLATE, moved, SLOTS)
    assert err.value.key == "bad_value" == page_bad[0]
    assert str(err.value).endswith(": " + page_bad[2]) and page_bad[2].startswith("槽位报告年度")
    _, notes = rebuild_draft(files[1], TEMPLATE, moved, SLOTS)
    assert page_unknown[:2] == ["", ["略去了章节er — 自行补写"]]
    assert [n.split(": note: ")[1] for n in notes] == page_unknown[1]


def test_control_characters_in_paragraphs_are_removed_with_a_note_by_both(rules, tmp_path):
    doc = {**VALID, "sections": [{"id": "yi", "paragraphs": ["召开\u0001会议\u000b。\ud800"]}]}
    text = json.dumps(doc)              # ASCII escapes: the lone surrogate survives as JSON
    file = tmp_path / "d.json"
    file.write_text(text, encoding="utf-8")
    draft, notes = rebuild_draft(file, TEMPLATE, rules, SLOTS)
    assert draft["sections"][0]["paragraphs"] == ["召开会议。"]
    assert notes and "删除了3个" in notes[0] and f"{file}:1: note: " in notes[0]
    job = {"spec": rules.spec, "data": PAGE_DATA, "values": [], "file_names": [],
           "imports": [text]}
    key, page_notes, _ = node_json(RULES_JS, job)["imports"][0]
    assert key == "" and any("删除了3个" in n for n in page_notes), page_notes


def test_a_broken_rules_file_is_a_file_line_problem(tmp_path):
    (tmp_path / "data").mkdir()
    text = (ROOT / "data" / "rules.yml").read_text(encoding="utf-8")
    bad = text.replace('pattern: "^([0-9]{1,9})$"', 'pattern: "^([0-9]{1,9}$"')
    assert bad != text
    Path(tmp_path / "data" / "rules.yml").write_text(bad, encoding="utf-8")
    settings = read_settings(tmp_path)
    assert settings.rules is None
    line = bad[:bad.index('"^([0-9]{1,9}$"')].count("\n") + 1
    assert f"data/rules.yml:{line}: pattern '^([0-9]{{1,9}}$' is not a valid" in (
        settings.problems.report())


def kb_fill(*args, cwd=ROOT):
    return subprocess.run([str(BIN / "kb"), "--root", str(ROOT), "fill", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def test_kb_fill_draft_leaves_a_bad_value_unfilled_with_a_note(tmp_path):
    """A value that breaks its slot's rule loses no text: kb fills the rest, names the slot
    in a `file:line: note: ` (the page's words) and exits 0; `--set` still refuses it."""
    text = json.dumps({"format": "kb-draft/1", "template": "bannian-zicha",
                       "values": {"单位名称": "某局党组", "报告年度": "明年吧", "专题研究次数": -5},
                       "sections": [{"id": "wenti", "paragraphs": ["问题一。"]}]},
                      ensure_ascii=False, indent=1)
    src = tmp_path / "d.json"
    src.write_text(text, encoding="utf-8")
    result = kb_fill("bannian-zicha", "--draft", src, "-o", tmp_path / "x.docx")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    lines = text.splitlines()
    year_line = next(i for i, x in enumerate(lines, 1) if "明年吧" in x)
    count_line = next(i for i, x in enumerate(lines, 1) if "-5" in x)
    assert f"{src}:{year_line}: note: 槽位报告年度的值不合要求（年份请写" in result.stderr
    assert f"{src}:{count_line}: note: 槽位专题研究次数的值不合要求（请填写0或正整数" in (
        result.stderr)
    with zipfile.ZipFile(tmp_path / "x.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "问题一。" in xml and "明年吧" not in xml
    same = kb_fill("bannian-zicha", "--set", "单位名称=某局党组", "--set", "报告年度=明年吧",
                   "-o", tmp_path / "y.docx")
    assert same.returncode == 2 and "'明年吧' is not a year" in same.stderr


def test_kb_fill_draft_removes_control_characters_and_writes_well_formed_word(tmp_path):
    text = json.dumps({"format": "kb-draft/1", "template": "bannian-zicha",
                       "values": {"单位名称": "某局党组", "报告年度": "２０２６", "成文日期": "2026.3.18"},
                       "sections": [{"id": "luokuan", "paragraphs": ["【单位名称】", "【成文日期】"]},
                                    {"id": "wenti", "paragraphs": ["问题\u0001一\u000b。"]}]})
    src = tmp_path / "d.json"
    src.write_text(text, encoding="utf-8")
    result = kb_fill("bannian-zicha", "--draft", src, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{src}:1: note: 从章节wenti删除了2个" in result.stderr
    out, = tmp_path.glob("*.docx")            # named by the shared file-name rule
    assert "【" not in out.name and out.name.endswith(".docx")
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    ElementTree.fromstring(xml)
    assert "问题一。" in xml and "2026年3月18日" in xml


@pytest.mark.parametrize("old, new, where, words", RULES_ROWS,
                         ids=[row[0] for row in BAD_INPUTS if row[1] == RULES])
def test_a_wrong_draft_files_or_refusal_entry_is_a_file_line_problem(tmp_path, old, new, where,
                                                                     words):
    """draft_files and draft.refusals are schema-checked like the rest of data/rules.yml (a
    refusal must read "what — how to fix"); the rules are then not used. The rows are those
    of data/rules.yml in the one bad-input table (tests/test_bad_inputs.py), where `kb
    validate` refuses each of them."""
    (tmp_path / "data").mkdir()
    text = (ROOT / "data" / "rules.yml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    (tmp_path / "data" / "rules.yml").write_text(text.replace(old, new), encoding="utf-8")
    settings = read_settings(tmp_path)
    report = settings.problems.report()
    assert settings.rules is None and f"{where}:" in report and words in report, report


def test_kb_words_a_refusal_as_data_rules_yml_does(rules, tmp_path):
    """Another wording in the data is kb's wording: kb keeps no text of its own."""
    spec = json.loads(json.dumps(rules.spec))
    spec["draft"]["refusals"]["other_template"] = "这份是{template}的 — 换模板"
    file = tmp_path / "d.json"
    file.write_text(json.dumps({**VALID, "template": "别的"}, ensure_ascii=False), "utf-8")
    with pytest.raises(DraftError) as err:
        rebuild_draft(file, TEMPLATE, Rules(spec), SLOTS)
    assert str(err.value) == f"{file}:1: 这份是别的的 — 换模板"
