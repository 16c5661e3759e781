"""A record kind declared once shows everywhere: a toy kind added to a copy of the project by
its declaration, its schema and its data alone is built into the site, back-linked, counted,
exported and validated; `kb new` writes a stub of every kind as a draft (`status: draft`):
`kb validate` passes and lists what is left to fill as `file:line: what — how to fix`, the
site leaves the draft out, and removing its status makes what is left to fill errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros import cli
from macros.checks.loader import load
from macros.model.kinds import KINDS

from .conftest import ROOT, mkdocs_build, site_project

DRAFT_LINE = re.compile(r"^( *)status: draft\n", re.M)

TOY_KIND = '''
KINDS = (*KINDS, Kind(
    "toy", "toys", schemas.TOY, "id", "toys",
    refs=(Ref("obligations", "obligation", panel=Panel("相关试验记录", "toys")),),
    prose=("title", "text"), export=("id", "title", "text", "obligations"),
    label="试验记录", title="title", index="toys/index.md"))

'''
TOY_SCHEMA = '''
TOY = {
    "type": "object",
    "required": ["id", "title", "text", "obligations"],
    "additionalProperties": False,
    "properties": {"id": _slug, "title": _str, "text": _str, "obligations": _slugs},
}
'''
TOY_DATA = ("- id: toy-one\n  title: 班子成员讲专题课\n"
            "  text: 局党组班子成员每季度到分管科室讲一次专题课。\n"
            "  obligations: [yigang-shuangze]\n")


def _toy_project(tmp_path: Path) -> Path:
    """The mini project with its own copy of the package: the toy kind is its declaration
    (macros/model/kinds.py), its schema (macros/model/schemas.py) and its data."""
    project = site_project(tmp_path / "kb")
    (project / "macros").unlink()
    shutil.copytree(ROOT / "macros", project / "macros",
                    ignore=shutil.ignore_patterns("__pycache__"))
    kinds = project / "macros" / "model" / "kinds.py"
    text = kinds.read_text(encoding="utf-8")
    assert "\nRECORD_TYPES = {" in text
    kinds.write_text(text.replace("\nRECORD_TYPES = {", TOY_KIND + "RECORD_TYPES = {", 1),
                     encoding="utf-8")
    schemas = project / "macros" / "model" / "schemas.py"
    schemas.write_text(schemas.read_text(encoding="utf-8") + TOY_SCHEMA, encoding="utf-8")
    (project / "data" / "toys").mkdir()
    (project / "data" / "toys" / "toys.yml").write_text(TOY_DATA, encoding="utf-8")
    return project


def _env(project: Path) -> dict:
    return {"PYTHONPATH": str(project), "KB_SERIAL": "1"}


def _kb(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`kb` as the copy's package runs it (its own registry, not this checkout's)."""
    return subprocess.run([sys.executable, "-c", "import sys; from macros.cli import main; "
                           "sys.exit(main())", "--root", str(project), *args],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **_env(project)})


def test_a_toy_kind_declared_once_is_built_back_linked_counted_exported_and_validated(
        tmp_path):
    project = _toy_project(tmp_path)

    validated = _kb(project, "validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "1 toys" in validated.stdout
    assert json.loads(_kb(project, "stats", "--json").stdout)["toys"] == 1
    exported = json.loads(_kb(project, "export", "--json").stdout)
    assert exported["toys"] == [{"id": "toy-one", "title": "班子成员讲专题课",
                                 "text": "局党组班子成员每季度到分管科室讲一次专题课。",
                                 "obligations": ["yigang-shuangze"]}]

    out = tmp_path / "site"
    built = mkdocs_build(project, out, **_env(project))
    assert built.returncode == 0, built.stdout + built.stderr
    index = (out / "toys" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in index and "试验记录" in index
    assert 'id="toy-one"' in index and "局党组班子成员每季度到分管科室讲一次专题课。" in index
    assert re.search(r'href="[./]*obligations/yigang-shuangze/"', index), "links what it names"
    duty = (out / "obligations" / "yigang-shuangze" / "index.html").read_text(encoding="utf-8")
    assert 'id="toys"' in duty and "相关试验记录" in duty
    assert re.search(r'href="[./]*toys/#toy-one"[^>]*>班子成员讲专题课<', duty), \
        "the obligation it names links back to it"

    (project / "data" / "toys" / "toys.yml").write_text(
        TOY_DATA.replace("[yigang-shuangze]", "[no-such-duty]")
        + TOY_DATA.replace("toy-one", "toy-two") + "  colour: red\n",
        encoding="utf-8")
    refused = _kb(project, "validate")
    assert refused.returncode == 1
    assert "data/toys/toys.yml:4: unknown obligation id 'no-such-duty' — " in refused.stderr
    assert "data/toys/toys.yml:9: unknown field 'colour'" in refused.stderr


def test_kb_new_knows_a_toy_kind_from_its_declaration(tmp_path):
    project = _toy_project(tmp_path)
    wrote = _kb(project, "new", "toy", "toy-two", "--title", "中心组专题学习")
    assert wrote.returncode == 0, wrote.stderr
    assert "wrote data/toys/new.yml" in wrote.stdout
    validated = _kb(project, "validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "1 toys" in validated.stdout and "drafts (not published): 1 toys" in validated.stdout
    assert re.search(r"data/toys/new\.yml:\d+: 'text' still holds the stub's instruction",
                     validated.stdout), validated.stdout


def _args(kind) -> list[str]:
    if kind.name == "phrase":
        return ["现将自查情况报告如下：", "--category", "导语"]
    if kind.name == "slot":
        return ["新的槽位"]
    return ["xin-" + kind.folder.rstrip("s")[:6].replace("_", "-"), "--title", "新的记录"]


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_kb_new_writes_a_draft_of_every_kind_that_validates_and_says_what_to_fill(
        mini, kind, capsys):
    """The stub is a draft: `kb validate` (which runs every content lint) passes as written;
    every part left to fill is a note, in the stub, at its line, with how to fix it."""
    assert cli.main(["--root", str(mini), "new", kind.name, *_args(kind)]) == 0
    said = capsys.readouterr().out
    stub = re.search(r"wrote (\S+)", said).group(1)
    assert DRAFT_LINE.search((mini / stub).read_text(encoding="utf-8"))
    cat = load(mini)
    assert not cat.problems, cat.problems.report()
    assert cat.notes, "the stub's instructions are listed"
    for note in cat.notes:
        assert note.path == stub and note.line >= 1 and note.fix and note.fill, str(note)
        assert str(note) in said, "kb new lists what is left to fill"
    assert not any(stub.endswith(f"/{key}.md") for key in cat.records[kind.store]), \
        "a draft is not a published record"
    assert sum(map(len, cat.drafts.values())) == 1
    assert cli.main(["--root", str(mini), "new", kind.name, *_args(kind)]) == 2
    assert "exist" in capsys.readouterr().err


def _publish(project: Path, stub: str) -> None:
    """Remove the stub's `status: draft` line, as its author does once it is filled in."""
    file = project / stub
    file.write_text(DRAFT_LINE.sub("", file.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")


def test_the_drafts_of_every_kind_pass_ci_stay_unpublished_and_fail_once_published(
        mini, capsys, tmp_path):
    """Written together, the stubs of every kind of the registry pass `kb validate` and a
    strict build as written, and reach no page, search entry or export. Once their
    `status: draft` is removed, `kb validate` fails with the parts left to fill, each at its
    line, and the stubs still pass as written the checks the suite runs on each record of the
    real catalogue: a template's skeleton, filled with the slots' examples, evidences every
    duty it lists (test_template_coherence), its first draft is checker-clean for every unit
    type (test_facts), a common-practice duty states how often real reports show it
    (test_practice_seen)."""
    from macros.checker.engine import check_file, check_lines, checker_data
    from macros.checker.reading import duty_reader
    from macros.outputs.wordplan import fill, skeleton_draft
    from macros.views.coverage import unit_types
    from macros.views.first_draft import first_draft

    wrote = {}
    for kind in KINDS:
        assert cli.main(["--root", str(mini), "new", kind.name, *_args(kind)]) == 0
        wrote[kind.name] = re.search(r"wrote (\S+)", capsys.readouterr().out).group(1)
    assert cli.main(["--root", str(mini), "validate"]) == 0
    said = capsys.readouterr().out
    assert "drafts (not published): 1 documents, 1 glossary_terms, 1 slots, 1 phrases, " \
           "1 examples, 1 obligations, 1 templates" in said, said
    notes = [line.strip() for line in said.split("\n")[2:] if line.strip()]
    assert notes and all(line.split(":")[0] in wrote.values() for line in notes), notes
    assert {line.split(":")[0] for line in notes} == set(wrote.values())
    assert cli.main(["--root", str(mini), "stats", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["drafts"] == len(KINDS) and counts["obligations"] == 1
    assert cli.main(["--root", str(mini), "export", "--json"]) == 0
    assert "xin-" not in capsys.readouterr().out, "a draft is not exported"

    out = tmp_path / "site"
    built = mkdocs_build(mini, out)
    assert built.returncode == 0, built.stdout + built.stderr
    assert not (out / "obligations" / "xin-obliga").exists()
    assert not (out / "templates" / "xin-templa").exists()
    assert (out / "obligations" / "yigang-shuangze" / "index.html").is_file()
    for file in out.rglob("*"):
        if file.suffix in (".html", ".json", ".js", ".ics", ".txt") and file.is_file():
            text = file.read_text(encoding="utf-8", errors="replace")
            for stub in ("xin-", "待写", "新的记录", "新的槽位", "现将自查情况报告如下"):
                assert stub not in text, (file, stub)

    for stub in wrote.values():
        _publish(mini, stub)
    cat = load(mini)
    assert cat.problems and not cat.notes
    for problem in cat.problems:
        assert problem.path in wrote.values(), str(problem)
        assert problem.fill or problem.what == "missing required field 'status'", str(problem)
    assert {p.path for p in cat.problems} == set(wrote.values())
    assert cli.main(["--root", str(mini), "validate"]) == 1
    report = capsys.readouterr().err
    assert re.search(r"docs/obligations/xin-obliga\.md:\d+: 'summary' still holds the stub's "
                     r"instruction （待写）", report), report
    assert re.search(r"data/documents/new\.yml:\d+: missing required field 'status'", report)

    tpl_id = Path(wrote["template"]).stem
    tpl = cat.templates[tpl_id]
    values = {name: str(slot["example"]) for name, slot in cat.slots.items()}
    draft = skeleton_draft(tpl, values)
    text = "\n".join(fill(line, values) for sec in draft["sections"]
                     for line in ([sec["heading"]] if sec["level"] >= 1 else [])
                     + sec["paragraphs"])
    skeleton = mini / "skeleton.txt"
    skeleton.write_text(text + "\n", encoding="utf-8")
    assert not check_file(cat, skeleton, tpl_id)["missing"]
    data, reads = checker_data(cat), duty_reader(cat)
    for unit_type in unit_types(cat):
        result = check_lines(data, first_draft(cat, tpl_id, unit_type, values, confirm=True,
                                               reads=reads), tpl_id)
        assert not result["missing"], unit_type
        assert not [f for f in result["findings"]
                    if f["kind"] in ("placeholder", "slot", "unconfirmed-fact")], unit_type
    duty = cat.obligations[Path(wrote["obligation"]).stem]
    assert "common-practice" in duty["basis"] and duty["practice_seen"] == 0


def test_a_published_page_or_record_may_not_point_at_a_draft(mini, capsys):
    assert cli.main(["--root", str(mini), "new", "obligation", "xin-zeren"]) == 0
    capsys.readouterr()
    index = mini / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8")
                     + "\n见[新的责任](obligations/xin-zeren.md)。\n", encoding="utf-8")
    examples = mini / "data" / "examples" / "ex.yml"
    examples.write_text(examples.read_text(encoding="utf-8").replace(
        "obligations: [yigang-shuangze]", "obligations: [yigang-shuangze, xin-zeren]"),
        encoding="utf-8")
    report = load(mini).problems.report()
    assert re.search(r"docs/index\.md:\d+: link 'obligations/xin-zeren\.md' to a draft: "
                     r"docs/obligations/xin-zeren\.md has `status: draft` and is not published "
                     r"— publish it first", report), report
    assert re.search(r"data/examples/ex\.yml:3: obligation 'xin-zeren' is a draft \(status: "
                     r"draft\), not published — ", report), report
    _publish(mini, "docs/obligations/xin-zeren.md")
    report = load(mini).problems.report()
    assert "to a draft" not in report and "is a draft" not in report


def test_a_broken_or_hostile_draft_still_fails_validation(mini, capsys):
    assert cli.main(["--root", str(mini), "new", "obligation", "xin-zeren"]) == 0
    capsys.readouterr()
    page = mini / "docs" / "obligations" / "xin-zeren.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("frequency:", "frequncy:"), encoding="utf-8")
    assert cli.main(["--root", str(mini), "validate"]) == 1
    assert re.search(r"docs/obligations/xin-zeren\.md:\d+: unknown field 'frequncy'",
                     capsys.readouterr().err)
    page.write_text(text + "\n<script>alert(1)</script>\n", encoding="utf-8")
    assert cli.main(["--root", str(mini), "validate"]) == 1
    err = capsys.readouterr().err
    assert "docs/obligations/xin-zeren.md:" in err and "script" in err.lower(), err


def test_the_quotas_are_notes_of_a_draft_and_errors_of_a_published_record(mini, capsys):
    """data/quotas.yml (examples per duty …) is checked by `kb validate`: a draft short of a
    quota is told what it lacks; a published record short of one is refused."""
    quotas = mini / "data" / "quotas.yml"
    quotas.write_text("obligation:\n  examples: 1\n", encoding="utf-8")
    assert cli.main(["--root", str(mini), "new", "obligation", "xin-zeren"]) == 0
    assert re.search(r"docs/obligations/xin-zeren\.md:2: 0 example paragraph\(s\) name this "
                     r"duty, fewer than 1 — write them in data/examples/",
                     capsys.readouterr().out)
    assert not load(mini).problems
    quotas.write_text("obligation:\n  examples: 2\n", encoding="utf-8")
    report = load(mini).problems.report()
    assert re.search(r"docs/obligations/yigang-shuangze\.md:\d+: 1 example paragraph\(s\) "
                     r"name this duty, fewer than 2", report), report
    quotas.write_text("obligation:\n  exampels: 2\n", encoding="utf-8")
    assert "data/quotas.yml:2: unknown field 'exampels'" in load(mini).problems.report()


def test_a_template_stub_names_the_worked_example_it_lacks(mini, capsys):
    assert cli.main(["--root", str(mini), "new", "template", "xin-moban"]) == 0
    said = capsys.readouterr().out
    assert re.search(r"docs/templates/xin-moban\.md:\d+: template page has no worked example "
                     r"\(## 完整示例\) — add a `## 完整示例` section", said), said
    page = mini / "docs" / "templates" / "xin-moban.md"
    page.write_text(page.read_text(encoding="utf-8").replace("（待写）", "")
                    + "\n## 完整示例\n\n**某局党组关于2026年度意识形态工作情况的报告**\n\n"
                      "2026年，局党组认真落实意识形态工作责任制。\n",
                    encoding="utf-8")
    cat = load(mini)
    left = [str(p) for p in cat.notes]
    assert not cat.problems and left
    assert all(re.match(r"docs/templates/xin-moban\.md:\d+: worked example is \d+ "
                        r"characters, outside the template's length 2000—3000 — ", p)
               for p in left), left


def test_without_a_worked_example_the_real_template_check_fails_at_the_page(mini):
    page = mini / "docs" / "templates" / "niandu-baogao.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("2026年", "本年"), encoding="utf-8")
    report = load(mini).problems.report()
    assert "docs/templates/niandu-baogao.md:" in report and "names no year" in report
    page.write_text(text.split("## 完整示例")[0], encoding="utf-8")
    assert "template page has no worked example" in load(mini).problems.report()


def test_typed_records_follow_the_registry():
    """A protocol per kind, typed field by field from its schema (a kind added by its
    declaration and schema gets one, with nothing else to write)."""
    from macros.model import typegen

    text = typegen.render()
    for kind in KINDS:
        assert f"class {typegen.class_name(kind.name)}(Protocol):" in text
    assert "def __getitem__(self, key: Literal['year']) -> int | None: ..." in text
    assert "'sections': list[TemplateSectionsItem]" not in text  # a protocol, not a dict
    assert "def __getitem__(self, key: Literal['sections']) -> list[TemplateSectionsItem]" \
        in text
    # the settings files too: a layout key the schema does not declare is a type error
    assert "LayoutSettings = TypedDict('LayoutSettings', {" in text
    assert "'grid': NotRequired[LayoutSettingsGrid]," in text


def test_the_type_checker_reads_the_views_and_refuses_a_misspelt_field(tmp_path):
    """`make lint` runs mypy on the views, outputs and commands that read records; a field
    the schema does not have is an error there (the check can fail)."""
    mypy = [str(Path(sys.executable).parent / "mypy")]
    subprocess.run([sys.executable, "-m", "macros.model.typegen"], cwd=ROOT, check=True,
                   capture_output=True)
    clean = subprocess.run(mypy, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    probe = tmp_path / "probe.py"
    probe.write_text("from macros.model.records import Obligation\n\n\n"
                     "def title(ob: Obligation) -> str:\n    return ob['titel']\n",
                     encoding="utf-8")
    typo = subprocess.run([*mypy, str(probe)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert typo.returncode == 1 and "probe.py:5: error: No overload variant" in typo.stdout, \
        typo.stdout
    # outputs and kb's commands too: a draft's misspelt key is refused like a record's
    probe.write_text("from macros.outputs.wordplan import Draft\n\n\n"
                     "def title(draft: Draft) -> str:\n    return draft['titel']\n",
                     encoding="utf-8")
    typo = subprocess.run([*mypy, str(probe)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert typo.returncode == 1 and 'has no key "titel"' in typo.stdout, typo.stdout
    import tomllib

    checked = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert {"macros/outputs", "macros/cli"} <= set(checked["tool"]["mypy"]["files"])


def test_kb_new_writes_a_page_kind_without_a_stub_text_from_its_schema(mini):
    from macros.cli.scaffold import new_with_todo
    from macros.model import schemas
    from macros.model.kinds import Kind, Ref

    note = Kind("note", "notes", {
        "type": "object", "required": ["id", "title", "obligations"],
        "additionalProperties": False,
        "properties": {**schemas.PAGE_KEYS, "id": {"type": "string"},
                       "obligations": {"type": "array", "items": {"type": "string"}}}},
        "id", "notes", page=True, refs=(Ref("obligations", "obligation"),), label="工作笔记")
    kinds = (*KINDS, note)
    path, todo = new_with_todo(load(mini, kinds=kinds), "note", "xin-biji")
    assert path == mini / "docs" / "notes" / "xin-biji.md"
    assert todo and all("still holds the stub's instruction" in t for t in todo), todo
    cat = load(mini, kinds=kinds)
    assert not cat.problems, cat.problems.report()
    assert cat.drafts["notes"]["xin-biji"]["obligations"] == ["yigang-shuangze"]


def test_a_generated_index_page_shows_record_text_as_text(mini):
    from macros.model.kinds import Kind, Ref
    from macros.views.render import record_list

    note = Kind(
        "toy", "toys", {"type": "object"}, "id", "toys", refs=(Ref("obligations", "obligation"),),
        export=("id", "title", "text"), title="title", index="toys/index.md", label="试验记录")
    cat = load(mini, kinds=(*KINDS, note))
    cat.records["toys"]["a"] = {"id": "a", "title": "标题 {onclick=x}",
                                "text": "<b>正文</b>", "obligations": ["yigang-shuangze"]}
    md = record_list(cat, note, "toys/index.md")
    assert "## 标题 &#123;onclick=x&#125; {#a}" in md
    assert "&lt;b&gt;正文&lt;/b&gt;" in md and "<b>" not in md
    assert "责任事项：[一岗双责](../obligations/yigang-shuangze.md)" in md, "links what it names"
