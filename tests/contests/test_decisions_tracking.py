"""Award choices (belt or two bowl sets; transfer or cash for items 4–5) and the tracking
register (who was tracked today)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests import services
from contests.models import AwardDecision, Policy, TrackingEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _policy(world, number, premium):
    with tenant_context(world.a.org):
        Policy.objects.create(
            organization=world.a.org,
            contest=world.a.contest,
            agent=world.a.agent,
            number=number,
            premium=Decimal(premium),
            issued_on=date(2026, 1, 3),
            card_number="K",
        )


def _decide(world, **kwargs):
    return services.award_decide(
        organization=world.a.org,
        membership=world.a.members[Role.BRANCH_STAFF],
        contest=world.a.contest,
        agent=world.a.agent,
        **kwargs,
    )


def test_belt_or_two_bowl_sets_is_recorded_once_reached(world):
    with pytest.raises(ValidationError) as excinfo:
        _decide(world, item=3, choice="belt")  # 3,000 so far: item 3 needs 5,000
    assert excinfo.value.message_dict == {"item": ["The agent has not reached this award."]}
    _policy(world, "P2", "2500")
    decision = _decide(world, item=3, choice="two_bowl_sets")
    assert (decision.item, decision.choice) == (3, "two_bowl_sets")
    _decide(world, item=3, choice="belt")  # changing one's mind updates, no second row
    with tenant_context(world.a.org):
        assert list(
            AwardDecision.objects.for_org(world.a.org).values_list("choice", flat=True)
        ) == ["belt"]


def test_transfer_needs_a_name_and_cash_an_amount(world):
    _policy(world, "P2", "40000")  # 43,000: item 5 (pending the department goal)
    with pytest.raises(ValidationError) as excinfo:
        _decide(world, item=5, choice="transfer")
    assert excinfo.value.message_dict == {"transfer_to": ["Name the adult who receives it."]}
    with pytest.raises(ValidationError):
        _decide(world, item=5, choice="cash", cash_amount=Decimal("0"))
    decision = _decide(world, item=5, choice="transfer", transfer_to="张三（配偶）")
    assert (decision.choice, decision.transfer_to, decision.cash_amount) == (
        "transfer",
        "张三（配偶）",
        None,
    )
    with pytest.raises(ValidationError) as excinfo:
        _decide(world, item=3, choice="cash", cash_amount=Decimal("100"))
    assert excinfo.value.message_dict == {"choice": ["This choice does not fit that award."]}


def test_tracking_register_and_who_was_not_tracked(client, world):
    staff = world.a.members[Role.BRANCH_STAFF]
    client.force_login(staff.user)
    client.cookies["django_language"] = "en"
    url = f"/alpha/contests/{world.a.contest.pk}/tracking/?day=2026-01-05"
    assert "1 person not tracked on this day" in client.get(url).content.decode()
    response = client.post(
        f"/alpha/contests/{world.a.contest.pk}/tracking/{world.a.agent.pk}/",
        {"day": "2026-01-05", "visits": "3", "attended_meeting": "on", "note": "陪访两户"},
    )
    assert response.status_code == 302
    with tenant_context(world.a.org):
        entry = TrackingEntry.objects.for_org(world.a.org).get()
    assert (entry.day, entry.visits, entry.attended_meeting, entry.note, entry.tracked_by_id) == (
        date(2026, 1, 5),
        3,
        True,
        "陪访两户",
        staff.user_id,
    )
    assert "Everyone was tracked on this day." in client.get(url).content.decode()
    bad = client.post(
        f"/alpha/contests/{world.a.contest.pk}/tracking/{world.a.agent.pk}/",
        {"day": "2026-01-05", "visits": "many"},
        follow=True,
    )
    assert "Enter the number of visits (0–100)." in bad.content.decode()
    with tenant_context(world.a.org):
        assert TrackingEntry.objects.for_org(world.a.org).get().visits == 3
