"""Readable by everyone: axe-core over every kind of page, and the workbench by keyboard.

axe-core is vendored for this test only (tests/vendor/axe-core); the site never loads it.
The context bypasses the site's CSP only so that the test can add axe to the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT

AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
FIXED_PAGES = ["", "templates/", "obligations/", "obligations/yigang-shuangze/", "checker/",
               "matrix/", "calendar/", "phrases/", "glossary/", "documents/"]
# Material's search dialog has no accessible name (its markup, not ours).
THEIRS = {("aria-dialog-name", ".md-search")}
RUN_AXE = """async () => {
  const r = await axe.run(document, {resultTypes: ["violations"]});
  return r.violations.map(v => ({id: v.id, impact: v.impact,
    targets: v.nodes.map(n => n.target.join(" ") + " — " + n.html.slice(0, 80))}));
}"""


def _pages() -> list[str]:
    templates = sorted(p.stem for p in (ROOT / "docs" / "templates").glob("*.md")
                       if p.stem != "index")
    return FIXED_PAGES + [f"templates/{t}/" for t in templates]


def _theirs(rule: str, target: str) -> bool:
    return any(rule == r and part in target for r, part in THEIRS)


@pytest.mark.browser
def test_every_kind_of_page_passes_axe(browser, site_url):
    """No critical finding anywhere; serious ones only from Material's search dialog:
    links told from text without colour, contrast of 4.5:1, every control named."""
    context = browser.new_context(bypass_csp=True, locale="zh-CN")
    page = context.new_page()
    found = []
    pages = _pages()
    assert len(pages) > len(FIXED_PAGES) + 10            # every template page is in
    for path in pages:
        page.goto(f"{site_url}/{path}")
        page.add_script_tag(path=str(AXE))
        for v in page.evaluate(RUN_AXE):
            if v["impact"] not in ("critical", "serious"):
                continue
            for target in v["targets"]:
                if not _theirs(v["id"], target):
                    found.append(f"/{path} {v['impact']} {v['id']}: {target}")
    context.close()
    assert found == [], f"{len(found)} finding(s):\n" + "\n".join(found[:60])


FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const label = e.labels && e.labels.length ? e.labels[0].textContent.trim() : "";
  return {tag: e.tagName, label: label,
          name: (e.getAttribute("aria-label") || e.textContent || "").trim()};
}"""
PROFILE = {"单位名称": "某局党组", "上级党委": "县委"}


def _tab_to(page, wanted, key="Tab", limit=400) -> dict:
    """Press ``key`` until the focused control satisfies ``wanted``; return it."""
    for _ in range(limit):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if focused and wanted(focused):
            return focused
    raise AssertionError(f"{key} never reached the control")


@pytest.mark.browser
def test_the_workbench_is_usable_by_keyboard_alone(browser, site_url):
    """With no mouse: tab to the unit profile and fill it, open an example and add it to
    the draft, then download the draft as Word (through the check before writing). Controls are found by their labels and
    names, so new buttons on the way do not break the walk."""
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site_url}/templates/bannian-zicha/")
    page.wait_for_selector(".kb-bench")
    for label, value in PROFILE.items():
        _tab_to(page, lambda f, label=label: f["tag"] == "INPUT" and f["label"] == label)
        page.keyboard.insert_text(value)
    slot = page.locator(".kb-slot[data-slot='单位名称']").first
    assert "某局党组" in slot.inner_text()
    _tab_to(page, lambda f: f["tag"] == "SUMMARY" and f["name"].startswith("示例段落"))
    page.keyboard.press("Enter")                                   # opens the examples
    button = _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["name"].startswith("把这段"))
    editor = page.locator(".kb-editor .kb-para")
    before = editor.count()
    page.keyboard.press("Enter")                                   # adds it to the draft
    assert editor.count() == before + 1, button
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and "Word" in f["name"], key="Shift+Tab")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
        # The check before writing lists what is unfinished (the draft is, here): its dialog
        # takes the focus, and the writer goes on from it by keyboard too.
        page.get_by_role("dialog", name="成稿前检查", exact=False).wait_for()
        _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["name"].startswith("仍然继续"))
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.endswith(".docx")
    context.close()
