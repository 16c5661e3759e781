"""Each page loads the site's scripts it uses, and no others (macros/site/page_scripts.py,
overrides/*.html): the workbench on template pages, the checker on the checker and review
pages, the browsing helpers where there is something to filter, a matrix or tag chips."""

from __future__ import annotations

import re

import pytest

from macros.site.page_scripts import BROWSE, SEARCH, WORKBENCH, page_scripts

OWN = re.compile(r'<script src="(?:\.\./)*(assets/(?!javascripts/)[^"]+\.js)"')


def scripts(site, page: str) -> list[str]:
    return OWN.findall((site / page / "index.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("page,expected", [
    ("templates/bannian-zicha", [SEARCH, *WORKBENCH, "assets/kb-browse.js"]),   # tag chips too
    ("phrases", [SEARCH, *BROWSE]),
    ("matrix", [SEARCH, *BROWSE]),
    ("checker", [SEARCH, "assets/kb-clipboard.js", "assets/checker-data.js",
                 "assets/checker.js"]),
    ("calendar", [SEARCH]),
    ("templates", [SEARCH]),
])
def test_a_page_loads_what_it_uses(built_site, page, expected):
    assert scripts(built_site, page) == expected


def test_the_review_desk_loads_the_checker_and_word_but_not_the_workbench(built_site):
    got = scripts(built_site, "review")
    assert {"assets/checker.js", "assets/kb-word.js", "assets/review.js"} <= set(got)
    assert "assets/kb.js" not in got and "assets/kb-editor.js" not in got
    assert got.index("assets/kb-draft.js") < got.index("assets/kb-word.js") < got.index(
        "assets/review.js")


def test_no_page_loads_a_script_twice_or_the_workbench_outside_templates(built_site):
    for file in built_site.rglob("index.html"):
        got = OWN.findall(file.read_text(encoding="utf-8"))
        assert len(got) == len(set(got)), file
        rel = file.relative_to(built_site).as_posix()
        if "assets/kb.js" in got:
            assert rel.startswith("templates/") and rel != "templates/index.html", rel


def test_the_choice_follows_the_content():
    assert page_scripts('<script type="application/json" id="kb-template-data">', {}) == \
        [SEARCH, *WORKBENCH]
    assert page_scripts('<div class="kb-browse" data-kind="term">', {}) == [SEARCH, *BROWSE]
    assert page_scripts("<p>正文</p>", {"tags": ["类别/会议"]}) == [SEARCH, *BROWSE]
    assert page_scripts("<p>正文</p>", {}) == [SEARCH], "every page has the search box"
