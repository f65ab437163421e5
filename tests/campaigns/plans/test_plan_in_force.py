"""The plan in force (docs/plans.md): the franchise board reads the plan explicitly in
force, never the most recently edited draft; the first approval of a kind puts its plan in
force; switching is a manager's explicit act, confirmed on its own page (or a POST to the
API); another organization's plan is 404; the migration chose one for existing data."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection

from campaigns.plans import selectors, services
from campaigns.plans.models import Plan, PlanEvent, Stage
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from franchise import selectors as franchise_selectors

pytestmark = pytest.mark.django_db

BOARD = "/alpha/franchise/"


def _in_force(org, kind="franchise"):
    with tenant_context(org):
        return list(
            Plan.objects.for_org(org).filter(kind=kind, in_force=True).values_list("pk", flat=True)
        )


def _board(client, world):
    client.force_login(world.a.members[Role.MANAGER].user)
    response = client.get(BOARD)
    assert response.status_code == 200
    return response.content.decode()


def _draft(world, title="新草稿"):
    plan = services.plan_create(
        organization=world.a.org,
        actor=world.a.members[Role.MANAGER].user,
        title=title,
        template_key="franchise",
    )
    with tenant_context(world.a.org):
        stage = Stage.objects.for_org(world.a.org).filter(plan=plan).order_by("position").first()
    services.part_update(  # the draft is the most recently edited franchise plan
        organization=world.a.org,
        actor=world.a.members[Role.MANAGER].user,
        plan=plan,
        slug="stages",
        item=stage,
        version=stage.version,
        data={"name": "草稿阶段"},
    )
    return plan


def test_a_new_draft_does_not_change_the_board(client, world):
    in_force = world.a.franchise.plan
    before = _board(client, world)
    assert "alpha franchise plan" in before
    draft = _draft(world)
    after = _board(client, world)
    assert "alpha franchise plan" in after
    assert "新草稿" not in after and "草稿阶段" not in after
    assert _in_force(world.a.org) == [in_force.pk]
    with tenant_context(world.a.org):
        summary, _phases = franchise_selectors.franchise_plan_phases(world.a.org)
        assert Plan.objects.for_org(world.a.org).get(pk=draft.pk).in_force is False
    assert summary.pk == in_force.pk


def test_switching_changes_the_board_only_after_confirmation(client, world):
    old = world.a.franchise.plan
    draft = _draft(world)
    client.force_login(world.a.members[Role.MANAGER].user)
    detail = client.get(f"/alpha/plans/{draft.pk}/").content.decode()
    confirm_url = f"/alpha/plans/{draft.pk}/in-force/"
    assert confirm_url in detail  # the plan page offers the switch
    page = client.get(confirm_url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "alpha franchise plan" in body and "新草稿" in body  # what is replaced, by what
    assert 'data-testid="confirm-in-force"' in body
    assert _in_force(world.a.org) == [old.pk]  # opening the confirmation changes nothing
    assert "草稿阶段" not in _board(client, world)

    response = client.post(confirm_url)
    assert response.status_code == 302 and response["Location"] == f"/alpha/plans/{draft.pk}/"
    assert _in_force(world.a.org) == [draft.pk]
    board = _board(client, world)
    assert "新草稿" in board and "草稿阶段" in board and "alpha franchise plan" not in board
    with tenant_context(world.a.org):
        actions = {
            (e.plan_id, e.action, e.label)
            for e in PlanEvent.objects.for_org(world.a.org).filter(action__contains="force")
        }
    assert actions == {
        (draft.pk, "in_force", "alpha franchise plan"),
        (old.pk, "out_of_force", "新草稿"),
    }


def test_the_plan_in_force_is_marked_and_not_offered_again(client, world):
    client.force_login(world.a.members[Role.MANAGER].user)
    url = f"/alpha/plans/{world.a.franchise.plan.pk}/"
    body = client.get(url).content.decode()
    assert 'data-testid="plan-in-force"' in body
    assert f"{url}in-force/" not in body
    page = client.get(f"{url}in-force/").content.decode()
    assert 'data-testid="in-force-already"' in page and "confirm-in-force" not in page


def test_the_first_approval_of_a_kind_puts_it_in_force_and_later_ones_do_not(world):
    org, actor = world.a.org, world.a.members[Role.MANAGER].user
    with tenant_context(org):
        Plan.objects.for_org(org).filter(kind="franchise").update(in_force=False)
    first, second = _draft(world, "第一版"), _draft(world, "第二版")
    services.plan_transition(organization=org, actor=actor, plan=first, target="approved")
    assert _in_force(org) == [first.pk]
    services.plan_transition(organization=org, actor=actor, plan=second, target="approved")
    assert _in_force(org) == [first.pk]  # an approval never takes over
    services.plan_transition(organization=org, actor=actor, plan=first, target="draft")
    assert _in_force(org) == [first.pk]  # nor does reopening drop it
    with tenant_context(org):
        assert selectors.plan_in_force(org, "franchise").pk == first.pk


def test_each_kind_has_its_own_plan_in_force(world):
    org, actor = world.a.org, world.a.members[Role.MANAGER].user
    services.plan_put_in_force(organization=org, actor=actor, plan=world.a.plan)  # a contest
    assert _in_force(org, world.a.plan.kind) == [world.a.plan.pk]
    assert _in_force(org) == [world.a.franchise.plan.pk]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.MANAGER])
def test_only_managers_may_switch(client, world, role):
    draft = _draft(world)
    client.force_login(world.a.members[role].user)
    url = f"/alpha/plans/{draft.pk}/in-force/"
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    api = client.post(f"/api/v1/alpha/plans/{draft.pk}/in-force/")
    assert api.status_code == 403
    assert _in_force(world.a.org) == [world.a.franchise.plan.pk]


def test_the_api_switches_with_one_explicit_call(client, world):
    draft = _draft(world)
    client.force_login(world.a.members[Role.MANAGER].user)
    listed = client.get("/api/v1/alpha/plans/").json()
    flags = {row["id"]: row["in_force"] for row in listed}
    assert flags[draft.pk] is False and flags[world.a.franchise.plan.pk] is True
    response = client.post(f"/api/v1/alpha/plans/{draft.pk}/in-force/")
    assert response.status_code == 200, response.content
    assert response.json()["in_force"] is True
    assert _in_force(world.a.org) == [draft.pk]


def test_another_organizations_plan_is_404_and_nothing_changes(client, world):
    theirs = world.b.franchise.plan
    with tenant_context(world.b.org):
        Plan.objects.for_org(world.b.org).filter(pk=theirs.pk).update(in_force=False)
    client.force_login(world.a.members[Role.MANAGER].user)
    for method in ("get", "post"):
        response = getattr(client, method)(f"/alpha/plans/{theirs.pk}/in-force/")
        assert response.status_code == 404
    # Their plan through our organization's URL, and our manager on their URL.
    assert client.post(f"/api/v1/alpha/plans/{theirs.pk}/in-force/").status_code == 404
    assert client.post(f"/bravo/plans/{theirs.pk}/in-force/").status_code == 404
    assert client.post(f"/api/v1/bravo/plans/{theirs.pk}/in-force/").status_code == 404
    assert _in_force(world.b.org) == []
    assert _in_force(world.a.org) == [world.a.franchise.plan.pk]


def test_the_migration_picks_the_approved_plan_else_the_one_the_board_showed(world):
    migration = importlib.import_module("campaigns.migrations.0019_plan_in_force")
    org, actor = world.a.org, world.a.members[Role.MANAGER].user
    approved = _draft(world, "已批准")
    services.plan_transition(organization=org, actor=actor, plan=approved, target="approved")
    latest_draft = _draft(world, "最新草稿")  # edited after the approved one
    b_latest = _draft_in(world.b, "B 草稿")
    for tenant in (world.a.org, world.b.org):
        with tenant_context(tenant):
            Plan.objects.for_org(tenant).update(in_force=False)

    migration.choose_in_force(django_apps, SimpleNamespace(connection=connection))

    assert _in_force(org) == [approved.pk]  # approved beats the newer draft
    assert latest_draft.pk not in _in_force(org)
    assert _in_force(org, "contest") == [world.a.plan.pk]  # the only contest plan
    assert _in_force(world.b.org) == [b_latest.pk]  # no approved one: the board's plan


def _draft_in(side, title):
    plan = services.plan_create(
        organization=side.org,
        actor=side.members[Role.MANAGER].user,
        title=title,
        template_key="franchise",
    )
    return plan
