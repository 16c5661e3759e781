"""The workbench's stored data in headless Chromium: keys scoped to the site's folder (earlier
unscoped keys moved once), stored data of another shape met with a message and a reset, and
the page's value rule the same as `kb fill`'s (data/rules.yml)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

TEMPLATE = "bannian-zicha"
SCOPE = "kb@/:"             # the test server publishes the site at its root


@pytest.fixture
def context(browser):
    ctx = browser.new_context(locale="zh-CN")
    yield ctx
    ctx.close()


def open_template(page, site_url):
    page.goto(f"{site_url}/templates/{TEMPLATE}/")
    page.wait_for_selector(".kb-bench")


def storage(page) -> dict:
    return page.evaluate("Object.fromEntries(Object.entries(localStorage))")


def test_unscoped_keys_move_to_the_site_scope_once(context, site_url):
    context.add_init_script("""if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('kb-profile', JSON.stringify({unit_type: '',
            values: {'单位名称': '某镇党委'}}));
    }""")
    page = context.new_page()
    open_template(page, site_url)
    assert page.input_value(".kb-input[data-slot='单位名称']") == "某镇党委"
    stored = storage(page)
    assert "kb-profile" not in stored
    assert json.loads(stored[SCOPE + "kb-profile"])["values"]["单位名称"] == "某镇党委"
    page.fill(".kb-input[data-slot='单位简称']", "镇党委")
    assert json.loads(storage(page)[SCOPE + "kb-profile"])["values"]["单位简称"] == "镇党委"
    assert not [k for k in storage(page) if not k.startswith(SCOPE)], "only scoped keys"


@pytest.mark.parametrize("key,value", [
    ("kb-profile", "5"), ("kb-profile", "[1, 2]"), ("kb-profile", "{not json"),
    (f"kb-draft:{TEMPLATE}", '{"sections": 3}'), (f"kb-values:{TEMPLATE}", '{"单位名称": 7}'),
])
def test_stored_data_of_another_shape_is_named_and_can_be_reset(context, site_url, key, value):
    context.add_init_script(f"""if (!sessionStorage.getItem('seeded')) {{
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem({json.dumps(SCOPE + key)}, {json.dumps(value)});
    }}""")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    open_template(page, site_url)
    note = page.locator(".kb-stored-bad")
    assert "格式不对" in note.inner_text() and not errors
    page.fill(".kb-input[data-slot='单位名称']", "某局党组")      # the workbench works on
    assert "某局党组" in page.locator(".kb-editor[data-section='biaoti']").inner_text()
    page.click(".kb-stored-bad .kb-reset")
    assert "已重置" in note.inner_text()
    page.reload()
    page.wait_for_selector(".kb-bench")
    assert page.locator(".kb-stored-bad").count() == 0


@pytest.mark.parametrize("slot,typed,error", [
    ("报告年度", "1945", "2000到2100"), ("报告年度", "２０２６", ""),
    ("成文日期", "2026-02-31", "真实存在"), ("成文日期", "2026.3.18", ""),
])
def test_the_form_applies_the_published_rules(context, site_url, slot, typed, error):
    page = context.new_page()
    open_template(page, site_url)
    field = page.locator(f".kb-input[data-slot='{slot}']")
    field.fill(typed)
    field.press("Tab")
    shown = page.locator(f"#kb-in-{slot}-err").inner_text()
    assert (error in shown) if error else shown == ""
    if slot == "成文日期" and not error:
        assert field.input_value() == "2026年3月18日", "the date is written as kb fill writes it"
