"""Browser tests of the content pages: tooltips, cross links, fill-in, copy, Word."""

from __future__ import annotations

import io
import re

import docx
import pytest

from macros.model.text import unfold

pytestmark = pytest.mark.browser

TEMPLATE = "niandu-qingkuang-baogao"
SECTION = "zuzhi-lingdao"
HAN = re.compile(r"[\u4e00-\u9fff]")
NO_CLIPBOARD = "Object.defineProperty(navigator, 'clipboard', {value: undefined});"


def expected_section_text(catalog, section_id, values):
    tpl = next(t for t in catalog["templates"] if t["id"] == TEMPLATE)
    sec = next(s for s in tpl["sections"] if s["id"] == section_id)

    def fill(text):
        return re.sub(r"【([^【】\n]{1,30})】", lambda m: values.get(m.group(1), m.group(0)), text)

    lines = [fill(sec["heading"])] if sec["level"] >= 1 else []
    lines += [fill(unfold(p)) for p in sec["skeleton"].split("\n\n") if p.strip()]
    return "\n".join(lines)


def test_glossary_tooltip_on_a_term_inside_a_chinese_sentence(page, site_url):
    page.goto(site_url + "/obligations/zhijie-zerenren/")
    found = page.evaluate("""() => {
        for (const a of document.querySelectorAll('article p abbr[title]')) {
            const p = a.parentElement.textContent, i = p.indexOf(a.textContent);
            if (i > 0 && /[\\u4e00-\\u9fff]/.test(p[i - 1]) &&
                /[\\u4e00-\\u9fff]/.test(p[i + a.textContent.length] || '')) {
                a.id = 'kb-test-abbr'; return [a.textContent, p];
            }
        }
        return null;
    }""")
    assert found, "a glossary term is marked inside Chinese running text"
    term, _ = found
    page.hover("#kb-test-abbr")
    tip = page.locator(".md-tooltip2, .md-tooltip").filter(has_text=HAN).first
    tip.wait_for(state="visible", timeout=5000)
    assert tip.inner_text().strip()


def test_template_section_links_to_obligation_and_back_to_an_example(page, site_url):
    page.goto(f"{site_url}/templates/{TEMPLATE}/")
    link = page.locator(f"#{SECTION} ~ p:has-text('应体现的责任') a").first
    title = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/obligations/[a-z-]+/$"))
    assert page.locator("h1").inner_text() == title
    example = page.locator("#examples ~ .kb-example").first
    assert len(HAN.findall(example.inner_text())) >= 60
    back = page.locator("#examples ~ .kb-example + .kb-meta a[href*='/templates/']").first
    back.click()
    page.wait_for_url(re.compile(r"/templates/[a-z-]+/#[a-z-]+$"))
    anchor = page.url.rsplit("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_filling_a_slot_updates_every_occurrence_and_survives_reload(page, site_url):
    page.goto(f"{site_url}/templates/{TEMPLATE}/")
    slots = page.locator(".kb-editor .kb-slot[data-slot='单位简称']")
    assert slots.count() >= 3
    page.fill(".kb-input[data-slot='单位简称']", "县交通运输局党组")
    assert slots.all_inner_texts() == ["县交通运输局党组"] * slots.count()
    page.reload()
    assert page.input_value(".kb-input[data-slot='单位简称']") == "县交通运输局党组"
    assert set(slots.all_inner_texts()) == {"县交通运输局党组"}
    page.fill(".kb-input[data-slot='单位简称']", "")
    assert set(slots.all_inner_texts()) == {"【单位简称】"}


@pytest.mark.parametrize("secure_api", [True, False], ids=["clipboard-api", "no-clipboard-api"])
def test_copy_section_puts_the_plain_text_on_the_clipboard(browser, site_url, catalog,
                                                           secure_api):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    if not secure_api:
        context.add_init_script(NO_CLIPBOARD)
    page = context.new_page()
    page.goto(f"{site_url}/templates/{TEMPLATE}/")
    page.fill(".kb-input[data-slot='单位简称']", "县交通运输局党组")
    page.click(f"button.kb-copy[data-section='{SECTION}']")
    page.wait_for_selector(".kb-status:has-text('已复制')")
    reader = browser.new_context(permissions=["clipboard-read", "clipboard-write"]).new_page()
    reader.goto(site_url + "/")
    copied = reader.evaluate("navigator.clipboard.readText()")
    assert copied == expected_section_text(catalog, SECTION, {"单位简称": "县交通运输局党组"})
    assert "复制" not in copied and "写作提示" not in copied
    reader.context.close()
    context.close()


def test_word_link_serves_a_document_python_docx_opens(page, site_url):
    page.goto(f"{site_url}/templates/{TEMPLATE}/")
    href = page.get_attribute(".kb-download a", "href")
    response = page.request.get(page.url + href)
    assert response.ok
    doc = docx.Document(io.BytesIO(response.body()))
    assert any("【单位名称】" in p.text for p in doc.paragraphs)
