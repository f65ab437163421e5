"""Redis stops while people work (issue 17, item 11): a real worker and the stand-in beat
are running on a Redis of the test's own; the test stops Redis (SIGTERM), and while it is
down the pages and the API create exports and registrations: none answers 500 (each as it
succeeded, within seconds), every row is committed. Then Redis starts again (with the
append-only file it wrote, as production runs it): the worker reconnects by itself, beat's
next tick sends the sweeper, which sends what could not be enqueued, and everything is
done within a minute of Redis returning, each job and message once.

(tests/faults/test_broker_outage.py is the narrower case: no Redis at all from the start,
the sweeper called directly.)"""

import time
from datetime import date

import pytest

from campaigns.models import Export, Job, Plan
from campaigns.roles import Role
from campaigns.sms.models import SmsMessage
from campaigns.tenancy import tenant_context
from promotions.models import Registration
from tests.factories import BranchFactory, MembershipFactory, OrganizationFactory, api_token_for

from .conftest import wait_for

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
QUICK = 5.0  # seconds a request may take while Redis is down
BACK_WITHIN = 60  # seconds from Redis's return to everything done


def _members(start):
    return [
        {"phone": f"1370000{i:04d}", "short_number": 661101 + i} for i in range(start, start + 10)
    ]


def test_pages_and_the_api_keep_working_while_redis_is_down_and_nothing_is_lost(
    client, own_redis, workers, beat, settings
):
    org = OrganizationFactory(default_language="en")
    branch = BranchFactory(organization=org)
    manager = MembershipFactory(organization=org, role=Role.MANAGER).user
    with tenant_context(org):
        plan = Plan.objects.create(
            organization=org,
            kind="contest",
            title="Redis outage plan",
            owner=manager,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 1, 31),
        )
    client.force_login(manager)
    api = {"HTTP_AUTHORIZATION": f"Token {api_token_for(manager)}"}
    own_redis.start()
    workers.start()

    def state():
        with tenant_context(org):
            return {
                "exports": Export.objects.for_org(org).count(),
                "registrations": sorted(
                    Registration.objects.for_org(org).values_list("form_number", flat=True)
                ),
                "jobs": sorted(Job.objects.for_org(org).values_list("status", "attempts")),
                "sms": sorted(
                    set(SmsMessage.objects.for_org(org).values_list("status", "attempts"))
                ),
                "sms_count": SmsMessage.objects.for_org(org).count(),
            }

    # Working normally first: an export through the page is done by the worker.
    assert client.post(f"/{org.slug}/plans/{plan.pk}/exports/").status_code == 302
    assert wait_for(lambda: state()["jobs"] == [("done", 1)], 90), state()

    own_redis.stop()
    answers = []
    for call in (
        lambda: client.post(f"/{org.slug}/plans/{plan.pk}/exports/"),
        lambda: client.post(f"/api/v1/{org.slug}/plans/{plan.pk}/exports/", **api),
        lambda: client.post(
            f"/{org.slug}/bundles/new/",
            {
                "form_number": "DOWN-PAGE",
                "branch": branch.pk,
                "initiator_phone": "13900000000",
                "signed_on": "2026-01-02",
                "members": "\n".join(f"{m['phone']} {m['short_number']}" for m in _members(0)),
            },
        ),
        lambda: client.post(
            f"/api/v1/{org.slug}/bundles/registrations/",
            {
                "form_number": "DOWN-API",
                "branch": branch.pk,
                "initiator_phone": "13900000001",
                "signed_on": "2026-01-02",
                "members": _members(20),
            },
            content_type="application/json",
            **api,
        ),
    ):
        started = time.monotonic()
        response = call()
        answers.append((response, time.monotonic() - started))
    assert [r.status_code for r, _ in answers] == [302, 202, 302, 201], [
        r.content[:300] for r, _ in answers
    ]
    assert all(seconds < QUICK for _, seconds in answers), [s for _, s in answers]
    assert answers[1][0].json()["status"] == "queued"
    time.sleep(2)  # the worker has no broker: nothing moves
    down = state()
    assert down == {
        "exports": 3,
        "registrations": ["DOWN-API", "DOWN-PAGE"],
        "jobs": [("done", 1), ("queued", 0), ("queued", 0)],
        "sms": [("queued", 0)],
        "sms_count": 20,
    }

    own_redis.start()
    back = time.monotonic()
    done = wait_for(
        lambda: (
            (now := state())["jobs"] == [("done", 1)] * 3
            and now["sms"] == [("delivered", 1)]
            and now
        ),
        BACK_WITHIN + 30,
    )
    took = time.monotonic() - back
    assert done, state()
    assert took < BACK_WITHIN, took
    assert done["sms_count"] == 20 and done["exports"] == 3
