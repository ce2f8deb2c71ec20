"""The tree page's filter boxes show their whole text in English too, on a laptop and on a phone."""

from __future__ import annotations

import pytest

from tests.browser.helpers import screenshot, sign_in

pytestmark = pytest.mark.browser

# For each select of the filter form: the width its widest option needs (text, padding, the arrow, borders)
# and the width it has. Measured with a span in the select's own font.
_WIDTHS = """
() => Array.from(document.querySelectorAll('#tree-filters select')).map((select) => {
  const style = getComputedStyle(select);
  const probe = document.createElement('span');
  probe.style.font = style.font;
  probe.style.whiteSpace = 'pre';
  probe.style.position = 'absolute';
  document.body.appendChild(probe);
  const text = Math.max(...Array.from(select.options).map((option) => {
    probe.textContent = option.text;
    return probe.getBoundingClientRect().width;
  }));
  probe.remove();
  const chrome = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth']
    .reduce((sum, name) => sum + parseFloat(style[name]), 0);
  return {name: select.name, needs: Math.ceil(text + chrome), has: Math.floor(select.getBoundingClientRect().width)};
})
"""


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_english_filter_selects_fit_their_options(page, live_site, width, height):
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_site.username, live_site.password)
    _switch_language(page, "en")  # saved on the account: switched back at the end for the other tests
    try:
        page.goto("/?sort=progress")
        screenshot(page, f"plan-tree-filters-en-{width}")
        cut = [box for box in page.evaluate(_WIDTHS) if box["has"] < box["needs"]]
        assert cut == []
        # Nothing sticks out of the page sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        _switch_language(page, "zh-CN")


def _switch_language(page, lang: str) -> None:
    if page.locator("html").get_attribute("lang") != lang:
        with page.expect_navigation():
            page.get_by_test_id("language-switch").get_by_role("button").click()
    assert page.locator("html").get_attribute("lang") == lang
