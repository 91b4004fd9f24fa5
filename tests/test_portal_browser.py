"""The public portal in headless Chromium: axe-core on every page type in normal and
elderly mode, a keyboard-only walk, and screenshots under var/screenshots/portal-*.png."""

import datetime as dt
from pathlib import Path
from urllib.parse import quote

import pytest

from fazhi.demo.services import load_demo_district
from fazhi.directory.models import Unit
from fazhi.disclosure import services as disclosure
from fazhi.disclosure.models import Article, Citation, LibraryEntry
from fazhi.portal.services import submit_disclosure_request
from fazhi.portal.tests.i18n import use_portal_catalog

SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(settings):
    """The demo district with documents, a withdrawn one, laws and a submitted request."""
    use_portal_catalog(settings)
    load_demo_district()
    district = Unit.objects.get(name="广州市白云区人民政府")
    office = Unit.objects.get(name="广州市白云区人民政府办公室")
    report = disclosure.publish_document(
        disclosure.create_document(
            tenant=district,
            issuer=district,
            title="广州市白云区人民政府2020年法治政府建设年度报告",
            category="法治政府",
            keywords="法治政府 年度报告",
            written_on=dt.date(2021, 1, 12),
            published_on=dt.date(2021, 1, 13),
            body="<p>2020年，区政府以习近平新时代中国特色社会主义思想为指导，"
            "全面推进法治政府建设。</p><p>一、2020年度主要工作成效</p>",
        )
    )
    old = disclosure.publish_document(
        disclosure.create_document(
            tenant=district,
            issuer=office,
            title="关于调整白云区政务服务时间的通知",
            category="政务服务",
            written_on=dt.date(2021, 3, 1),
            body="<p>旧的通知。</p>",
        )
    )
    disclosure.withdraw_document(old, reason="已被新的通知替代")
    law = LibraryEntry.objects.create(
        title="中华人民共和国政府信息公开条例",
        work_key="中华人民共和国政府信息公开条例",
        level="行政法规",
        issuer_name="国务院",
        published_on=dt.date(2019, 4, 3),
        effective_on=dt.date(2019, 5, 15),
    )
    Article.objects.create(
        entry=law,
        seq=1,
        number="第三十三条",
        anchor="第三十三条",
        chapter="第四章 依申请公开",
        text="行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。",
    )
    rule = LibraryEntry.objects.create(
        title="广东省政府信息公开工作规定",
        work_key="广东省政府信息公开工作规定",
        level="地方政府规章",
        issuer_name="广东省人民政府",
    )
    cited = Article.objects.create(
        entry=rule, seq=1, number="第一条", anchor="第一条",
        text="根据《中华人民共和国政府信息公开条例》第三十三条，制定本规定。",
    )  # fmt: skip
    Citation.objects.create(source=cited, target=law, target_anchor="第三十三条")
    case = submit_disclosure_request(
        office=office,
        applicant_kind="person",
        name="张三",
        code="11010519491231002X",
        phone="13800138000",
        contact="",
        content="白云区2023年度行政复议案件统计数据",
        delivery="online",
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return {"report": report, "withdrawn": old, "law": law, "case": case}


def page_types(site):
    report, withdrawn = site["report"], site["withdrawn"]
    return {
        "home": "/",
        "catalogue": "/catalogue/?category=" + quote("法治政府"),
        "document": f"/documents/{report.index_number}/",
        "document-print": f"/documents/{report.index_number}/?print=1",
        "tombstone": f"/documents/{withdrawn.index_number}/",
        "library": "/library/",
        "library-entry": f"/library/{site['law'].pk}/",
        "search": "/search/?q=" + quote("法治政府"),
        "search-empty": "/search/?q=",
        "guides": "/guides/",
        "guide": "/guides/disclosure_request/",
        "guide-large": "/guides/penalty_case/",
        "request": "/request/",
        "track": "/track/",
        "favorites": "/favorites/",
        "documents": "/documents/",
        "call": "/desk/call/",
        "call-enterprise": "/desk/call/enterprise/",
        "call-citizen": "/desk/call/citizen/",
        "call-status": "/desk/status/",
    }


def check(page, name, mode, failures):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    if results.violations_count:
        failures.append(f"{name} ({mode}):\n{results.generate_report()}")
    page.screenshot(path=SCREENSHOTS / f"portal-{name}-{mode}.png", full_page=True)


def visit_everything(page, site, mode, failures):
    for name, path in page_types(site).items():
        page.goto(page.base + path)
        check(page, name, mode, failures)
    # the request form with errors, then a submitted request and its tracking page
    page.goto(page.base + "/request/")
    page.locator("button[type=submit]", has_text="提交申请").click()
    page.wait_for_selector(".error-summary")
    check(page, "request-errors", mode, failures)
    page.goto(page.base + "/track/")
    page.locator("#id_number").fill(site["case"].number)
    page.locator("#id_code").fill(site["case"].tracking_code)
    page.locator("button[type=submit]", has_text="查询").click()
    page.wait_for_selector(".status")
    check(page, "track-status", mode, failures)


@pytest.mark.parametrize("mode", ["normal", "elderly"])
def test_every_public_page_type_has_no_axe_violations(page, site, mode):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    if mode == "elderly":
        page.goto(page.base + "/")
        page.locator("#toggle-elderly").click()
        page.wait_for_load_state()
        assert "mode-elderly" in page.locator("html").get_attribute("class")
    failures = []
    visit_everything(page, site, mode, failures)
    assert not failures, "\n".join(failures)
    assert dialogs == []  # no pop-ups, in either mode


def test_elderly_mode_has_large_type_spacing_and_targets(page, site):
    page.goto(page.base + "/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.locator("#toggle-elderly").click()
    page.wait_for_load_state()
    page.goto(page.base + f"/documents/{site['report'].index_number}/")
    metrics = page.evaluate(
        """() => {
          const body = getComputedStyle(document.querySelector('.doc-body p'));
          const targets = [...document.querySelectorAll(
            '.utility-links a, .site-nav a, .doc-tools a, button, input, select')]
            .filter(e => e.offsetParent !== null)
            .map(e => { const r = e.getBoundingClientRect();
                        return [e.textContent.trim() || e.id, r.width, r.height]; });
          return {font: parseFloat(body.fontSize), line: parseFloat(body.lineHeight),
                  base: parseFloat(getComputedStyle(document.body).fontSize), targets};
        }"""
    )
    assert metrics["base"] >= normal * 1.2
    assert metrics["line"] >= 1.3 * metrics["font"]
    small = [t for t in metrics["targets"] if t[1] < 44 or t[2] < 44]
    assert not small, small
    # remembered: a fresh page load keeps the mode
    page.goto(page.base + "/library/")
    assert "mode-elderly" in page.locator("html").get_attribute("class")


def test_keyboard_only_search_and_elderly_toggle(page, site):
    page.goto(page.base + "/")

    def tab_to(selector, limit=40):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(
                "s => document.activeElement && document.activeElement.matches(s)",
                selector,
            ):
                return
        raise AssertionError(f"Tab never reached {selector}")

    # the first Tab lands on the skip link, which is visible when focused
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    tab_to("#site-search-q")
    page.keyboard.type("法治政府")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "<mark>法治政府</mark>" in page.locator(".results").inner_html()
    page.screenshot(path=SCREENSHOTS / "portal-keyboard-search.png", full_page=True)

    page.goto(page.base + "/")
    tab_to("#toggle-elderly")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "mode-elderly" in page.locator("html").get_attribute("class")
    page.screenshot(path=SCREENSHOTS / "portal-keyboard-elderly.png", full_page=True)


def test_favourites_are_kept_in_the_browser(page, site):
    report = site["report"]
    page.goto(page.base + f"/documents/{report.index_number}/")
    button = page.locator("[data-fav]")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    page.goto(page.base + "/favorites/")
    assert report.title in page.locator("#favorites-list").inner_text()
    page.screenshot(path=SCREENSHOTS / "portal-favorites-filled.png", full_page=True)
