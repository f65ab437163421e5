"""In Chromium, Telecom Day at the door on a phone (390 px): branch staff add a walk-in and
check them in; the big screen (on another phone, refreshing by itself every 5 seconds)
shows the count move, with the walk-in under its source; neither page scrolls sideways."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.plans import services as plan_services
from campaigns.roles import Role
from promotions.events import services
from tests.browser_support import sign_in
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def telecom(transactional_db):
    org = OrganizationFactory(slug="telecom", name="电信分公司", default_language="en")
    manager = MembershipFactory(organization=org, user__username="manager", role=Role.MANAGER)
    MembershipFactory(organization=org, user__username="staff", role=Role.BRANCH_STAFF)
    plan = plan_services.plan_create(
        organization=org, actor=manager.user, title="电信日", template_key="telecom_day"
    )
    event = services.event_start(
        organization=org,
        plan=plan,
        date=timezone.localdate(timezone=org.zoneinfo),
        venue="兆康广场",
        target_attendance=8000,
    )
    services.event_update(organization=org, event=event, data={"ends_at": datetime.time(23, 59)})
    return org, event


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_walk_in_at_the_door_moves_the_big_screen(browser, live_server, telecom):
    org, event = telecom
    base = live_server.url
    event_url = f"{base}/telecom/events/{event.pk}/"

    screen_context = browser.new_context(viewport=PHONE)
    screen = screen_context.new_page()
    sign_in(screen, base, "manager", "telecom")
    screen.goto(event_url + "big-screen/")
    assert screen.get_by_test_id("big-count").inner_text() == "0"
    _no_sideways_scroll(screen)

    door_context = browser.new_context(viewport=PHONE)
    door = door_context.new_page()
    sign_in(door, base, "staff", "telecom")
    door.goto(event_url + "desk/")
    form = door.get_by_test_id("desk-form")
    form.locator("[name=mobile]").fill("13712345678")
    form.locator("[name=walk_in]").check()
    form.locator("button[type=submit]").click()
    result = door.get_by_test_id("check-in-result")
    result.wait_for()
    assert "Walk-in registered and checked in." in result.inner_text()
    _no_sideways_scroll(door)

    # The big screen refreshes by itself (htmx, every 5 s): no reload here.
    expect(screen.get_by_test_id("big-count")).to_have_text("1", timeout=15000)
    assert screen.get_by_test_id("big-walk-in").inner_text() == "1"
    _no_sideways_scroll(screen)
    door_context.close()
    screen_context.close()
