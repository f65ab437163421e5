"""In Chromium: branch staff register a 12-member network from the paper form (the tier
proposal follows the typing), answer for two members in the SMS outbox, and see the
members' statuses change."""

import pytest

from campaigns.roles import Role
from campaigns.sms.models import SmsMessage
from campaigns.tenancy import tenant_context
from tests.browser_support import sign_in
from tests.factories import BranchFactory, MembershipFactory, OrganizationFactory

from .conftest import member_list

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(transactional_db, eager):
    org = OrganizationFactory(slug="mobile", name="移动通信市分公司", default_language="en")
    branch = BranchFactory(organization=org, name="城区营业部")
    MembershipFactory(
        organization=org, user__username="staff", role=Role.BRANCH_STAFF, branch=branch
    )
    return org


def _question_to(org, phone):
    with tenant_context(org):
        return SmsMessage.objects.get(phone=phone, purpose="bundle.confirm").pk


def test_staff_register_12_members_answer_in_the_outbox_and_see_the_statuses(
    page, live_server, desk
):
    base = live_server.url
    sign_in(page, base, "staff", "mobile")

    page.goto(f"{base}/mobile/bundles/new/")
    page.locator("[name=form_number]").fill("QY-0012")
    page.locator("[name=initiator_phone]").fill("139 0000 0000")
    members = page.locator("[name=members]")
    for m in member_list(12):
        members.press_sequentially(f"{m['phone']} {m['short_number']}\n", delay=0)
    page.get_by_test_id("tier-preview").filter(has_text="12 members listed.").wait_for()
    assert "Proposed tier: 600 yuan (covers 20, 10 coupons)." in (
        page.get_by_test_id("tier-preview").inner_text()
    )
    page.locator("[data-testid=registration-form] button[type=submit]").click()
    page.wait_for_url("**/mobile/bundles/*/")
    detail = page.url
    rows = page.get_by_test_id("members").locator("tbody tr")
    assert rows.count() == 12
    assert page.get_by_test_id("members").inner_text().count("Awaiting confirmation") == 12

    page.goto(f"{base}/mobile/sms/")
    for phone, answer in (("13800000003", "是"), ("13800000007", "否")):
        pk = _question_to(desk, phone)
        page.get_by_test_id(f"answer-{pk}").fill(answer)
        page.get_by_test_id(f"send-answer-{pk}").click()
        page.wait_for_load_state()
        assert (
            page.locator(".messages")
            .inner_text()
            .startswith(f"Answer from {phone[:3]}****{phone[-4:]}:")
        )
    page.goto(detail)
    table = page.get_by_test_id("members")
    assert [
        table.locator(f".status-{s}").count() for s in ("confirmed", "declined", "awaiting")
    ] == [1, 1, 10]
    assert "Confirmed: to activate" in table.locator(".status-confirmed").inner_text()
    assert "13800000003" not in page.content()  # numbers are masked in lists


def test_the_bundle_pages_fit_a_phone(browser, live_server, desk):
    """375 px wide: the form and the lists scroll inside their tables, not the page."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, "staff", "mobile")
    for path in (
        "bundles/",
        "bundles/new/",
        "bundles/coupons/redeem/",
        "bundles/activation/",
        "sms/",
    ):
        page.goto(f"{base}/mobile/{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    context.close()
