"""In Chromium, under DEBUG (as `make run` serves): an invalid submission of every inline
htmx form shows the form with its errors in place and keeps the page around it — the
navigation, the styles, one document. (django-htmx's debug handler used to replace the
whole document with the bare 400 fragment.)"""

import pytest

from tests.browser_support import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTS = ["goals", "stages", "sections", "work-groups", "tasks", "budget-lines", "materials"]


@pytest.fixture
def debug(settings):
    """`make run`'s DEBUG=True (the test settings turn it off)."""
    settings.DEBUG = True


def _page_is_whole(page):
    """Still the page: one top bar, the navigation shown and styled, no nested document."""
    assert page.locator("header.topbar").count() == 1
    assert page.locator("nav.mainnav").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('header.topbar')).display") in (
        "block",
        "flex",
        "grid",
    )
    assert page.locator("main").count() == 1


def _submit_and_see_the_error(page, scope, fill=None):
    if fill:
        for name, value in fill.items():
            scope.locator(f"[name={name}]").fill(value)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        scope.locator("button[type=submit]").last.click()
    assert answer.value.status == 400
    scope.locator(".field-error[role=alert], .errors[role=alert]").first.wait_for()
    _page_is_whole(page)


def test_under_debug_the_htmx_script_is_ours_not_django_htmx_debug_handler(
    page, live_server, world, debug
):
    sign_in(page, live_server.url, "alpha_manager", "alpha")
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    assert any("/static/django_htmx/htmx-2.min.js" in s for s in scripts)
    assert any("/static/js/htmx-debug.js" in s for s in scripts)
    assert not any("django-htmx.js" in s for s in scripts)


def test_plan_forms_keep_the_page(page, live_server, world, debug):
    base = live_server.url
    plan = world.a.plan
    sign_in(page, base, "alpha_manager", "alpha")
    page.goto(f"{base}/alpha/plans/{plan.pk}/")
    _page_is_whole(page)

    # Each part's "add" form, sent empty.
    for slug in PARTS:
        page.get_by_test_id(f"add-{slug}").click()
        form = page.locator(f"#new-{slug} form")
        form.wait_for()
        _submit_and_see_the_error(page, page.locator(f"#new-{slug}"))

    # Editing a budget line with its amount cleared.
    line = page.locator("#list-budget-lines > li").first
    line.get_by_role("button", name="编辑").click()
    edit = page.locator("#list-budget-lines > li form").first
    edit.wait_for()
    _submit_and_see_the_error(page, page.locator("#list-budget-lines > li").first, {"amount": ""})

    # The plan's title and dates, with the title cleared.
    page.get_by_test_id("edit-plan").click()
    page.locator("#plan-header #id_title").wait_for()
    _submit_and_see_the_error(page, page.locator("#plan-header"), {"title": ""})


def test_policy_entry_keeps_the_page(page, live_server, world, debug):
    base = live_server.url
    sign_in(page, base, "alpha_branch_staff", "alpha")
    page.goto(f"{base}/alpha/contests/{world.a.contest.pk}/entry/")
    _submit_and_see_the_error(page, page.locator("#entry-panel"), {"number": "", "premium": "-5"})
    assert page.get_by_role("heading", name="录入保单").count() == 1


def test_revenue_keeps_the_page(page, live_server, world, debug):
    base = live_server.url
    # (The franchisee has an open invitation elsewhere: the sign-in lands on the hub.)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("alpha_franchisee")
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{base}/alpha/franchise/territories/{world.a.franchise.territory.pk}/")
    form = page.get_by_test_id("revenue-form")
    _submit_and_see_the_error(page, form, {"month": "2026-02", "revenue": "-5"})
    assert page.locator("#revenue").count() == 1


def test_event_desk_keeps_the_page(page, live_server, world, debug):
    base = live_server.url
    sign_in(page, base, "alpha_branch_staff", "alpha")
    page.goto(f"{base}/alpha/events/{world.a.events.event.pk}/desk/")
    _submit_and_see_the_error(page, page.get_by_test_id("desk-form"), {"mobile": "12345"})
    assert page.locator("#desk-panel").count() == 1


@pytest.mark.django_debug_page
def test_a_whole_error_page_under_debug_still_shows(page, live_server, world, debug):
    """What the debug handler is for: an htmx request that fails with a whole page (here
    a budget line deleted meanwhile: Django's 404 page) shows that page, as a normal load
    would."""
    from campaigns.plans.models import BudgetLine
    from campaigns.tenancy import tenant_context

    base = live_server.url
    sign_in(page, base, "alpha_manager", "alpha")
    page.goto(f"{base}/alpha/plans/{world.a.plan.pk}/")
    with tenant_context(world.a.org):
        BudgetLine.objects.filter(pk=world.a.parts["budget-lines"].pk).delete()
    with page.expect_response(lambda r: r.status == 404):
        page.locator("#list-budget-lines > li").first.get_by_role("button", name="编辑").click()
    page.get_by_text("Page not found").first.wait_for()
