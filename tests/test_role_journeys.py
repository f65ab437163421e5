"""Each role's day in Chromium, on a phone (390 px) and a desktop (1366 px), from
sign-in: the home leads to the day's task in one tap, an invalid form keeps the page, and
no page the journey opens is wider than the screen."""

from datetime import timedelta

import pytest

from campaigns.home import organization_today
from campaigns.models import Invitation, Job
from campaigns.tenancy import tenant_context
from contests.models import Contest
from tests.browser_support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 768)}


@pytest.fixture(params=list(VIEWPORTS))
def screen(request, browser):
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=request.param == "phone"
    )
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.opened = []
    yield page
    context.close()
    assert refused == []


@pytest.fixture
def day(world):
    """The world, with its contest running today, a failed job, and no invitation that
    would send the franchisee to the organization chooser."""
    org = world.a.org
    today = organization_today(org)
    with tenant_context(org):
        Contest.objects.filter(pk=world.a.contest.pk).update(
            period_start=today - timedelta(days=5), period_end=today + timedelta(days=5)
        )
        Job.objects.create(organization=org, kind="plan.pdf", status=Job.Status.FAILED)
    with tenant_context(world.b.org):
        Invitation.objects.filter(pk=world.b.invitation.pk).delete()
    return world


def fits(page):
    """The page is no wider than the screen (tables scroll inside their box)."""
    page.wait_for_load_state("load")
    page.opened.append(page.url)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], (page.url, width)
    # no table column squeezed to one character per line
    squeezed = page.evaluate(SQUEEZED_CELLS)
    assert squeezed == [], (page.url, squeezed)


SQUEEZED_CELLS = """
[...document.querySelectorAll('th, td')].filter(cell => {
  const text = cell.innerText.trim();
  if (text.length < 2 || cell.offsetParent === null) return false;
  const style = getComputedStyle(cell);
  const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return room < 1.9 * parseFloat(style.fontSize);
}).map(cell => cell.innerText.trim().slice(0, 20))
"""


def page_is_whole(page):
    assert page.locator("header.topbar").count() == 1
    assert page.locator("nav.mainnav").count() == 1
    assert page.locator("main").count() == 1


def submit_invalid(page, scope, fill):
    for name, value in fill.items():
        scope.locator(f"[name={name}]").fill(value)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        scope.locator("button[type=submit]").last.click()
    assert answer.value.status == 400
    scope.locator(".field-error[role=alert], .errors[role=alert]").first.wait_for()
    page_is_whole(page)
    fits(page)


def test_the_managers_day(screen, live_server, day):
    page, base = screen, live_server.url
    sign_in(page, base, "alpha_manager", "alpha")
    fits(page)
    tasks = page.get_by_test_id("tasks-overdue")
    assert "alpha task" in tasks.inner_text()
    assert page.get_by_test_id("home-panel-contest_pace").is_visible()
    assert page.get_by_test_id("home-panel-failed_jobs").is_visible()
    # one tap: the overdue task's plan timeline
    tasks.get_by_role("link", name="alpha task").click()
    page.wait_for_url(f"{base}/alpha/plans/{day.a.plan.pk}/#part-tasks")
    assert page.locator("#part-tasks").is_visible()
    fits(page)
    # an invalid new task keeps the page
    page.get_by_test_id("add-tasks").click()
    page.locator("#new-tasks form").wait_for()
    submit_invalid(page, page.locator("#new-tasks"), {"title": ""})
    # the other things that need the manager today
    for url in (
        f"{base}/alpha/",
        f"{base}/alpha/contests/{day.a.contest.pk}/",
        f"{base}/alpha/jobs/",
        f"{base}/alpha/sms/",
        f"{base}/alpha/plans/{day.a.plan.pk}/history/",
        f"{base}/alpha/franchise/",
        f"{base}/alpha/bundles/report/",
        f"{base}/alpha/contests/{day.a.contest.pk}/import/",
        f"{base}/alpha/events/{day.a.events.event.pk}/dashboard/",
    ):
        page.goto(url)
        fits(page)


def test_branch_staffs_day(screen, live_server, day):
    page, base = screen, live_server.url
    sign_in(page, base, "alpha_branch_staff", "alpha")
    fits(page)
    assert page.get_by_test_id("home-my-total").inner_text() == "0"
    # one tap: today's entry for the contest
    page.get_by_test_id("home-go-entry").click()
    page.wait_for_url(f"{base}/alpha/contests/{day.a.contest.pk}/entry/")
    fits(page)
    panel = page.locator("#entry-panel")
    submit_invalid(page, panel, {"number": "", "premium": "1e10"})
    # a valid entry, then the home shows the day's total
    panel.locator("[name=agent]").select_option(str(day.a.agent.pk))
    panel.locator("[name=number]").fill("J-0001")
    panel.locator("[name=premium]").fill("3,000.50")
    panel.locator("[name=card_number]").fill("K1")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        panel.locator("button[type=submit]").last.click()
    assert answer.value.status == 200
    page.get_by_text("J-0001").first.wait_for()
    page.get_by_role("link", name="首页").first.click()
    page.wait_for_url(f"{base}/alpha/")
    assert page.get_by_test_id("home-my-total").inner_text() == "3,000.50"
    for url in (f"{base}/alpha/sms/", f"{base}/alpha/contests/{day.a.contest.pk}/"):
        page.goto(url)
        fits(page)


def test_the_franchisees_day(screen, live_server, day):
    page, base = screen, live_server.url
    sign_in(page, base, "alpha_franchisee", "alpha")
    fits(page)
    # one tap: the territory dashboard
    page.get_by_test_id("home-go-territory").click()
    territory = day.a.franchise.territory
    page.wait_for_url(f"{base}/alpha/franchise/territories/{territory.pk}/")
    fits(page)
    form = page.get_by_test_id("revenue-form")
    submit_invalid(page, form, {"month": "2026-02", "revenue": "-5"})
    assert page.locator("#revenue").count() == 1


def test_the_admins_settings(screen, live_server, day):
    page, base = screen, live_server.url
    sign_in(page, base, "alpha_admin", "alpha")
    fits(page)
    page.get_by_role("link", name="设置").click()
    page.wait_for_url(f"{base}/alpha/settings/")
    fits(page)
    amounts = page.get_by_test_id("settings-amounts")
    submit_invalid(page, amounts, {"premium": "1e10"})
    assert page.locator("#modules").count() == 1  # still the whole settings page
    page.goto(f"{base}/alpha/sms/")
    fits(page)
