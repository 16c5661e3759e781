"""What only a record's author can write: the instructions a `kb new` stub leaves in its
text (marked ``（待写）``) and the per-record quotas of data/quotas.yml (examples per duty,
sections and slots per template …).

Each is a "still to fill" problem (``fill=True``): a note while the record is a draft
(``status: draft``, see checks.loader.check_drafts), an error once it is published.
"""

from __future__ import annotations

from macros.model.catalog import Catalog
from macros.model.stubs import TO_WRITE
from macros.model.yamlsrc import LDict, LList

_FIX = "write what it asks for in place of the instruction, and delete the mark " + TO_WRITE


def _strings(node, holder=None, key=None):
    """``(holder, key, text)`` of every string in a record, nested lists and maps too."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, node, k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, node, i)
    elif isinstance(node, str) and holder is not None:
        yield holder, key, node


def _line(holder, key, text: str, at: int) -> int:
    if isinstance(holder, LDict):
        base = holder.value_line(key)
    elif isinstance(holder, LList):
        base = holder.line_of(key)
    else:
        base = 1
    return base + text.count("\n", 0, at)


def check_instructions(cat: Catalog) -> None:
    """A stub's instruction (``（待写）…``) left in a record's fields or page text."""
    for kind in cat.kinds:
        for record in cat.records[kind.store].values():
            for holder, key, text in _strings(record):
                at = text.find(TO_WRITE)
                if at >= 0:
                    cat.problems.add(record.path, _line(holder, key, text, at),
                                     f"'{key}' still holds the stub's instruction "
                                     f"{text[at:at + 30].strip()}…", _FIX, fill=True)
            page = getattr(record, "page", None)
            for offset, line in enumerate(page.body.split("\n") if page else ()):
                if TO_WRITE in line:
                    cat.problems.add(record.path, page.body_line + offset,
                                     f"the page text still holds the stub's instruction "
                                     f"{line[line.find(TO_WRITE):][:30].strip()}…", _FIX,
                                     fill=True)


def check_quotas(cat: Catalog) -> None:
    """Every duty and template holds what data/quotas.yml asks of one."""
    quotas = cat.settings.quotas or {}
    duty, tpl_quota = quotas.get("obligation", {}), quotas.get("template", {})
    examples = cat.backlinks("obligation", "example")
    for ob in cat.obligations.values():
        found = examples.get(ob["id"], [])
        line = ob.line_of("id")
        want = duty.get("examples", 0)
        if len(found) < want:
            cat.problems.add(ob.path, line, f"{len(found)} example paragraph(s) name this duty, "
                             f"fewer than {want}", "write them in data/examples/ "
                             "(kb new example), each listing this id under `obligations:`",
                             fill=True)
        units = {ex["unit_type"] for ex in found}
        want = duty.get("example_unit_types", 0)
        if found and len(units) < want:
            cat.problems.add(ob.path, line, f"the examples of this duty are of {len(units)} "
                             f"unit type(s), fewer than {want}",
                             "add an example of another unit_type", fill=True)
    for tpl in cat.templates.values():
        _check_template_quota(cat, tpl, tpl_quota)


def _check_template_quota(cat: Catalog, tpl, quota: dict) -> None:
    sections = tpl["sections"]
    for field, label in (("sections", "sections"), ("slots", "slots")):
        want = quota.get(field, 0)
        if len(tpl[field]) < want:
            cat.problems.add(tpl.path, tpl.line_of(field), f"{len(tpl[field])} {label}, "
                             f"fewer than {want}", f"declare the report's {label} "
                             "(see CONTRIBUTING.md, templates)", fill=True)
    share = quota.get("sections_with_duties")
    linked = sum(1 for s in sections if s.get("obligations"))
    if share is not None and sections and linked / len(sections) <= share:
        cat.problems.add(tpl.path, tpl.line_of("sections"), f"{linked} of {len(sections)} "
                         "sections list duties", "list under each section's `obligations:` "
                         f"the duties it evidences (more than {share:.0%} of sections)",
                         fill=True)
    want = quota.get("examples_per_section", 0)
    spared = quota.get("sections_without_examples", [])
    for sec in sections:
        if sec["level"] == 0 and sec["heading"] in spared:
            continue
        have = len(cat.examples_by_section.get((tpl["id"], sec["id"]), []))
        if have < want:
            cat.problems.add(tpl.path, sec.line_of("id"), f"section {sec['id']} has {have} "
                             f"example paragraph(s), fewer than {want}",
                             "write them in data/examples/ (kb new example) with this "
                             "template and section", fill=True)


def check_unfinished(cat: Catalog) -> None:
    """Every "still to fill" check of this module."""
    check_instructions(cat)
    check_quotas(cat)
