"""In Chromium, the decoration company's event day: the manager starts the event from the
built-in template's plan and sets the offers, stocks and seals the golden-egg pool; at a
phone-sized desk branch staff register and check in guests, sign three customers from one
community and let each smash an egg; the dashboard shows it all; after the event the seed
is revealed and the public page verifies every draw."""

import datetime

import pytest
from django.utils import timezone

from campaigns.plans import services as plan_services
from campaigns.roles import Role
from tests.browser_support import sign_in
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
CUSTOMERS = (("13912340001", "王女士"), ("13912340002", "李先生"), ("13912340003", "张女士"))


@pytest.fixture
def decor(transactional_db):
    org = OrganizationFactory(slug="decor", name="力天装饰", default_language="en")
    manager = MembershipFactory(organization=org, user__username="manager", role=Role.MANAGER)
    MembershipFactory(organization=org, user__username="staff", role=Role.BRANCH_STAFF)
    plan = plan_services.plan_create(
        organization=org, actor=manager.user, title="新春装修节", template_key="decoration_event"
    )
    return org, plan


def test_the_decoration_event_day_in_the_browser(page, browser, live_server, decor):
    org, plan = decor
    base = live_server.url
    today = timezone.localdate(timezone=org.zoneinfo)

    # The manager starts the event from the plan and sets the offers.
    sign_in(page, base, "manager", "decor")
    page.goto(f"{base}/decor/events/")
    form = page.get_by_test_id("event-start")
    form.locator("[name=plan]").select_option(str(plan.pk))
    form.locator("[name=date]").fill(today.isoformat())
    form.locator("[name=venue]").fill("会展中心")
    form.locator("[name=target_attendance]").fill("300")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/decor/events/*/")
    event_url = page.url
    page.goto(event_url + "settings/")
    settings = page.get_by_test_id("event-settings")
    settings.locator("[name=ends_at]").fill("23:59")
    settings.locator("[name=card_price]").fill("99")
    settings.locator("[name=discount_zhe]").fill("9.5折")
    settings.locator("[name=group_voucher_value]").fill("500")
    settings.locator("button[type=submit]").click()
    page.wait_for_url(event_url)
    assert "9.5折 (5 % off)" in page.content()

    # ... stocks the golden-egg pool and seals it: the hash is on the event page.
    page.get_by_role("link", name="金蛋").first.click()
    pool_url = page.url
    for name, stock in (("电饭煲", "10"), ("保温杯", "20")):
        prize = page.get_by_test_id("prize-form")
        prize.locator("[name=name]").fill(name)
        prize.locator("[name=stock]").fill(stock)
        prize.locator("button[type=submit]").click()
        page.wait_for_url(pool_url)
    page.get_by_test_id("seal").click()
    seal_hash = page.get_by_test_id("seal-hash").inner_text().strip()
    assert len(seal_hash) == 64
    page.goto(event_url)
    assert seal_hash in page.content()

    # At the desk, on a phone: register, check in, sign, smash an egg.
    desk = browser.new_context(viewport=PHONE)
    phone = desk.new_page()
    sign_in(phone, base, "staff", "decor")
    for mobile, name in CUSTOMERS:
        phone.goto(event_url + "guests/new/")
        guest_form = phone.get_by_test_id("guest-form")
        guest_form.locator("[name=mobile]").fill(mobile)
        guest_form.locator("[name=name]").fill(name)
        guest_form.locator("[name=community]").fill("阳光花园")
        guest_form.locator("button[type=submit]").click()
        phone.wait_for_url("**/guests/*/")
        guest_url = phone.url
        phone.goto(event_url + "desk/")
        phone.locator("[name=mobile]").fill(mobile)
        phone.locator("[name=mobile]").press("Enter")
        phone.get_by_test_id("check-in-result").filter(has_text="Checked in.").wait_for()
        phone.goto(guest_url)
        phone.get_by_test_id("sign-link").click()
        signing = phone.get_by_test_id("signing-form")
        signing.locator("[name=contract_total]").fill("100000")
        signing.locator("[name=designer]").fill("周设计师")
        signing.locator("button[type=submit]").click()
        phone.wait_for_url("**/signings/*/")
        phone.goto(pool_url + "draw/")
        phone.get_by_test_id("draw-form").locator("[name=mobile]").fill(mobile)
        phone.get_by_test_id("draw-form").locator("button[type=submit]").click()
        phone.get_by_test_id("draw-result").wait_for()
    phone.goto(event_url + "desk/")
    assert phone.get_by_test_id("checked-in").inner_text() == "3"
    # the third of one community made the group: everyone's voucher shows in the calculation
    phone.goto(event_url + "signings/")
    phone.get_by_role("link", name="王女士").click()
    calculation = phone.get_by_test_id("calculation").inner_text()
    assert "Group-purchase voucher" in calculation and "94500.00" in calculation
    desk.close()

    # The dashboard shows it all.
    page.goto(event_url + "dashboard/")
    assert page.get_by_test_id("signings").inner_text() == "3"
    assert page.get_by_test_id("leads").inner_text() == "3"
    assert page.get_by_test_id("checked-in").inner_text() == "3"
    assert "300,000.00" in page.get_by_test_id("contracts-total").inner_text()

    # After the event: reveal the seed; the public page verifies every draw, signed out.
    yesterday = today - datetime.timedelta(days=1)
    page.goto(event_url + "settings/")
    settings = page.get_by_test_id("event-settings")
    settings.locator("[name=date]").fill(yesterday.isoformat())
    settings.locator("[name=last_day]").fill(yesterday.isoformat())
    settings.locator("button[type=submit]").click()
    page.wait_for_url(event_url)
    page.goto(pool_url)
    page.get_by_test_id("reveal").click()
    page.get_by_test_id("verdict").wait_for()
    verify_url = page.get_by_test_id("verify-link").get_attribute("href")
    public = browser.new_context(viewport=PHONE).new_page()
    public.goto(verify_url if verify_url.startswith("http") else base + verify_url)
    assert "All 3 draws verified" in public.get_by_test_id("verdict").inner_text()
    assert public.get_by_test_id("seal-hash").inner_text().strip() == seal_hash
