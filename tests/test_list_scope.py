"""Lists are scoped like details: a list answers only what the same user could open one by
one. Walked over every organization route for every role of organization A, after seeding
rows outside the branch staff member's team and branch and outside the franchisee's
territory (each carrying OUTSIDE, so a list that leaks them shows it).

- API lists: every item a list returns opens with 200 at `<list url><id>/` (where such a
  detail route exists), for the same user; for branch staff and the franchisee no list
  holds an OUTSIDE row.
- Pages: no page branch staff or the franchisee can open shows an OUTSIDE row.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import Resolver404, resolve

from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from tests.factories import BranchFactory, MembershipFactory, TeamFactory
from tests.urlwalk import org_routes, url_for

pytestmark = pytest.mark.django_db

OUTSIDE = "OUTSIDE-4e1d"
ROUTES = org_routes()
SCOPED = (Role.BRANCH_STAFF, Role.FRANCHISEE)


@pytest.fixture
def outsiders(world):
    """Rows of organization A that its branch staff member (scoped to A's team) and its
    franchisee (linked to A's territory) must not see: a policy of another branch's team,
    a registration, an SMS and a channel of that branch, another franchisee's territory
    and statement, and another employee's follow-up."""
    from contests.models import Agent, Policy
    from franchise.models import Agreement, Franchisee, RoyaltyStatement, Territory
    from promotions.events.models import Contact, FollowUp, Guest
    from promotions.models import BundleTier, Channel, Registration

    org = world.a.org
    manager = world.a.members[Role.MANAGER].user
    branch = BranchFactory(organization=org, name="second branch")
    team = TeamFactory(organization=org, name="second team", branch=branch)
    MembershipFactory(organization=org, role=Role.BRANCH_STAFF, team=team)
    with tenant_context(org):
        agent = Agent.objects.create(
            organization=org, code="alpha-900", name="second agent", team=team
        )
        Policy.objects.create(
            organization=org,
            contest=world.a.contest,
            agent=agent,
            number=f"{OUTSIDE}-P",
            premium=Decimal("1000"),
            issued_on=date(2026, 1, 2),
            card_number=f"{OUTSIDE}-C",
            entered_by=manager,
        )
        tier = BundleTier.objects.get(organization=org, members=10)
        Registration.objects.create(
            organization=org,
            form_number=f"{OUTSIDE}-form",
            tier=tier,
            branch=branch,
            initiator_phone="13900009999",
            signed_on=date(2026, 1, 2),
            entered_on=date(2026, 1, 2),
            entered_by=manager,
        )
        from campaigns.sms.models import SmsMessage

        SmsMessage.objects.create(
            organization=org,
            phone="13800009999",
            body=f"{OUTSIDE} sms",
            purpose="bundle.confirm",
            status="delivered",
            attempts=1,
            branch=branch,
        )
        Channel.objects.create(
            organization=org, name=f"{OUTSIDE} channel", kind="county", branch=branch
        )
        territory = Territory.objects.create(
            organization=org, name=f"{OUTSIDE} territory", status="signed"
        )
        franchisee = Franchisee.objects.create(organization=org, name=f"{OUTSIDE} franchisee")
        agreement = Agreement.objects.create(
            organization=org,
            territory=territory,
            franchisee=franchisee,
            model="B",
            start_date=date(2026, 1, 1),
            franchise_fee=Decimal("200000"),
            allotment_share=Decimal("30"),
            royalty_rate=Decimal("5"),
        )
        RoyaltyStatement.objects.create(
            organization=org,
            agreement=agreement,
            month=date(2026, 1, 1),
            status="issued",
            total=Decimal("5000"),
        )
        event = world.a.events.event
        # Every desk sees every guest; what an employee noted on their follow-up list is theirs.
        guest = Guest.objects.create(
            organization=org, event=event, mobile="13900003333", name="third lead"
        )
        followup = FollowUp.objects.create(
            organization=org, event=event, guest=guest, assignee=manager
        )
        Contact.objects.create(
            organization=org, followup=followup, outcome="reached", note=f"{OUTSIDE} note"
        )
    return world


def _items(body):
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        return body["results"]
    return None


def _detail_url(list_url, item):
    """`<list url><id>/` when that is a route of its own (a detail), else None."""
    if not isinstance(item, dict) or "id" not in item:
        return None
    url = f"{list_url}{item['id']}/"
    try:
        resolve(url)
    except Resolver404:
        return None
    return url


@pytest.mark.parametrize("role", list(Role))
def test_every_listed_item_opens_for_the_same_user(client, outsiders, role):
    client.force_login(outsiders.a.members[role].user)
    lists = opened = 0
    for route in ROUTES:
        if not route.api:
            continue
        url = url_for(route, outsiders.a)
        response = client.get(url, HTTP_ACCEPT="application/json")
        if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
            continue
        items = _items(response.json())
        if items is None:
            continue
        lists += 1
        if role in SCOPED:
            assert OUTSIDE not in response.content.decode(), f"{url} lists a row out of scope"
        for item in items:
            detail = _detail_url(url, item)
            if detail is None:
                continue
            opened += 1
            assert client.get(detail).status_code == 200, f"{url} lists {detail}, which is not 200"
    assert lists, "no list answered: the walk is broken"
    if role in (Role.MANAGER, Role.BRANCH_STAFF):
        assert opened, "no listed item has a detail: the walk is broken"


@pytest.mark.parametrize("role", SCOPED)
def test_pages_show_nothing_out_of_scope(client, outsiders, role):
    client.force_login(outsiders.a.members[role].user)
    pages = 0
    for route in ROUTES:
        if route.api:
            continue
        url = url_for(route, outsiders.a)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        assert OUTSIDE not in response.content.decode(), f"{url} shows a row out of scope"
    assert pages > 3


def test_the_outsiders_are_there_for_the_manager(client, outsiders):
    """The seeded rows do show where they may: the test above can fail."""
    client.force_login(outsiders.a.members[Role.MANAGER].user)
    contest = outsiders.a.contest
    body = client.get(f"/api/v1/alpha/contests/{contest.pk}/policies/").content.decode()
    assert f"{OUTSIDE}-P" in body
