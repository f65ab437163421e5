"""A browser journey in real Chromium: sign in, land in the organization, switch language,
see the home page with its chart, on a desktop and on a phone; nothing leaves localhost."""

from urllib.parse import urlparse

import pytest

from campaigns.roles import Role
from tests.factories import PASSWORD, BranchFactory, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin(transactional_db):
    org = OrganizationFactory(slug="alpha", name="阿尔法营销")
    BranchFactory(organization=org, name="城东门店")
    return MembershipFactory(organization=org, user__username="alpha_admin", role=Role.ADMIN)


@pytest.fixture
def requests_seen(page):
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def _sign_in(page, base_url):
    page.goto(f"{base_url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.get_by_label("用户名").fill("alpha_admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base_url}/alpha/")


def test_sign_in_switch_language_and_see_home(page, live_server, admin, requests_seen):
    _sign_in(page, live_server.url)
    assert page.locator("h1").inner_text() == "阿尔法营销"
    assert page.get_by_role("link", name="成员").is_visible()

    page.get_by_test_id("switch-language-en").click()  # one click
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.get_by_role("link", name="Members").is_visible()
    assert page.get_by_text("Organization at a glance").is_visible()
    assert page.get_by_test_id("count-members").inner_text() == "1"
    page.locator(".chart svg").first.wait_for()

    hosts = {urlparse(url).hostname for url in requests_seen}
    assert hosts <= {"localhost", "127.0.0.1"}, hosts


def test_home_fits_a_phone(browser, live_server, admin):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    _sign_in(page, live_server.url)
    page.locator(".chart svg").first.wait_for()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.goto(f"{live_server.url}/alpha/members/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    context.close()


def test_pages_carry_the_content_security_policy(page, live_server, admin):
    """script-src 'self': the home page (ECharts), a plan (the rich-text editor) and the
    API docs (Swagger UI) work under it; the fixture above fails on any refusal."""
    response = page.goto(f"{live_server.url}/accounts/login/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    _sign_in(page, live_server.url)
    page.locator(".chart svg").first.wait_for()
    page.locator(".chart svg").first.hover()  # the tooltip draws its own markup
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Campaigns API" in page.locator(".swagger-ui .info .title").inner_text()
