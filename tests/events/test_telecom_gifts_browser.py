"""In Chromium on a phone (390 px): at Telecom Day's desks branch staff check a birthday ID
card and give the gift, ask a quiz question and spin the SVG wheel (it lands on the prize
the server drew), hand the prize over and issue a gift bag — each page without a
horizontal scroll, under the Content-Security-Policy."""

import math
import re

import pytest
from django.utils import translation

from campaigns.tenancy import tenant_context
from promotions.events import services
from promotions.events.models import GiftItem, Prize
from promotions.events.services import gift_stock
from tests.browser_support import sign_in

from .telecom_gifts_support import TelecomDesk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
RIGHT = {"电信日是哪一天?": "5月17日", "TD 是哪一代移动通信?": "3G"}


def no_horizontal_scroll(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, page.url


@pytest.fixture
def telecom(transactional_db):
    with translation.override("en"):
        tc = TelecomDesk()
        services.pool_save(  # every spin wins: the prize is handed over below
            organization=tc.org, event=tc.event, pool=tc.wheel.pool, name="幸运转盘"
        )
        tc.stock_wheel(("流量包", 5, 3), ("U盘", 2, 1))
        with tenant_context(tc.org):
            prizes = list(Prize.objects.filter(pool=tc.wheel.pool))
        for prize in prizes:
            item = gift_stock.gift_save(
                organization=tc.org,
                event=tc.event,
                name=f"转盘奖品 {prize.name}",
                kind=GiftItem.Kind.WHEEL_PRIZE,
                prize=prize,
            )
            gift_stock.gift_receive(organization=tc.org, item=item, quantity=prize.stock)
        bag = gift_stock.gift_save(
            organization=tc.org, event=tc.event, name="电信日大礼包", kind=GiftItem.Kind.GIFT_BAG
        )
        gift_stock.gift_receive(organization=tc.org, item=bag, quantity=3)
        tc.guest("13912340001", name="王女士")
    return tc, bag


def test_birthday_quiz_wheel_and_gift_on_a_phone(page, live_server, telecom):
    tc, bag = telecom
    page.set_viewport_size(PHONE)
    base = live_server.url
    sign_in(page, base, tc.staff.user.username, tc.org.slug)
    event_url = f"{base}/{tc.org.slug}/events/{tc.event.pk}/telecom/"
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])

    # The birthday gift: check the card, then give.
    number = tc.birthday_id(1982)
    page.goto(event_url + "birthday/")
    form = page.get_by_test_id("birthday-form")
    form.locator("[name=id_number]").fill(number)
    form.locator("[name=mobile]").fill("13912340001")
    form.locator("[name=desk]").fill("签到台 1")
    page.get_by_test_id("birthday-check").click()
    assert "born on the event's day" in page.get_by_test_id("birthday-eligible").inner_text()
    no_horizontal_scroll(page)
    page.get_by_test_id("birthday-form").locator("[name=id_number]").fill(number)
    page.get_by_test_id("birthday-give").click()
    given = page.get_by_test_id("birthday-given").inner_text()
    assert number[:6] + "********" + number[14:] in given and number not in page.content()
    page.get_by_test_id("birthday-form").locator("[name=id_number]").fill(number)
    page.get_by_test_id("birthday-give").click()
    assert "签到台 1" in page.locator(".field-error").first.inner_text()

    # The quiz, then the wheel.
    page.goto(event_url + f"wheels/{tc.wheel.pk}/")
    page.get_by_test_id("wheel-guest-form").locator("[name=mobile]").fill("13912340001")
    page.get_by_test_id("wheel-guest-form").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/spins/\d+/$"))
    question = page.get_by_test_id("quiz-question").inner_text().strip()
    page.get_by_role("button", name=RIGHT[question], exact=True).click()
    assert page.get_by_test_id("spin-earned").is_visible()
    no_horizontal_scroll(page)
    page.get_by_test_id("spin-button").click()
    page.wait_for_selector("svg.lucky-wheel[data-landed=true]", timeout=15000)
    prize = page.get_by_test_id("spin-result").locator(".draw-prize").inner_text().strip()
    assert prize in ("流量包", "U盘")
    land = float(page.get_by_test_id("wheel-svg").get_attribute("data-land"))
    turned = page.get_by_test_id("wheel-disc").evaluate(
        "d => new DOMMatrix(getComputedStyle(d).transform).a"
    )
    assert abs(turned - math.cos(math.radians(360 - land))) < 0.01  # at rest on the slice
    box = page.get_by_test_id("wheel-svg").bounding_box()
    assert 250 < box["width"] <= 390
    no_horizontal_scroll(page)
    page.get_by_test_id("hand-over").click()
    assert page.get_by_test_id("handed-over").is_visible()

    # A gift bag issued against the guest: one fewer left.
    page.goto(event_url + f"gifts/{bag.pk}/")
    issue = page.get_by_test_id("issue-form")
    issue.locator("[name=issue-mobile]").fill("13912340001")
    issue.locator("[name=issue-reason]").select_option("gift_bag")
    issue.locator("button[type=submit]").click()
    assert page.get_by_test_id("gift-left").inner_text().strip() == "2"
    no_horizontal_scroll(page)

    with tenant_context(tc.org):
        linked = GiftItem.objects.get(prize__name=prize)
        assert linked.issued == 1
