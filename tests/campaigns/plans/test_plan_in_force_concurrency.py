"""Choosing the plan in force at the same moment as another manager, or as an approval of
the kind's first plan, leaves exactly one plan of the kind in force and no error
(PostgreSQL, real concurrent transactions released together by a barrier)."""

import threading

import pytest
from django.db import connection

from campaigns.plans import services
from campaigns.plans.models import Plan
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _plans(n):
    org = OrganizationFactory()
    manager = MembershipFactory(organization=org, role=Role.MANAGER).user
    plans = [
        services.plan_create(
            organization=org, actor=manager, title=f"方案{i}", template_key="franchise"
        )
        for i in range(n)
    ]
    return org, manager, plans


def _race(org, acts):
    barrier = threading.Barrier(len(acts))
    errors = []

    def run(act):
        try:
            barrier.wait(timeout=10)
            act()
        except Exception as exc:  # noqa: BLE001 - any error is the failure reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(act,)) for act in acts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    with tenant_context(org):
        return list(
            Plan.objects.for_org(org)
            .filter(kind="franchise", in_force=True)
            .values_list("pk", flat=True)
        )


def test_six_managers_choosing_at_once_leave_one_plan_in_force():
    org, manager, plans = _plans(6)
    in_force = _race(
        org,
        [
            lambda plan=plan: services.plan_put_in_force(organization=org, actor=manager, plan=plan)
            for plan in plans
        ],
    )
    assert len(in_force) == 1 and in_force[0] in {p.pk for p in plans}


def test_an_approval_and_a_choice_at_once_leave_one_plan_in_force():
    org, manager, (first, second) = _plans(2)
    in_force = _race(
        org,
        [
            lambda: services.plan_transition(
                organization=org, actor=manager, plan=second, target="approved"
            ),
            lambda: services.plan_put_in_force(organization=org, actor=manager, plan=first),
        ],
    )
    assert len(in_force) == 1 and in_force[0] in {first.pk, second.pk}
