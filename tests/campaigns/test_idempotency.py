"""Idempotency keys on the API's POSTs (campaigns/idempotency.py): a retry with the same
key answers the first answer (same status and body) and makes nothing; the same key with
another request is refused (422); keys are per organization and user; a refused request
releases its key; keys expire after a day; the schema documents the header; and
concurrent retries on PostgreSQL make exactly one object."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from campaigns import idempotency
from campaigns.models import IdempotencyKey, Membership
from campaigns.plans.models import Plan
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from tests.factories import MembershipFactory, OrganizationFactory, api_token_for

KEY = "3f0c8a8e-2d7b-4b1e-9d59-8f1c1f6f0a11"


def _client(user):
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {api_token_for(user)}"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages compared in English
    return client


def _create_plan(client, org, title="双十一方案", key=KEY, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(
        f"/api/v1/{org.slug}/plans/",
        {"kind": "franchise", "title": title, **extra},
        content_type="application/json",
        **headers,
    )


def _plans(org):
    with tenant_context(org):
        return list(Plan.objects.for_org(org).order_by("pk").values_list("pk", "title"))


def _keys(org):
    with tenant_context(org):
        return list(IdempotencyKey.objects.for_org(org).values_list("key", "status_code"))


@pytest.fixture
def manager(db):
    return MembershipFactory(organization=OrganizationFactory(), role=Role.MANAGER)


def test_a_retry_gets_the_first_answer_and_makes_nothing(manager):
    org, client = manager.organization, _client(manager.user)
    first = _create_plan(client, org)
    retry = _create_plan(client, org)
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert (first.get("Idempotent-Replayed"), retry["Idempotent-Replayed"]) == (None, "true")
    assert _plans(org) == [(first.json()["id"], "双十一方案")]
    assert _keys(org) == [(KEY, 201)]
    without = _create_plan(client, org, key=None)  # no key: a second plan, as before
    assert without.status_code == 201 and len(_plans(org)) == 2


def test_the_same_key_with_another_request_is_refused(manager, in_english):
    org, client = manager.organization, _client(manager.user)
    first = _create_plan(client, org)
    before = _plans(org)
    other = _create_plan(client, org, title="另一个方案")
    assert other.status_code == 422
    assert other.json() == {
        "detail": "This Idempotency-Key was already used with a different request. "
        "Send a new key for a new request."
    }
    elsewhere = client.post(
        f"/api/v1/{org.slug}/plans/{first.json()['id']}/copy/",
        {"title": "双十一方案"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=KEY,
    )
    assert elsewhere.status_code == 422
    assert (_plans(org), _keys(org)) == (before, [(KEY, 201)])


def test_a_refused_request_releases_its_key(manager):
    org, client = manager.organization, _client(manager.user)
    bad = client.post(
        f"/api/v1/{org.slug}/plans/",
        {"title": "没有模板"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=KEY,
    )
    assert (bad.status_code, _plans(org), _keys(org)) == (400, [], [])
    fixed = _create_plan(client, org)
    assert fixed.status_code == 201 and _keys(org) == [(KEY, 201)]


@pytest.mark.parametrize("key", ["", "x" * 256, "键", "a b"])
def test_a_malformed_key_answers_400(manager, key, in_english):
    org = manager.organization
    response = _create_plan(_client(manager.user), org, key=key)
    assert response.status_code == 400
    assert response.json() == {
        "Idempotency-Key": ["Use 1 to 255 visible ASCII characters, for example a UUID."]
    }
    assert (_plans(org), _keys(org)) == ([], [])


def test_keys_are_per_organization_and_user(manager):
    """The same key in two organizations (one user, member of both) and from two users of
    one organization: four requests, four plans, nothing replayed across."""
    org, user = manager.organization, manager.user
    other_org = OrganizationFactory()
    with tenant_context(other_org):
        Membership.objects.create(organization=other_org, user=user, role=Role.MANAGER)
    colleague = MembershipFactory(organization=org, role=Role.MANAGER).user
    answers = [
        _create_plan(_client(user), org),
        _create_plan(_client(user), other_org),
        _create_plan(_client(colleague), org),
    ]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert [a.get("Idempotent-Replayed") for a in answers] == [None, None, None]
    assert len({a.json()["id"] for a in answers}) == 3
    assert len(_plans(org)) == 2 and len(_plans(other_org)) == 1
    assert _keys(org) == [(KEY, 201), (KEY, 201)] and _keys(other_org) == [(KEY, 201)]
    # Organization B's stored answer never leaks into A: A's retry replays A's own.
    again = _create_plan(_client(user), org)
    assert again.json() == answers[0].json()


def test_keys_expire_after_a_day(manager, settings):
    settings.IDEMPOTENCY_KEY_HOURS = 24
    org, client = manager.organization, _client(manager.user)
    first = _create_plan(client, org)
    with tenant_context(org):
        IdempotencyKey.objects.for_org(org).update(
            created_at=timezone.now() - timedelta(hours=24, minutes=1)
        )
    later = _create_plan(client, org)
    assert later.status_code == 201 and later.json()["id"] != first.json()["id"]
    assert _keys(org) == [(KEY, 201)]
    assert idempotency.delete_expired(now=timezone.now() + timedelta(hours=23)) == 0
    assert idempotency.delete_expired(now=timezone.now() + timedelta(hours=25)) == 1
    assert _keys(org) == []


def test_the_schema_documents_the_optional_header(manager):
    client = Client()
    client.force_login(manager.user)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    posts = {
        path: ops["post"]
        for path, ops in schema["paths"].items()
        if "post" in ops and path.startswith("/api/v1/{org_slug}/")
    }
    assert "/api/v1/{org_slug}/plans/" in posts
    for path, post in posts.items():
        [header] = [p for p in post["parameters"] if p["in"] == "header"]
        assert (header["name"], header["required"]) == ("Idempotency-Key", False), path
        assert {"409", "422"} <= set(post["responses"]), path
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert all(p["name"] != "Idempotency-Key" for p in token.get("parameters", []))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_make_exactly_one_object():
    """Eight clients send the same POST with the same key at the same moment (threads
    with their own connections): one plan; every answer 201 with the same body."""
    manager = MembershipFactory(organization=OrganizationFactory(), role=Role.MANAGER)
    org, user = manager.organization, manager.user
    n, answers = 8, []
    barrier = threading.Barrier(n)

    def retry():
        try:
            client = _client(user)
            barrier.wait()
            answers.append(_create_plan(client, org))
        finally:
            connection.close()

    threads = [threading.Thread(target=retry) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    [(plan_id, _title)] = _plans(org)
    assert [a.status_code for a in answers] == [201] * n
    assert [a.json()["id"] for a in answers] == [plan_id] * n
    assert sorted(a.get("Idempotent-Replayed") or "" for a in answers) == [""] + ["true"] * (n - 1)
    assert _keys(org) == [(KEY, 201)]
