"""What the Chromium journeys share."""

from tests.factories import PASSWORD


def sign_in(page, base, username, org_slug):
    """Sign in on the (Chinese) sign-in page and land on the organization's home."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/{org_slug}/")
