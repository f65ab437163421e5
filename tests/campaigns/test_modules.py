"""Modules per organization (campaigns/modules.py): the kinds of plan an organization runs.

A module that is off has no pages and no API for anyone in the organization (404, as for
a page that does not exist), no navigation entry, no plan kind or template to start
from; switching it off deletes nothing. An organization without a choice runs them all.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse

from campaigns import modules, services
from campaigns.models import Organization, Plan
from campaigns.plans import selectors as plan_selectors
from campaigns.plans import services as plan_services
from campaigns.roles import Perm, Role
from campaigns.tenancy import tenant_context
from contests.models import Contest, Policy
from tests.factories import OrganizationFactory, api_token_for
from tests.urlwalk import org_routes, url_for

pytestmark = pytest.mark.django_db

ROUTES = org_routes()
EVERY_MODULE = ["franchise", "contest", "decoration_event", "telecom_day", "family_bundle"]


def _permission_of(url, method="GET"):
    func = resolve(url).func
    cls = getattr(func, "cls", None)
    return cls.permission_for(method) if cls else func.required_permission


def _choose(org, keys):
    Organization.objects.filter(pk=org.pk).update(modules=keys)
    org.refresh_from_db()


def _clients(world_org):
    """A signed-in page client and an API token client per role."""
    clients = {}
    for role, member in world_org.members.items():
        page = Client()
        page.force_login(member.user)
        api = Client(HTTP_AUTHORIZATION=f"Token {api_token_for(member.user)}")
        clients[role] = (page, api)
    return clients


def test_the_feature_apps_register_their_modules():
    assert [m.key for m in modules.all_modules()] == EVERY_MODULE
    owners = {m.key: set(m.permission_prefixes) for m in modules.all_modules()}
    assert owners == {
        "franchise": {"franchise"},
        "contest": {"contests"},
        "decoration_event": {"events"},
        "telecom_day": {"events"},
        "family_bundle": {"bundles"},
    }


def test_an_organization_without_a_choice_runs_every_module(world):
    made = services.organization_create(slug="gamma", name="Gamma")
    for org in (made, world.a.org):
        assert org.modules is None
        assert modules.enabled_keys(org) == set(EVERY_MODULE)
        for perm in ("contests.view", "franchise.view", "bundles.view", "events.view"):
            assert modules.permission_is_on(org, perm)


def test_permissions_of_no_module_are_always_on():
    org = OrganizationFactory()
    _choose(org, ["contest"])
    assert modules.permission_is_on(org, Perm.VIEW_PLANS)
    assert modules.permission_is_on(org, Perm.VIEW_SMS)
    assert modules.permission_is_on(org, Perm.MANAGE_SETTINGS)
    assert modules.permission_is_on(org, "contests.enter")
    assert not modules.permission_is_on(org, "franchise.view")
    assert not modules.permission_is_on(org, "bundles.channels_view")
    assert not modules.permission_is_on(org, "events.view")


@pytest.mark.parametrize(
    ("off", "prefix"),
    [
        (["contest"], "contests"),
        (["franchise"], "franchise"),
        (["family_bundle"], "bundles"),
        (["decoration_event", "telecom_day"], "events"),
    ],
    ids=["contests", "franchise", "bundles", "events"],
)
def test_every_route_of_a_module_that_is_off_answers_404_for_every_role(world, off, prefix):
    _choose(world.a.org, [key for key in EVERY_MODULE if key not in off])
    clients = _clients(world.a)
    walked = 0
    for route in ROUTES:
        url = url_for(route, world.a)
        if _permission_of(url).split(".")[0] != prefix:
            continue
        walked += 1
        for role, (page, api) in clients.items():
            client = api if route.api else page
            status = client.get(url).status_code
            if status == 405:  # a POST-only action
                status = client.post(url).status_code
            assert status == 404, (str(route), role, status)
    assert walked > 5


def test_the_events_pages_stay_while_one_kind_of_event_day_is_on(world, client):
    _choose(world.a.org, ["telecom_day"])
    client.force_login(world.a.members[Role.MANAGER].user)
    event_list = reverse("event_list", kwargs={"org_slug": "alpha"})
    # The world's event is a decoration event: kept, not shown, 404 by its link.
    decoration = reverse(
        "event_detail", kwargs={"org_slug": "alpha", "event_id": world.a.events.event.pk}
    )
    listed = client.get(event_list)
    assert listed.status_code == 200
    assert decoration not in listed.content.decode()
    assert client.get(decoration).status_code == 404
    assert client.get(reverse("contest_list", kwargs={"org_slug": "alpha"})).status_code == 404
    assert client.get(reverse("franchise_home", kwargs={"org_slug": "alpha"})).status_code == 404

    _choose(world.a.org, ["telecom_day", "decoration_event"])
    assert decoration in client.get(event_list).content.decode()
    assert client.get(decoration).status_code == 200
    # The other organization made no choice: its pages are all there.
    client.force_login(world.b.members[Role.MANAGER].user)
    assert client.get(reverse("contest_list", kwargs={"org_slug": "bravo"})).status_code == 200


def test_the_navigation_lists_only_the_modules_that_are_on(world, client):
    client.force_login(world.a.members[Role.MANAGER].user)
    entries = {
        name: reverse(name, kwargs={"org_slug": "alpha"})
        for name in ("contest_list", "franchise_home", "bundle_list", "event_list", "plan_list")
    }
    body = client.get("/alpha/").content.decode()
    assert all(f'href="{url}"' in body for url in entries.values())

    _choose(world.a.org, ["contest"])
    body = client.get("/alpha/").content.decode()
    shown = {name for name, url in entries.items() if f'href="{url}"' in body}
    assert shown == {"contest_list", "plan_list"}


def test_switching_a_module_off_deletes_nothing_and_on_again_shows_it(world, client):
    org = world.a.org
    with tenant_context(org):
        before = (Contest.objects.for_org(org).count(), Policy.objects.for_org(org).count())
    assert before[0] >= 1 and before[1] >= 1
    client.force_login(world.a.members[Role.MANAGER].user)
    detail = reverse(
        "contest_detail", kwargs={"org_slug": "alpha", "contest_id": world.a.contest.pk}
    )
    plan = reverse("plan_detail", kwargs={"org_slug": "alpha", "plan_id": world.a.plan.pk})

    services.organization_modules_set(organization=org, keys=["franchise"])
    assert client.get(detail).status_code == 404
    assert client.get(plan).status_code == 404  # the world's plan is a contest plan
    with tenant_context(org):
        assert (Contest.objects.for_org(org).count(), Policy.objects.for_org(org).count()) == before
        assert Plan.objects.for_org(org).filter(pk=world.a.plan.pk).exists()

    services.organization_modules_set(organization=org, keys=["franchise", "contest"])
    response = client.get(detail)
    assert response.status_code == 200
    assert world.a.plan.title in response.content.decode()
    assert client.get(plan).status_code == 200


def test_admin_chooses_the_modules_on_the_settings_page(world, client):
    url = reverse("org_settings", kwargs={"org_slug": "alpha"})
    client.force_login(world.a.members[Role.ADMIN].user)
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    for key in EVERY_MODULE:  # no choice made: every box is ticked
        assert f'value="{key}"' in body
    assert body.count("checked") == len(EVERY_MODULE)

    response = client.post(url, {"modules": ["decoration_event"]})
    assert response.status_code == 302
    world.a.org.refresh_from_db()
    assert world.a.org.modules == ["decoration_event"]
    body = client.get(url).content.decode()
    assert body.count("checked") == 1

    # Every module ticked again: back to "no choice" (modules added later are on too).
    assert client.post(url, {"modules": EVERY_MODULE}).status_code == 302
    world.a.org.refresh_from_db()
    assert world.a.org.modules is None


def test_the_settings_page_refuses_no_module_and_unknown_ones(world, client):
    _choose(world.a.org, ["contest"])
    url = reverse("org_settings", kwargs={"org_slug": "alpha"})
    client.force_login(world.a.members[Role.ADMIN].user)
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"modules": ["contest", "lottery"]}).status_code == 400
    world.a.org.refresh_from_db()
    assert world.a.org.modules == ["contest"]
    with pytest.raises(ValidationError):
        services.organization_modules_set(organization=world.a.org, keys=["lottery"])
    with pytest.raises(ValidationError):
        services.organization_modules_set(organization=world.a.org, keys=[])
    world.a.org.refresh_from_db()
    assert world.a.org.modules == ["contest"]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.BRANCH_STAFF, Role.FRANCHISEE])
def test_only_the_admin_opens_the_settings_page(world, client, role):
    url = reverse("org_settings", kwargs={"org_slug": "alpha"})
    client.force_login(world.a.members[role].user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"modules": ["contest"]}).status_code == 403
    world.a.org.refresh_from_db()
    assert world.a.org.modules is None


def test_another_organizations_admin_gets_404_on_the_settings_page(world, client):
    client.force_login(world.b.members[Role.ADMIN].user)
    url = reverse("org_settings", kwargs={"org_slug": "alpha"})
    assert client.post(url, {"modules": ["contest"]}).status_code == 404
    world.a.org.refresh_from_db()
    assert world.a.org.modules is None


def test_plans_offer_only_the_kinds_of_the_modules_that_are_on(world, client):
    org = world.a.org
    _choose(org, ["decoration_event"])
    assert [k for k, _label in plan_selectors.plan_kinds_available(org)] == ["decoration_event"]
    assert [t["key"] for t in plan_selectors.templates_available(org)] == ["decoration_event"]
    with tenant_context(org):
        kinds = set(plan_selectors.plans_of(org).values_list("kind", flat=True))
    assert "contest" not in kinds

    client.force_login(world.a.members[Role.MANAGER].user)
    body = client.get(reverse("plan_list", kwargs={"org_slug": "alpha"})).content.decode()
    assert 'value="template:decoration_event"' in body
    assert 'value="kind:decoration_event"' in body
    assert "template:contest" not in body and "kind:contest" not in body
    assert world.a.plan.title not in body  # the contest plan is kept, not shown

    with tenant_context(org):
        count = Plan.objects.for_org(org).count()
    new = reverse("plan_new", kwargs={"org_slug": "alpha"})
    assert client.post(new, {"title": "X", "source": "kind:contest"}).status_code == 400
    with pytest.raises(ValidationError):
        plan_services.plan_create(organization=org, actor=None, title="X", template_key="contest")
    with tenant_context(org):
        assert Plan.objects.for_org(org).count() == count


def test_the_api_answers_404_and_me_lists_the_modules(world):
    _choose(world.a.org, ["franchise", "family_bundle"])
    user = world.a.members[Role.MANAGER].user
    api = Client(HTTP_AUTHORIZATION=f"Token {api_token_for(user)}")
    me = api.get("/api/v1/alpha/me/")
    assert me.status_code == 200
    assert me.json()["organization"]["modules"] == ["franchise", "family_bundle"]
    assert api.get("/api/v1/alpha/contests/").status_code == 404
    with tenant_context(world.a.org):
        count = Plan.objects.for_org(world.a.org).count()
    created = api.post(
        "/api/v1/alpha/plans/",
        {"title": "X", "template": "contest"},
        content_type="application/json",
    )
    assert created.status_code == 400
    assert "kind" in created.json()
    with tenant_context(world.a.org):
        assert Plan.objects.for_org(world.a.org).count() == count


def test_the_demo_organizations_run_their_modules():
    call_command("seed_demo", stdout=io.StringIO())
    chosen = dict(Organization.objects.values_list("slug", "modules"))
    assert chosen == {
        "xiangjian-health": ["franchise"],
        "insurance-sales": ["contest"],
        "litian-decor": ["decoration_event"],
        "mobile-city": ["telecom_day", "family_bundle"],
    }
