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
