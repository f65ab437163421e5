"""The evaluation every 4 days: stored snapshots and their comparison."""

from datetime import date
from decimal import Decimal

import pytest

from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests import rules, selectors, services
from contests.models import EvaluationSnapshot, Policy

pytestmark = pytest.mark.django_db


def test_evaluation_days_of_the_seed_contest():
    assert rules.evaluation_days(date(2005, 10, 10), date(2005, 10, 25)) == [
        date(2005, 10, 13), date(2005, 10, 17), date(2005, 10, 21), date(2005, 10, 25)]
    assert rules.evaluation_days(date(2026, 1, 1), date(2026, 1, 2)) == [date(2026, 1, 2)]


def test_snapshots_are_stored_once_and_compared(client, world):
    org, contest = world.a.org, world.a.contest
    with tenant_context(org):
        Policy.objects.create(organization=org, contest=contest, agent=world.a.agent,
                              number="P2", premium=Decimal("7000"), issued_on=date(2026, 1, 6),
                              card_number="K")
    first = services.snapshot_take(organization=org, contest=contest, day=date(2026, 1, 4))
    second = services.snapshot_take(organization=org, contest=contest, day=date(2026, 1, 8))
    assert (first.department_total, second.department_total) == (Decimal("3000"),
                                                                  Decimal("10000"))
    with tenant_context(org):  # later corrections do not rewrite a stored evaluation
        Policy.objects.filter(number="P2").update(premium=Decimal("1"))
    again = services.snapshot_take(organization=org, contest=contest, day=date(2026, 1, 8))
    assert (again.pk, again.department_total) == (second.pk, Decimal("10000"))
    comparison = selectors.compare_snapshots(first, second)
    assert comparison["department_change"] == Decimal("7000")
    assert [(r["key"], r["then"], r["now"], r["change"]) for r in comparison["agents"]] == [
        ("alpha-001", Decimal("3000"), Decimal("10000"), Decimal("7000"))]
    client.force_login(world.a.members[Role.BRANCH_STAFF].user)
    page = client.get(f"/alpha/contests/{contest.pk}/evaluations/?a=2026-01-04&b=2026-01-08")
    assert page.status_code == 200
    assert 'data-testid="department-change">+7,000' in page.content.decode()
    with tenant_context(org):
        # Every evaluation day already past (the whole January 2026 contest) is stored too.
        days = set(EvaluationSnapshot.objects.for_org(org).values_list("taken_on", flat=True))
    assert set(rules.evaluation_days(contest.period_start, contest.period_end)) <= days
