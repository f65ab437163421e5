"""Contest API: progress, leaderboards, awards and policy entry, with the entry rules."""

from decimal import Decimal

import pytest
from django.utils import translation

from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests.models import Policy
from tests.factories import api_token_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _api(client, world, role):
    token = api_token_for(world.a.members[role].user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    client.cookies["django_language"] = "en"
    return f"/api/v1/alpha/contests/{world.a.contest.pk}"


def test_progress_and_leaderboard(client, world):
    base = _api(client, world, Role.BRANCH_STAFF)
    progress = client.get(f"{base}/progress/").json()
    assert (progress["total"], progress["goal"]) == ("3000.00", "500000.00")
    board = client.get(f"{base}/leaderboard/").json()
    assert (board["count"], board["page"], board["pages"]) == (1, 1, 1)
    assert board["agents"] == [
        {
            "rank": 1,
            "agent_id": world.a.agent.pk,
            "code": "alpha-001",
            "name": "alpha agent",
            "team": "alpha team",
            "total": "3000.00",
            "policies": 1,
            "calendars": 0,
            "below_minimum_by": "2000.00",
        }
    ]
    assert board["teams"] == [
        {
            "team": "alpha team",
            "supervisors": ["alpha branch_staff"],
            "total": "3000.00",
            "team_fund": None,
        }
    ]


def test_the_leaderboard_comes_a_page_at_a_time(client, world):
    from contests import services

    base = _api(client, world, Role.MANAGER)
    contest = world.a.contest
    with tenant_context(world.a.org):
        team = world.a.agent.team
    for n in range(2, 6):  # four more agents, each with a smaller policy than the last
        agent = services.agent_save(
            organization=world.a.org, code=f"alpha-00{n}", name=f"agent {n}", team=team
        )
        services.policy_record(
            organization=world.a.org,
            membership=world.a.members[Role.MANAGER],
            contest=contest,
            agent=agent,
            number=f"P-{n}",
            premium=str(3000 - n * 100),
            issued_on=contest.period_start,
            card_number=f"K{n}",
        )
    second = client.get(f"{base}/leaderboard/?page=2&page_size=2").json()
    assert (second["count"], second["page"], second["pages"]) == (5, 2, 3)
    assert [(a["rank"], a["code"]) for a in second["agents"]] == [
        (3, "alpha-003"),
        (4, "alpha-004"),
    ]
    assert len(second["teams"]) == 1
    assert client.get(f"{base}/leaderboard/?page=4&page_size=2").json() == {
        "page": ["There are only 3 pages."]
    }
    bad = client.get(f"{base}/leaderboard/?page=x&page_size=501").json()
    assert set(bad) == {"page", "page_size"}


def test_awards_explain_themselves(client, world):
    base = _api(client, world, Role.MANAGER)
    body = client.get(f"{base}/agents/{world.a.agent.pk}/awards/").json()
    assert body["total"] == "3000.00"
    assert [(a["rule"], a["status"]) for a in body["awards"]] == [("individual.2", "earned")]
    assert "alpha-P1" in body["awards"][0]["explanation"]
    assert body["needed_for_next_tier"] == "2000.00"


def test_staff_create_a_policy(client, world):
    base = _api(client, world, Role.BRANCH_STAFF)
    response = client.post(
        f"{base}/policies/",
        {
            "agent_code": "alpha-001",
            "number": "API-1",
            "premium": "4,500",
            "issued_on": "2026-01-03",
            "card_number": "K9",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert (response.json()["premium"], response.json()["calendar"]) == ("4500.00", True)


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"agent_code": "nobody"}, {"agent_code": ["Unknown agent code."]}),
        ({"premium": "-5"}, {"premium": ["An amount cannot be negative."]}),
        (
            {"issued_on": "2026-03-01"},
            {
                "issued_on": [
                    "Only policies issued during the contest (2026-01-01 – 2026-01-31) count."
                ]
            },
        ),
        (
            {"card_number": ""},
            {"card_number": ["Each periodic policy needs its attached card policy number."]},
        ),
        (
            {"number": "alpha-P1"},
            {
                "number": [
                    "Policy alpha-P1 is already entered: alpha agent (alpha-001), "
                    "issued 2026-01-02."
                ]
            },
        ),
        ({"issued_on": "not a date"}, None),
    ],
)
def test_bad_policies_are_400_and_change_nothing(client, world, payload, errors):
    base = _api(client, world, Role.BRANCH_STAFF)
    body = {
        "agent_code": "alpha-001",
        "number": "API-2",
        "premium": "1000",
        "issued_on": "2026-01-03",
        "card_number": "K9",
        **payload,
    }
    response = client.post(f"{base}/policies/", body, content_type="application/json")
    assert response.status_code == 400
    if errors:
        assert response.json() == errors
    else:
        assert "issued_on" in response.json()
    with tenant_context(world.a.org):
        assert Policy.objects.for_org(world.a.org).count() == 1
        assert Policy.objects.for_org(world.a.org).get().premium == Decimal("3000")


def test_franchisee_and_admin_cannot_enter(client, world):
    for role in (Role.ADMIN, Role.FRANCHISEE):
        base = _api(client, world, role)
        response = client.post(f"{base}/policies/", {}, content_type="application/json")
        assert response.status_code == 403


def test_bulk_import_through_the_api(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    base = _api(client, world, Role.BRANCH_STAFF)
    data = (
        "工号,保单号,期交保费,承保日期,险种,卡单号\n"
        "alpha-001,IMP-1,2000,2026-01-04,鸿禧,K1\n"
        "alpha-001,IMP-2,-5,2026-01-04,鸿禧,K2\n"
    ).encode()
    preview = client.post(
        f"{base}/policies/import/", {"file": SimpleUploadedFile("export.csv", data)}
    )
    assert preview.status_code == 202, preview.content  # the dry run is a job
    assert (preview.json()["status"], preview.json()["state"]) == ("checking", "Queued")
    from campaigns import jobs
    from contests.models import ImportBatch

    with tenant_context(world.a.org):
        job_id = ImportBatch.objects.get(pk=preview.json()["id"]).job_id
    jobs.job_run(organization_id=world.a.org.pk, job_id=job_id)  # as a worker would
    preview = client.get(f"{base}/policies/import/{preview.json()['id']}/")
    summary = preview.json()["summary"]
    assert preview.json()["status"] == "preview"
    assert [(row["line"], row["number"]) for row in summary["bad_rows"]] == [(3, "IMP-2")]
    assert summary["bad_rows"][0]["reasons"] == ["An amount cannot be negative."]
    with tenant_context(world.a.org):
        assert Policy.objects.for_org(world.a.org).count() == 1  # the dry run changed nothing
    committed = client.post(f"{base}/policies/import/{preview.json()['id']}/commit/")
    assert committed.status_code == 200 and committed.json()["status"] == "committed"
    with tenant_context(world.a.org):
        assert sorted(Policy.objects.for_org(world.a.org).values_list("number", flat=True)) == [
            "IMP-1",
            "alpha-P1",
        ]
    missing = client.post(f"{base}/policies/import/", {})
    assert missing.status_code == 400 and "file" in missing.json()


def _pages(client, url):
    everything = client.get(url, {"page_size": 500}).json()
    first = client.get(url, {"page_size": 1}).json()
    second = client.get(url, {"page_size": 1, "page": 2}).json()
    assert everything["count"] == first["count"] == len(everything["results"])
    assert len(first["results"]) == len(second["results"]) == 1 and first["next"]
    assert [first["results"][0], second["results"][0]] == everything["results"][:2]
    return everything


def test_the_contest_list_comes_a_page_at_a_time(client, world):
    from campaigns.plans.models import Plan
    from contests.models import Contest

    base = _api(client, world, Role.MANAGER)
    with tenant_context(world.a.org):
        plan = Plan.objects.for_org(world.a.org).get(pk=world.a.contest.plan_id)
        plan.pk, plan.id, plan.title = None, None, "second contest"
        plan.save()
        Contest.objects.create(
            organization=world.a.org,
            plan=plan,
            period_start=world.a.contest.period_start,
            period_end=world.a.contest.period_end,
            goal=Decimal("1000"),
            calendar_stock=0,
        )
    everything = _pages(client, base.rsplit("/", 1)[0] + "/")
    assert everything["count"] == 2


def test_the_policy_list_comes_a_page_at_a_time(client, world):
    from contests import services

    base = _api(client, world, Role.MANAGER)
    for n in range(2, 5):
        services.policy_record(
            organization=world.a.org,
            membership=world.a.members[Role.MANAGER],
            contest=world.a.contest,
            agent=world.a.agent,
            number=f"PAGE-{n}",
            premium="1000",
            issued_on=world.a.contest.period_start,
            card_number="K",
        )
    everything = _pages(client, f"{base}/policies/")
    with tenant_context(world.a.org):
        assert (
            everything["count"]
            == 4
            == Policy.objects.for_org(world.a.org).filter(voided=False).count()
        )
    assert client.get(f"{base}/policies/", {"page": 9}).status_code == 400
