"""Risk lists: below the minimum target, and no production in three months."""

from datetime import date
from decimal import Decimal

import pytest

from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests import selectors
from contests.models import Agent, Policy
from contests.rules import pace

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "since"),
    [
        (date(2005, 10, 25), date(2005, 8, 1)),
        (date(2026, 1, 31), date(2025, 11, 1)),
        (date(2026, 2, 10), date(2025, 12, 1)),
        (date(2026, 3, 1), date(2026, 1, 1)),
    ],
)
def test_three_month_window(day, since):
    assert pace.three_months_before(day) == since


def test_risk_lists(client, world):
    org = world.a.org
    with tenant_context(org):
        part_timer = Agent.objects.create(
            organization=org, code="alpha-002", name="兼职乙", team=world.a.team, full_time=False
        )
        Agent.objects.create(
            organization=org, code="alpha-003", name="离职丙", team=world.a.team, active=False
        )
        Policy.objects.create(
            organization=org,
            contest=world.a.contest,
            agent=part_timer,
            number="P2",
            premium=Decimal("3000"),
            issued_on=date(2026, 1, 5),
            card_number="K",
        )
        lists = selectors.risk_lists(world.a.contest)
    assert [(r["agent"].code, r["gap"]) for r in lists["below_minimum"]] == [
        ("alpha-001", Decimal("2000"))
    ]  # full-time 3,000 of 5,000; the part-timer made 3,000
    assert lists["no_production"] == []
    client.force_login(world.a.members[Role.MANAGER].user)
    page = client.get(f"/alpha/contests/{world.a.contest.pk}/risks/").content.decode()
    below = page.split('data-testid="below-minimum"')[1].split("</table>")[0]
    assert "alpha agent" in below and "2,000" in below and "兼职乙" not in below
    assert "离职丙" not in page  # inactive agents are not listed
