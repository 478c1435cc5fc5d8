"""Journeys in a real browser: Debian's Chromium driven by Playwright against a live server.

Screenshots of each page type are saved under artifacts/screenshots/ (git-ignored).
"""

import csv
import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from articles.importing import archive_import

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"

pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
    reason="Chromium is not installed (apt-get install chromium); CI installs it",
)


@pytest.fixture
def browser_page(live_server, transactional_db, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    archive_import()
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base = live_server.url
        yield page
        context.close()
        browser.close()


def shot(page, name: str) -> None:
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_researcher_journey(browser_page):
    page = browser_page
    page.goto(page.base + "/")
    shot(page, "home")
    page.get_by_label("Search the articles").fill('"small business" OR lobsters')
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=*")
    shot(page, "search")
    assert "3 articles" in page.locator(".understood").inner_text()

    page.locator(".facet").filter(has_text="Year").get_by_role("link", name="2014").click()
    page.wait_for_url("**year=2014**")
    results = page.locator(".search-results > li")
    assert results.count() == 2

    results.first.get_by_role("link").first.click()
    page.wait_for_url("**/articles/**#hit-1")
    hit = page.locator("#hit-1")
    assert hit.inner_text().lower().startswith("lobster")
    assert hit.is_visible() and hit.evaluate("e => e.getBoundingClientRect().top") < 900
    shot(page, "article")

    page.locator(".body a.mention-person", has_text="Harper").first.click()
    page.wait_for_url("**/people/stephen-harper/")
    assert page.locator("figure.chart svg").count() == 1
    shot(page, "person")

    page.goto(page.base + "/facts/?unit=lobsters&sort=-value")
    rows = page.locator(".facts-table tbody tr")
    assert rows.count() == 3
    shot(page, "facts")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these 3 rows as CSV").click()
    with open(download.value.path(), encoding="utf-8") as exported:
        rows = list(csv.DictReader(io.StringIO(exported.read())))
    assert sorted(row["figure"] for row in rows) == [
        "20,000 lobsters",
        "200,000 Canadian lobster",
        "200,000 Canadian lobsters",
    ]


def test_reader_journey(browser_page):
    page = browser_page
    page.goto(page.base + "/")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Timeline").click()
    shot(page, "timeline")
    page.get_by_role("link", name="Gateway ’17").click()
    page.wait_for_url("**/events/gateway-17/")
    shot(page, "event")

    page.goto(page.base + "/archive/2014/")
    shot(page, "date-archive")
    page.get_by_role("link", name="November", exact=True).click()
    page.wait_for_url("**/archive/2014/11/")
    assert page.locator(".entry-article").count() == 2

    page.goto(page.base + "/initiatives/")
    page.get_by_role("link", name="Canadian Pavilion on Tmall Global").click()
    page.wait_for_url("**/initiatives/canadian-pavilion-on-tmall-global/")
    shot(page, "initiative")
    page.locator(".article-list a").first.click()
    page.wait_for_url("**/articles/alibaba-group-strikes-a-deal-with-the-canadian-government/")
    page.locator("a[rel=next]").click()
    page.wait_for_url(
        "**/articles/le-premier-ministre-gallant-rencontre-le-president-dalibaba-group/"
    )
    assert page.locator("html").get_attribute("lang") == "fr"
    page.locator("a[rel=prev]").click()
    page.wait_for_url("**/articles/alibaba-group-strikes-a-deal-with-the-canadian-government/")


def test_editor_journey(browser_page, django_user_model):
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    # A live-server test empties the database after it, the Editors group too: make it again
    # as its migrations do.
    for module, function in [
        ("0005_editors_group", "editors_create"),
        ("0007_review_and_reimport", "editors_grant"),
    ]:
        getattr(importlib.import_module(f"articles.migrations.{module}"), function)(apps, None)
    editor = django_user_model.objects.create_user("ed", password="pw-x7!long", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    page = browser_page
    page.goto(page.base + "/admin/login/")
    page.get_by_label("Username").fill("ed")
    page.get_by_label("Password").fill("pw-x7!long")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    # Correct a fact's value.
    page.goto(page.base + "/admin/articles/tradefact/?q=20%2C000+lobsters")
    page.get_by_role("link", name="20,000 lobsters", exact=True).click()
    page.get_by_label("Value:").fill("20001")
    shot(page, "admin-fact")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    # Give Jack Ma another alias.
    page.goto(page.base + "/admin/articles/person/?q=Jack+Ma")
    page.get_by_role("link", name="Jack Ma", exact=True).click()
    page.get_by_text("Add another Alias").click()
    page.locator("input[name^=aliases-][name$=-name]:visible").last.fill("Mayun")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    # The public pages and search show both at once.
    page.goto(page.base + "/facts/?kind=sales")
    assert "20,001 lobsters" in page.locator("main").inner_text()
    page.goto(page.base + "/")
    page.get_by_label("Search the articles").fill("Mayun")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=Mayun*")
    shot(page, "search-alias")
    assert page.locator(".entity-cards").get_by_role("link", name="Jack Ma").count() == 1
    # The alias finds what the name does: the five texts, all of which name Jack Ma.
    assert page.locator(".search-results > li").count() == 5

    # The history says who changed what.
    page.goto(page.base + "/admin/articles/tradefact/?q=20%2C000+lobsters")
    page.get_by_role("link", name="20,000 lobsters", exact=True).click()
    page.get_by_role("link", name="History").click()
    shot(page, "admin-history")
    history = page.locator("#content").inner_text()
    assert "ed" in history and "20001" in history


def test_search_and_filters_work_from_the_keyboard(browser_page):
    page = browser_page
    page.goto(page.base + "/search/")
    page.keyboard.press("Tab")  # the skip link first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.locator("#search-q").focus()
    page.keyboard.type("Alibaba")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Alibaba*")
    page.locator("#search-sort").focus()
    page.keyboard.press("ArrowDown")  # most relevant -> newest first
    page.locator("#search-q").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=-date**")
    dates = page.locator(".search-results time").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('datetime'))"
    )
    assert dates == sorted(dates, reverse=True)


A11Y_PAGES = [
    "/",
    "/articles/",
    "/articles/?year=2014",
    "/articles/le-premier-ministre-gallant-rencontre-le-president-dalibaba-group/",
    "/search/?q=lobsters",
    "/search/",
    "/people/",
    "/people/jack-ma/",
    "/organisations/alibaba-group/",
    "/places/new-brunswick/",
    "/initiatives/canadian-pavilion-on-tmall-global/",
    "/events/",
    "/events/gateway-17/",
    "/timeline/",
    "/archive/2014/",
    "/facts/",
    "/articles/?year=abc",
    "/admin/login/",
]


def serious_violations(page, allowed=()) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical") and v["id"] not in allowed
    ]


# Django's own autocomplete widget (select2) gives its combobox no accessible name; the
# labelled <select> it enhances stays in the page. Everything else must pass.
ADMIN_WIDGET_RULES = ("aria-input-field-name",)


def test_public_pages_have_no_serious_accessibility_violations(browser_page):
    page = browser_page
    found = {}
    for url in A11Y_PAGES:
        page.goto(page.base + url)
        violations = serious_violations(page)
        if violations:
            found[url] = violations
    assert found == {}, "\n".join(f"{u}: {v}" for u, v in found.items())


def test_admin_change_forms_have_no_serious_accessibility_violations(
    browser_page, django_user_model
):
    from articles.models import Person, TradeFact

    django_user_model.objects.create_superuser("boss", "b@example.com", "right-pw-x7!long")
    page = browser_page
    page.goto(page.base + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "right-pw-x7!long")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    found = {}
    for url in [
        f"/admin/articles/person/{Person.objects.get(slug='jack-ma').pk}/change/",
        f"/admin/articles/tradefact/{TradeFact.objects.first().pk}/change/",
        "/admin/articles/article/",
    ]:
        page.goto(page.base + url)
        shot(page, "admin-" + url.split("/")[3])
        violations = serious_violations(page, allowed=ADMIN_WIDGET_RULES)
        if violations:
            found[url] = violations
    assert found == {}, "\n".join(f"{u}: {v}" for u, v in found.items())


def test_admin_review_queue_and_article_form_fit_a_1366_px_screen(browser_page, django_user_model):
    """Issue 17.14: every review column is visible beside the filters at 1366 px, and the
    article form is a few screens, not 17,950 px."""
    from articles.models import Article

    django_user_model.objects.create_superuser("boss", "b@example.com", "right-pw-x7!long")
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(page.base + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "right-pw-x7!long")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(page.base + "/admin/articles/tradefact/")
    shot(page, "admin-review-queue")
    results = page.locator("#changelist .results")
    assert results.evaluate("r => r.scrollWidth <= r.clientWidth")
    assert page.locator("#result_list th.column-article").is_visible()
    article = Article.objects.get(source_name="004_0015f40dbfbe47ea.txt")
    page.goto(page.base + f"/admin/articles/article/{article.pk}/change/")
    shot(page, "admin-article-change")
    assert page.evaluate("document.documentElement.scrollHeight") < 4000
