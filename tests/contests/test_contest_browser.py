"""In Chromium: branch staff enter three policies on the entry page (htmx, keyboard), the
running totals follow as they type, and the progress page and leaderboard change."""

from datetime import date
from decimal import Decimal

import pytest

from campaigns.plans.models import Goal, Plan, Stage
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests.models import Agent, Contest
from tests.browser_support import sign_in
from tests.factories import MembershipFactory, OrganizationFactory, TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contest(transactional_db):
    org = OrganizationFactory(slug="alpha", name="寿险营销一部")
    team = TeamFactory(organization=org, name="一组")
    MembershipFactory(organization=org, user__username="staff", role=Role.BRANCH_STAFF, team=team)
    with tenant_context(org):
        plan = Plan.objects.create(
            organization=org,
            kind="contest",
            title="十月竞赛",
            start_date=date(2005, 10, 10),
            end_date=date(2005, 10, 25),
        )
        Goal.objects.create(
            organization=org, plan=plan, metric="保费", target_value=Decimal("500000")
        )
        Stage.objects.create(
            organization=org,
            plan=plan,
            name="第一阶段",
            start_date=date(2005, 10, 10),
            end_date=date(2005, 10, 25),
            cumulative_target=Decimal("500000"),
        )
        contest = Contest.objects.create(
            organization=org,
            plan=plan,
            period_start=plan.start_date,
            period_end=plan.end_date,
            goal=Decimal("500000"),
            calendar_stock=2,
        )
        Agent.objects.create(organization=org, code="A011", name="赵伟", team=team)
    return contest


def test_staff_enter_three_policies_and_the_boards_change(page, live_server, contest):
    base = live_server.url
    sign_in(page, base, "staff", "alpha")
    detail = f"{base}/alpha/contests/{contest.pk}/"
    page.goto(detail)
    assert page.get_by_test_id("department-total").inner_text() == "0"

    page.goto(f"{detail}entry/")
    entries = [
        ("P001", "12000", "12,000"),
        ("P002", "8000.50", "8,000.50"),
        ("P003", "3000", "3,000"),
    ]
    for number, premium, shown in entries:
        page.select_option("[name=agent]", label="赵伟 (A011)")
        page.locator("[name=number]").fill(number)
        page.locator("[name=premium]").press_sequentially(premium)
        # The running total follows the typing (with the premium being typed).
        page.get_by_test_id("entry-totals").filter(has_text=f"{shown} ").wait_for()
        page.locator("[name=issued_on]").fill("2005-10-12")
        page.locator("[name=card_number]").fill(f"K-{number}")
        page.locator("[name=card_number]").press("Enter")
        page.get_by_test_id("my-entries").filter(has_text=number).wait_for()
    assert page.get_by_test_id("entry-department-total").inner_text() == "23,000.50"

    page.goto(detail)
    assert page.get_by_test_id("department-total").inner_text() == "23,000.50"
    board = page.get_by_test_id("agent-board").inner_text()
    assert "赵伟" in board and "23,000.50" in board
    page.locator(".chart svg").first.wait_for()
    # Both charts are drawn: the cumulative premium and the teams against their fund tiers.
    page.locator("[data-chart=team-chart] svg").wait_for()
    assert page.locator(".chart svg").count() == 2

    # Correcting an entry from the agent's page: the entry's page keeps its history.
    page.get_by_test_id("agent-board").get_by_role("link", name="赵伟").click()
    page.get_by_role("link", name="P003").click()
    page.locator("[name=premium]").fill("3500")
    page.get_by_test_id("correct-policy").click()
    page.get_by_test_id("history").filter(has_text="3500").wait_for()
    assert page.get_by_test_id("premium").inner_text() == "3,500"
    page.goto(detail)
    assert page.get_by_test_id("department-total").inner_text() == "23,500.50"
