"""Entering policies: the rules of a valid entry, calendars from the stock, corrections
and voids kept in history, scope of branch staff — and nothing counted twice."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from campaigns.models import Membership
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests import selectors, services
from contests.models import Agent, Contest, Policy, PolicyEvent
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

SCIENTIFIC = "Write the amount in plain digits; scientific notation such as 1e10 is not accepted."
ABOVE_PREMIUM_BOUND = (
    "More than 1,000,000 yuan is not a plausible premium of one policy; check the zeros. If "
    "your organization really has such amounts, an admin can raise the limit on the amount "
    "limits page."
)


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def _record(world, who=Role.BRANCH_STAFF, **overrides):
    values = {
        "agent": world.a.agent,
        "number": "NEW-1",
        "premium": "5000",
        "issued_on": date(2026, 1, 5),
        "product": "鸿禧",
        "card_number": "K-1",
    }
    values.update(overrides)
    return services.policy_record(
        organization=world.a.org, membership=world.a.members[who], contest=world.a.contest, **values
    )


def _state(world):
    with tenant_context(world.a.org):
        contest = Contest.objects.get(pk=world.a.contest.pk)
        return (
            list(
                Policy.objects.for_org(world.a.org)
                .order_by("pk")
                .values_list("number", "premium", "voided", "calendar")
            ),
            contest.calendars_taken,
            PolicyEvent.objects.for_org(world.a.org).count(),
        )


def test_recording_counts_and_takes_a_calendar(world):
    policy = _record(world)
    with tenant_context(world.a.org):
        assert (policy.premium, policy.calendar, policy.entered_by_id) == (
            Decimal("5000"),
            True,
            world.a.members[Role.BRANCH_STAFF].user_id,
        )
        assert selectors.department_total(world.a.contest) == Decimal("8000")
        assert Contest.objects.get(pk=world.a.contest.pk).calendars_taken == 1
        event = PolicyEvent.objects.for_org(world.a.org).get(policy=policy)
    assert event.action == "recorded" and event.changes["premium"] == [None, "5000"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"premium": "0"}, "premium", "The amount must be more than zero."),
        ({"premium": "-100"}, "premium", "An amount cannot be negative."),
        ({"premium": "三千"}, "premium", "Enter an amount in yuan, e.g. 3000 or 3,000.50."),
        ({"premium": "1.005"}, "premium", "Enter at most two decimals (fen)."),
        ({"premium": "1e400"}, "premium", SCIENTIFIC),
        ({"premium": "9" * 40}, "premium", ABOVE_PREMIUM_BOUND),
        (
            {"issued_on": date(2026, 2, 1)},
            "issued_on",
            "Only policies issued during the contest (2026-01-01 – 2026-01-31) count.",
        ),
        (
            {"card_number": " "},
            "card_number",
            "Each periodic policy needs its attached card policy number.",
        ),
        (
            {"number": "alpha-P1"},
            "number",
            "Policy alpha-P1 is already entered: alpha agent (alpha-001), issued 2026-01-02.",
        ),
    ],
)
def test_bad_entries_are_refused_and_change_nothing(world, overrides, field, message):
    before = _state(world)
    with pytest.raises(ValidationError) as excinfo:
        _record(world, **overrides)
    assert excinfo.value.message_dict == {field: [message]}
    assert _state(world) == before


def test_branch_staff_cannot_enter_for_an_agent_outside_their_team(world):
    other_team = TeamFactory(organization=world.a.org, name="另一组")
    with tenant_context(world.a.org):
        outsider = Agent.objects.create(
            organization=world.a.org, code="X-9", name="外组业务员", team=other_team
        )
    before = _state(world)
    with pytest.raises(ValidationError) as excinfo:
        _record(world, agent=outsider)
    assert excinfo.value.message_dict == {"agent": ["This agent is not in your team or branch."]}
    assert _state(world) == before
    _record(world, who=Role.MANAGER, agent=outsider)  # managers have no scope


def test_stock_runs_out_and_void_returns_the_calendar(world):
    with tenant_context(world.a.org):
        Contest.objects.filter(pk=world.a.contest.pk).update(calendar_stock=1)
        world.a.contest.refresh_from_db()
    first = _record(world, number="N1")
    second = _record(world, number="N2")
    assert (first.calendar, second.calendar) == (True, False)
    services.policy_void(
        organization=world.a.org,
        membership=world.a.members[Role.BRANCH_STAFF],
        contest=world.a.contest,
        policy=first,
    )
    third = _record(world, number="N3")
    assert third.calendar is True
    with tenant_context(world.a.org):
        assert Contest.objects.get(pk=world.a.contest.pk).calendars_taken == 1
        assert selectors.department_total(world.a.contest) == Decimal("13000")


def test_correction_is_kept_in_history_and_only_for_own_entries(world):
    policy = _record(world)
    services.policy_correct(
        organization=world.a.org,
        membership=world.a.members[Role.BRANCH_STAFF],
        contest=world.a.contest,
        policy=policy,
        version=1,
        data={"premium": "6000"},
    )
    with tenant_context(world.a.org):
        event = PolicyEvent.objects.for_org(world.a.org).get(action="corrected")
        assert Policy.objects.get(pk=policy.pk).premium == Decimal("6000")
    assert event.changes == {"premium": ["5000.00", "6000"]}
    staff_two = MembershipFactory(
        organization=world.a.org, role=Role.BRANCH_STAFF, team=world.a.team
    )
    with pytest.raises(ValidationError) as excinfo:
        services.policy_void(
            organization=world.a.org, membership=staff_two, contest=world.a.contest, policy=policy
        )
    assert excinfo.value.messages == ["You can only correct or void your own entries."]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_entries_get_exactly_the_last_ten_calendars():
    org = OrganizationFactory()
    team = TeamFactory(organization=org)
    manager = MembershipFactory(organization=org, role=Role.MANAGER)
    from campaigns.plans.models import Plan

    with tenant_context(org):
        plan = Plan.objects.create(
            organization=org,
            kind="contest",
            title="竞赛",
            start_date=date(2005, 10, 10),
            end_date=date(2005, 10, 25),
        )
        contest = Contest.objects.create(
            organization=org,
            plan=plan,
            period_start=plan.start_date,
            period_end=plan.end_date,
            goal=Decimal("500000"),
            calendar_stock=110,
            calendars_taken=100,
        )
        agent = Agent.objects.create(organization=org, code="A1", name="甲", team=team)
        membership = Membership.objects.select_related("user").get(pk=manager.pk)
    barrier = threading.Barrier(50)
    errors = []

    def enter(i):
        try:
            barrier.wait(timeout=30)
            services.policy_record(
                organization=org,
                membership=membership,
                contest=contest,
                agent=agent,
                number=f"P{i:03d}",
                premium="1000",
                issued_on=date(2005, 10, 12),
                card_number=f"K{i}",
            )
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=enter, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    with tenant_context(org):
        assert Policy.objects.for_org(org).count() == 50
        assert Policy.objects.for_org(org).filter(calendar=True).count() == 10
        assert Contest.objects.get(pk=contest.pk).calendars_taken == 110
