"""One entry's page and API: its history (typed in or imported, then each correction and
void), corrections with the entry rules, a stale correction answered 409 with the typed
values kept, and who may change what (branch staff: their own entries in their scope)."""

from datetime import date
from decimal import Decimal

import pytest

from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests import selectors, services
from contests.models import Agent, Policy, PolicyEvent
from tests.factories import TeamFactory, api_token_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _url(world, policy, suffix=""):
    return f"/alpha/contests/{world.a.contest.pk}/policies/{policy.pk}/{suffix}"


def _form(policy, **changes):
    data = {
        "agent": policy.agent_id,
        "number": policy.number,
        "premium": str(policy.premium),
        "issued_on": policy.issued_on.isoformat(),
        "product": policy.product,
        "card_number": policy.card_number,
        "version": policy.version,
    }
    return data | changes


def _snapshot(world):
    with tenant_context(world.a.org):
        return (
            list(
                Policy.objects.for_org(world.a.org)
                .order_by("pk")
                .values_list("number", "premium", "issued_on", "voided", "version")
            ),
            PolicyEvent.objects.for_org(world.a.org).count(),
        )


def test_staff_correct_their_own_entry_and_the_history_shows_it(client, world):
    policy = world.a.policy  # entered by A's branch staff
    client.force_login(world.a.members[Role.BRANCH_STAFF].user)
    page = client.get(_url(world, policy))
    assert page.status_code == 200 and 'data-testid="correct-policy"' in page.content.decode()

    done = client.post(_url(world, policy), _form(policy, premium="3500"), follow=True)
    body = done.content.decode()
    assert done.status_code == 200
    assert f"Policy {policy.number} corrected." in body
    assert 'data-testid="premium">3,500' in body
    assert "Premium: 3000.00 → 3500" in body
    with tenant_context(world.a.org):
        policy.refresh_from_db()
    assert (policy.premium, policy.version) == (Decimal("3500"), 2)


def test_a_bad_correction_shows_the_reason_and_changes_nothing(client, world):
    before = _snapshot(world)
    client.force_login(world.a.members[Role.BRANCH_STAFF].user)
    response = client.post(
        _url(world, world.a.policy), _form(world.a.policy, premium="-5", issued_on="2027-01-01")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "An amount cannot be negative." in body
    assert "Only policies issued during the contest" in body
    assert _snapshot(world) == before


def test_a_stale_correction_is_409_and_keeps_what_was_typed(client, world):
    policy = world.a.policy
    stale = _form(policy, premium="4000")
    services.policy_correct(
        organization=world.a.org,
        membership=world.a.members[Role.MANAGER],
        contest=world.a.contest,
        policy=policy,
        version=1,
        data={"premium": "3300"},
    )
    before = _snapshot(world)
    client.force_login(world.a.members[Role.BRANCH_STAFF].user)
    response = client.post(_url(world, policy), stale)
    body = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="conflict"' in body
    assert 'data-testid="premium">3,300' in body  # the entry as it is now
    assert 'value="4000"' in body and 'name="version" value="2"' in body  # what was typed
    assert _snapshot(world) == before
    # Saving again applies the typed values on top of the current state.
    again = client.post(_url(world, policy), _form(policy, premium="4000", version=2))
    assert again.status_code == 302
    with tenant_context(world.a.org):
        assert Policy.objects.get(pk=policy.pk).premium == Decimal("4000")


def test_staff_see_but_cannot_change_someone_elses_entry(client, world):
    with tenant_context(world.a.org):
        Policy.objects.filter(pk=world.a.policy.pk).update(
            entered_by=world.a.members[Role.MANAGER].user
        )
    before = _snapshot(world)
    client.force_login(world.a.members[Role.BRANCH_STAFF].user)
    page = client.get(_url(world, world.a.policy))
    assert page.status_code == 200 and 'data-testid="correct-policy"' not in page.content.decode()
    refused = client.post(_url(world, world.a.policy), _form(world.a.policy, premium="1"))
    assert refused.status_code == 403
    assert "You can only correct or void your own entries." in refused.content.decode()
    assert _snapshot(world) == before


def test_a_policy_outside_the_staff_scope_is_404(client, world):
    other_team = TeamFactory(organization=world.a.org, name="另一组")
    with tenant_context(world.a.org):
        outsider = Agent.objects.create(
            organization=world.a.org, code="X-9", name="外组", team=other_team
        )
        policy = Policy.objects.create(
            organization=world.a.org,
            contest=world.a.contest,
            agent=outsider,
            number="X-P",
            premium=Decimal("1000"),
            issued_on=date(2026, 1, 3),
            card_number="K",
            entered_by=world.a.members[Role.BRANCH_STAFF].user,
        )
    client.force_login(world.a.members[Role.BRANCH_STAFF].user)
    assert client.get(_url(world, policy)).status_code == 404
    assert client.post(_url(world, policy), _form(policy, premium="1")).status_code == 404
    client.force_login(world.a.members[Role.MANAGER].user)
    assert client.get(_url(world, policy)).status_code == 200


def test_an_imported_policy_starts_its_history_at_the_file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    manager = world.a.members[Role.MANAGER]
    data = "工号,保单号,期交保费,承保日期,险种,卡单号\nalpha-001,I-1,2000,2026-01-04,鸿禧,K-9"
    batch = services.policies_import_preview(
        organization=world.a.org,
        membership=manager,
        contest=world.a.contest,
        upload=SimpleUploadedFile("十月导出.csv", data.encode()),
    )
    from campaigns import jobs as _jobs

    _jobs.job_run(organization_id=world.a.org.pk, job_id=batch.job_id)  # the dry run, as a worker
    with tenant_context(world.a.org):
        batch.refresh_from_db()
    services.policies_import_commit(
        organization=world.a.org, membership=manager, contest=world.a.contest, batch=batch
    )
    with tenant_context(world.a.org):
        policy = Policy.objects.get(number="I-1")
        services.policy_void(
            organization=world.a.org, membership=manager, contest=world.a.contest, policy=policy
        )
        history = [(e.action, e.actor_id, e.changes) for e in selectors.policy_history(policy)]
    assert history == [
        ("imported", manager.user_id, {"file": [None, "十月导出.csv"]}),
        ("voided", manager.user_id, {"voided": [False, True]}),
    ]


# -- the API --------------------------------------------------------------------------------


def _api(client, member):
    token = api_token_for(member.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


def test_api_reads_corrects_and_voids(client, world):
    api = _api(client, world.a.members[Role.BRANCH_STAFF])
    url = f"/api/v1/alpha/contests/{world.a.contest.pk}/policies/{world.a.policy.pk}/"
    read = api.get(url)
    assert read.status_code == 200 and read.json()["policy"]["version"] == 1
    corrected = api.patch(
        url, {"version": 1, "premium": "3100", "card_number": "C2"}, content_type="application/json"
    )
    assert corrected.status_code == 200
    assert (
        corrected.json()["premium"],
        corrected.json()["card_number"],
        corrected.json()["version"],
    ) == ("3100.00", "C2", 2)
    history = api.get(url).json()["history"]
    assert [(h["action"], h["changes"]) for h in history] == [
        ("corrected", {"premium": ["3000.00", "3100"], "card_number": ["C1", "C2"]})
    ]
    voided = api.post(url + "void/")
    assert voided.status_code == 200 and voided.json()["voided"] is True


def test_api_refuses_bad_and_stale_corrections_and_changes_nothing(client, world):
    api = _api(client, world.a.members[Role.BRANCH_STAFF])
    url = f"/api/v1/alpha/contests/{world.a.contest.pk}/policies/{world.a.policy.pk}/"
    before = _snapshot(world)
    bad = api.patch(url, {"version": 1, "premium": "abc"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["premium"] == ["Enter an amount in yuan, e.g. 3000 or 3,000.50."]
    unknown = api.patch(
        url, {"version": 1, "agent_code": "nobody"}, content_type="application/json"
    )
    assert unknown.status_code == 400 and "agent_code" in unknown.json()
    stale = api.patch(url, {"version": 7, "premium": "1"}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["premium"] == "3000.00"
    missing = api.patch(url, {"premium": "1"}, content_type="application/json")
    assert missing.status_code == 400 and "version" in missing.json()
    assert _snapshot(world) == before
