"""Every public page type, in both languages, at desktop and phone widths, in a real Chromium:
axe-core (from npm, tests/browser/package.json) finds no violation with its default rules
(WCAG 2.x A and AA and its best practices) at 1280 and 390 px, and the page never scrolls
sideways at 390 or 320 px."""

import pytest

from .conftest import CHECKS_JS, DESKTOP, NARROWEST, PHONE
from .site_pages import REQUIRED

pytestmark = pytest.mark.browser


def axe_violations(page, axe_path):
    page.add_script_tag(path=axe_path)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:4])
        for violation in result["violations"]
    ]


def sideways(page):
    page.add_script_tag(path=CHECKS_JS)
    return page.evaluate("quipuChecks.sidewaysOverflow()")


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_page_type_has_no_axe_violation_and_no_sideways_scrolling(
    kind, site_pages, open_page, axe_path
):
    page = open_page(DESKTOP)
    problems = []
    for path in sorted(site_pages[kind].values()):
        page.set_viewport_size(DESKTOP)
        page.goto(path)
        problems += [f"{path} at 1280 px: {v}" for v in axe_violations(page, axe_path)]
        page.set_viewport_size(PHONE)
        problems += [f"{path} at 390 px: {v}" for v in axe_violations(page, axe_path)]
        for viewport in (PHONE, NARROWEST):
            page.set_viewport_size(viewport)
            overflow = sideways(page)
            if overflow["scrollWidth"] > overflow["width"]:
                problems.append(
                    f"{path} at {viewport['width']} px scrolls sideways to "
                    f"{overflow['scrollWidth']} px: {overflow['culprits']}"
                )
    assert problems == [], "\n".join(problems)
