"""Cross-reference checks: every id, slot, vocabulary value and link must resolve."""

from __future__ import annotations

import posixpath
import re
from datetime import datetime

from dateutil.rrule import rrulestr

from macros.checks import security
from macros.checks.assessment import check_folder as check_assessment_rules
from macros.checks.facts_lint import check_example_facts
from macros.checks.lints import lint_catalog
from macros.checks.unfinished import check_unfinished
from macros.model.anchors import SKELETON_MARK, TEMPLATE_ANCHORS
from macros.model.catalog import Catalog, Page
from macros.model.kinds import Kind, panels_to, walk
from macros.model.portable import portable_problem
from macros.model.reference import reference_hashes
from macros.model.text import han_count, prose_lines, slots_in

NUMBERING = {
    1: (re.compile(r"^[一二三四五六七八九十]+、"), "一、"),
    2: (re.compile(r"^（[一二三四五六七八九十]+）"), "（一）"),
    3: (re.compile(r"^\d+[.．]"), "1."),
    4: (re.compile(r"^（\d+）"), "（1）"),
}
LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*(?:\{[^}]*#([\w-]+)[^}]*\})?\s*#*\s*$")
EXPLICIT_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}")
MIN_EXAMPLE_HAN = 60


def _value_line(record, key: str, text: str, needle: str) -> int:
    """Line of ``needle`` inside the (possibly multi-line) value of ``key``."""
    base = record.value_line(key)
    for i, line in enumerate(str(text).split("\n")):
        if needle in line:
            return base + i
    return base


def check_declared(cat: Catalog, record, kind: Kind) -> None:
    """Every reference and vocabulary field the kind declares must resolve."""
    for ref in kind.refs:
        target = cat.kind(ref.target)
        store = cat.records[target.store]
        for _, holder, key, value in walk(record, ref.path):
            if value in store or value in ref.allow:
                continue
            if value in cat.drafts.get(target.store, {}):
                name = target.name.replace("_", " ")
                cat.problems.add(record.path, holder.line_of(key),
                                 f"{name} '{value}' is a draft (status: draft), not published",
                                 "publish it first (fill it in, remove its `status: draft`) "
                                 "or name a published one")
                continue
            what = ref.what or f"unknown {target.name.replace('_', ' ')} {target.key}"
            cat.problems.add(record.path, holder.line_of(key), f"{what} '{value}'",
                             ref.fix or target.hint())
    for vref in kind.vocab:
        names = cat.vocab_names(vref.vocab)
        for _, holder, key, value in walk(record, vref.path):
            if value not in names:
                cat.problems.add(record.path, holder.line_of(key),
                                 f"unknown {vref.label} '{value}'",
                                 f"use one of data/vocab.yml {vref.vocab}: "
                                 + "、".join(map(str, names[:30]))
                                 + (" … or add it there" if len(names) > 30
                                    else " — or add it there"))


def _check_page_key(cat: Catalog, record, kind: Kind) -> None:
    """A record page's file is named by its key (the page's URL is the record's id)."""
    stem = posixpath.splitext(posixpath.basename(record.page_rel))[0]
    key = record[kind.key]
    if key != stem:
        cat.problems.add(record.path, record.line_of(kind.key), f"{kind.key} '{key}' differs "
                         f"from the file name '{stem}'",
                         f"rename the file to {key}.md or fix the {kind.key}")


def _check_obligation(cat: Catalog, ob) -> None:
    page = ob.page
    cues = ob.get("cues", {})
    for key in ("patterns", "parts"):
        for i, value in enumerate(cues.get(key, [])):
            _check_regex(cat, cues, key, value, cues[key].line_of(i))
    for lineno, name in slots_in(page.body, page.body_line):
        if name not in cat.slots:
            cat.problems.add(ob.path, lineno, f"undeclared slot '【{name}】'",
                             "declare it in data/slots/*.yml or fix its spelling")


def _check_template(cat: Catalog, tpl) -> None:
    declared = tpl["slots"]
    used, seen_ids = set(), {}
    for sec in tpl["sections"]:
        if sec["id"] in seen_ids:
            cat.problems.add(tpl.path, sec.line_of("id"), f"duplicate section id '{sec['id']}'",
                             "section ids must be unique within a template")
        seen_ids[sec["id"]] = sec
        rule = NUMBERING.get(sec["level"])
        heading = sec["heading"]
        if rule and not rule[0].match(heading):
            cat.problems.add(tpl.path, sec.line_of("heading"),
                             f"level-{sec['level']} heading '{heading}' lacks its numbering",
                             f"start it with {rule[1]} (levels: 一、 （一） 1. （1）)")
        if not rule and any(r.match(heading) for r, _ in NUMBERING.values()):
            cat.problems.add(tpl.path, sec.line_of("heading"),
                             f"unnumbered (level 0) heading '{heading}' carries a number",
                             "set the level to match its numbering, or drop the number")
        for field_name in ("skeleton", "heading"):
            for _, name in slots_in(sec[field_name]):
                used.add(name)
                if name not in declared:
                    line = _value_line(sec, field_name, sec[field_name], f"【{name}】")
                    cat.problems.add(tpl.path, line, f"undeclared slot '【{name}】'",
                                     "add it to the template's `slots:` list (and to "
                                     "data/slots/ if new), or fix its spelling")
    for i, name in enumerate(declared):
        if name not in used:
            cat.problems.add(tpl.path, declared.line_of(i),
                             f"declared slot '{name}' is not used in any section",
                             "use 【" + name + "】 in a skeleton or remove it from `slots:`")


WORKED = re.compile(r"^## 完整示例\s*$", re.M)
DATED = re.compile(r"20\d\d年")


def _check_worked_example(cat: Catalog, tpl) -> None:
    """A template page ends with a whole report of its kind for a fictional unit, dated."""
    page = tpl.page
    found = WORKED.search(page.body)
    if found is None:
        end = page.body_line + page.body.rstrip("\n").count("\n")
        cat.problems.add(tpl.path, end, "template page has no worked example (## 完整示例)",
                         "add a `## 完整示例` section at the end: a whole report of this kind "
                         "for a fictional unit (某局党组), dated like 2026年1月15日", fill=True)
        return
    part = re.split(r"\n## ", page.body[found.end():], maxsplit=1)[0]
    if not DATED.search(part):
        line = page.body_line + page.body.count("\n", 0, found.start())
        cat.problems.add(tpl.path, line, "the worked example (## 完整示例) names no year",
                         "name the report's year in its title and date it at its end, "
                         "e.g. 2026年1月15日", fill=True)


def _check_example(cat: Catalog, ex) -> None:
    if ex["template"] in cat.templates and cat.section(ex["template"], ex["section"]) is None:
        ids = [s["id"] for s in cat.templates[ex["template"]]["sections"]]
        cat.problems.add(ex.path, ex.line_of("section"), f"unknown section '{ex['section']}' "
                         f"of template '{ex['template']}'", "use one of: " + ", ".join(ids))
    if han_count(ex["text"]) < MIN_EXAMPLE_HAN:
        cat.problems.add(ex.path, ex.value_line("text"), f"example has {han_count(ex['text'])} "
                         f"Chinese characters, fewer than {MIN_EXAMPLE_HAN}",
                         "write a full paragraph of at least 60 Chinese characters")
    check_example_facts(cat, ex)


def _check_slot_usage(cat: Catalog) -> None:
    used = set()
    for tpl in cat.templates.values():
        used.update(tpl["slots"])
    for ob in cat.obligations.values():
        used.update(ob.get("evidence_slots", []))
        used.update(name for _, name in slots_in(ob.page.body))
    for name, slot in cat.slots.items():
        if name not in used:
            cat.problems.add(slot.path, slot.line_of("name"),
                             f"declared slot '{name}' is not used by any template or obligation",
                             "use it in a template or an obligation page, or remove it",
                             fill=True)


def _anchors(cat: Catalog, rel: str):
    """Anchors a page is known to have, or None when they cannot be known statically."""
    from pymdownx.slugs import slugify

    page = cat.pages[rel]
    if "{{" in page.body.replace(SKELETON_MARK, ""):
        return None
    slug = slugify(case="lower")
    ids = set(EXPLICIT_ID.findall(page.body))
    for line in prose_lines(page.body):
        m = HEADING.match(line)
        if m:
            ids.add(m.group(2) or slug(m.group(1), "-"))
    return ids


def check_links(cat: Catalog) -> None:
    """Every internal link must reach a page (and anchor); no external resources."""
    for rel, page in cat.pages.items():
        lines = prose_lines(page.body)
        # Snippets are included before Markdown sees fences: every line counts, code or not.
        for lineno, name in security.snippet_names(page.body.split("\n"), page.body_line):
            security.check_snippet(cat, page, lineno, name)
        security.check_theme_keys(cat, page)
        security.check_record_page(cat, page)
        for offset, line in enumerate(lines):
            lineno = page.body_line + offset
            for image, target in LINK.findall(line):
                _check_link(cat, rel, page, lineno, target, bool(image))


def _panel_anchors(cat: Catalog, target_rel: str) -> set:
    """The ids of the back-link panels the registry draws on a record page."""
    kind = next((k for k in cat.kinds if k.page and target_rel.startswith(k.folder + "/")
                 and not target_rel.endswith("index.md")), None)
    if kind is None:
        return set()
    return {ref.panel.anchor or source.store for source, ref in panels_to(cat.kinds, kind.name)}


def _check_link(cat, rel, page, lineno, target, image):
    if not target or target.startswith("mailto:"):
        return
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, re.I):
        cat.problems.add(page.path, lineno, f"external {'image' if image else 'link'} "
                         f"'{target}'", "the intranet has no internet: ship the file in "
                         "docs/assets/ or cite the source by title instead of a link")
        return
    path, _, anchor = target.partition("#")
    if not path:
        target_rel = rel
    else:
        target_rel = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
        if not (cat.docs_dir / target_rel).is_file():
            cat.problems.add(page.path, lineno, f"broken link '{target}': no file "
                             f"docs/{target_rel}", "fix the path (links are relative to this "
                             "page and point at .md files)")
            return
        if target_rel in cat.draft_pages and rel not in cat.draft_pages:
            cat.problems.add(page.path, lineno, f"link '{target}' to a draft: "
                             f"docs/{target_rel} has `status: draft` and is not published",
                             "publish it first (fill it in, remove its `status: draft`) or "
                             "drop the link")
            return
    if anchor and target_rel in cat.pages:
        meta = cat.pages[target_rel].meta
        tpl = cat.templates.get(meta.get("id")) if meta and target_rel.startswith(
            "templates/") else None
        known = _anchors(cat, target_rel)
        if known is not None and tpl:
            known |= {s["id"] for s in tpl["sections"]} | TEMPLATE_ANCHORS
        if known is not None:
            known |= _panel_anchors(cat, target_rel)
        if known is not None and anchor not in known:
            cat.problems.add(page.path, lineno, f"broken anchor '#{anchor}' in link "
                             f"'{target}'", "link to an existing heading or section id")


def _check_regex(cat: Catalog, record, key: str, value=None, line=None) -> None:
    """A detection pattern must compile and stay in the subset JavaScript reads alike."""
    value = record[key] if value is None else value
    line = line or record.line_of(key)
    bad = portable_problem(value)
    if bad:
        cat.problems.add(record.path, line, bad[0],
                         bad[1] + " (see CONTRIBUTING.md, detection cues)")


def _check_settings(cat: Catalog) -> None:
    """The assessment rules against the obligations and the checker's labels (the settings
    files themselves were checked when the catalogue read them: macros.model.settings)."""
    check_assessment_rules(cat.root, cat.problems, set(cat.obligations),
                           set((cat.settings.checker or {}).get("labels", {})))


def _check_calendar(cat: Catalog) -> None:
    known = set(cat.vocab_names("frequencies"))
    cal = cat.vocab.get("calendar", {})
    for name, entry in cal.items():
        if name not in known:
            cat.problems.add("data/vocab.yml", cal.line_of(name), f"calendar entry '{name}' is "
                             "not a frequency", "use a name from `frequencies:`")
        try:
            rrulestr(entry["rrule"], dtstart=datetime(2000, entry["month"], entry["day"]))
        except (ValueError, TypeError, KeyError) as err:
            cat.problems.add("data/vocab.yml", entry.line_of("rrule"), f"calendar entry "
                             f"'{name}': recurrence rule '{entry.get('rrule')}' cannot be read "
                             f"({err})", "write an RFC 5545 rule, e.g. FREQ=MONTHLY;INTERVAL=3")


def _check_phrase(cat: Catalog, ph) -> None:
    if "match" in ph:
        _check_regex(cat, ph, "match")
    if "prefer" in ph and not ph.get("avoid"):
        cat.problems.add(ph.path, ph.line_of("prefer"), "`prefer` on a phrase that is "
                         "not marked `avoid: true`", "add `avoid: true` or drop `prefer`")


# Checks of a kind beyond what its declaration gives every kind (references, vocabulary,
# schema, a page's file name): the rules of its own content.
KIND_CHECKS = {
    "obligation": (_check_obligation,),
    "template": (_check_template, _check_worked_example),
    "example": (_check_example,),
    "phrase": (_check_phrase,),
}


def _check_snippet_files(cat: Catalog) -> None:
    """A snippet may include others: the same rules hold for its includes."""
    folder = cat.docs_dir / "snippets"
    for file in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        if file.is_symlink() or not file.is_file():
            continue
        rel = file.relative_to(cat.root).as_posix()
        try:
            body = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue                   # reported by the lints that read snippets
        page = Page(rel, rel, None, body, 1)
        for lineno, name in security.snippet_names(body.split("\n"), 1):
            security.check_snippet(cat, page, lineno, name)


def check_references(cat: Catalog) -> None:
    """Run every cross-reference check, adding to ``cat.problems``."""
    security.check_docs_files(cat)
    _check_snippet_files(cat)
    if not cat.vocab:                  # already a problem: lint, but check no references
        check_links(cat)
        lint_catalog(cat, reference_hashes(cat.root))
        return
    _check_calendar(cat)
    _check_settings(cat)
    for kind in cat.kinds:
        own = KIND_CHECKS.get(kind.name, ())
        for record in cat.records[kind.store].values():
            check_declared(cat, record, kind)
            if kind.page:
                _check_page_key(cat, record, kind)
            for check in own:
                check(cat, record)
    _check_slot_usage(cat)
    check_unfinished(cat)
    check_links(cat)
    lint_catalog(cat, reference_hashes(cat.root))
