"""A broker outage never turns a committed write into a 500 (issue 17, item 4).

The app's Celery is pointed at a Redis on a port of this test's own, with nothing listening
there: exports and registrations are made through the pages and the API and answer as
they succeeded (302 / 202 / 201) within seconds, every row committed, the jobs and SMS
queued and marked as not enqueued. Then the test starts its own redis-server on that port:
the sweeper sends them, and a real worker takes each to its end."""

import time
from datetime import date

import pytest

from campaigns import claimable
from campaigns.models import Export, Job, Plan
from campaigns.roles import Role
from campaigns.sms.models import SmsMessage
from campaigns.tenancy import tenant_context
from config.celery import app as celery_app
from promotions.models import Registration
from tests.factories import BranchFactory, MembershipFactory, OrganizationFactory, api_token_for

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]
QUICK = 5.0  # seconds a request may take while the broker is down


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _members(start):
    return [
        {"phone": f"1380000{i:04d}", "short_number": 661001 + i} for i in range(start, start + 10)
    ]


def test_no_500_while_the_broker_is_down_and_everything_is_sent_when_it_is_back(
    client, own_redis, settings, tmp_path
):
    from celery.contrib.testing.worker import start_worker

    settings.MEDIA_ROOT = str(tmp_path)
    org = OrganizationFactory(default_language="en")
    branch = BranchFactory(organization=org)
    manager = MembershipFactory(organization=org, role=Role.MANAGER).user
    with tenant_context(org):
        plan = Plan.objects.create(
            organization=org,
            kind="contest",
            title="断线导出",
            owner=manager,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 1, 31),
        )
    client.force_login(manager)
    api = {"HTTP_AUTHORIZATION": f"Token {api_token_for(manager)}"}

    # Redis is down (nothing listens on its port): every write answers as it succeeded.
    answers = [
        _timed(lambda: client.post(f"/{org.slug}/plans/{plan.pk}/exports/")),
        _timed(lambda: client.post(f"/api/v1/{org.slug}/plans/{plan.pk}/exports/", **api)),
        _timed(
            lambda: client.post(
                f"/{org.slug}/bundles/new/",
                {
                    "form_number": "PAGE-1",
                    "branch": branch.pk,
                    "initiator_phone": "13900000000",
                    "signed_on": "2026-01-02",
                    "members": "\n".join(f"{m['phone']} {m['short_number']}" for m in _members(0)),
                },
            )
        ),
        _timed(
            lambda: client.post(
                f"/api/v1/{org.slug}/bundles/registrations/",
                {
                    "form_number": "API-1",
                    "branch": branch.pk,
                    "initiator_phone": "13900000001",
                    "signed_on": "2026-01-02",
                    "members": _members(20),
                },
                content_type="application/json",
                **api,
            )
        ),
    ]
    assert [r.status_code for r, _ in answers] == [302, 202, 302, 201], [
        r.content[:300] for r, _ in answers
    ]
    assert all(seconds < QUICK for _, seconds in answers), [s for _, s in answers]
    assert answers[1][0].json()["status"] == "queued"

    def state():
        with tenant_context(org):
            return {
                "exports": Export.objects.for_org(org).count(),
                "registrations": sorted(
                    Registration.objects.for_org(org).values_list("form_number", flat=True)
                ),
                "jobs": sorted(
                    (status, failed is None)
                    for status, failed in Job.objects.for_org(org).values_list(
                        "status", "enqueue_failed_at"
                    )
                ),
                "sms": sorted(
                    {
                        (status, failed is None)
                        for status, failed in SmsMessage.objects.for_org(org).values_list(
                            "status", "enqueue_failed_at"
                        )
                    }
                ),
                "sms_count": SmsMessage.objects.for_org(org).count(),
            }

    assert state() == {
        "exports": 2,
        "registrations": ["API-1", "PAGE-1"],
        "jobs": [("queued", False), ("queued", False)],  # committed, marked not sent
        "sms": [("queued", False)],
        "sms_count": 20,
    }

    # Redis is back: the sweeper (beat, every minute) sends them; a worker runs them.
    own_redis.start()
    assert claimable.sweep_stale() == {"requeued": 22, "given_up": 0}
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            now = state()
            if now["jobs"] == [("done", True)] * 2 and now["sms"] == [("delivered", True)]:
                break
            time.sleep(0.3)
    now = state()
    assert (now["jobs"], now["sms"], now["sms_count"]) == (
        [("done", True), ("done", True)],
        [("delivered", True)],
        20,
    )
    with tenant_context(org):
        assert list(Job.objects.for_org(org).values_list("attempts", flat=True)) == [1, 1]
        assert set(SmsMessage.objects.for_org(org).values_list("attempts", flat=True)) == {1}
