"""Two admins demoting each other at the same moment must leave one admin (PostgreSQL,
real concurrent transactions released together by a barrier)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from campaigns import services
from campaigns.models import Membership
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_admins_demoting_each_other_at_once_leave_one_admin():
    org = OrganizationFactory()
    first = MembershipFactory(organization=org, role=Role.ADMIN)
    second = MembershipFactory(organization=org, role=Role.ADMIN)
    barrier = threading.Barrier(2)
    outcomes = []

    def demote(member_id):
        try:
            with tenant_context(org):
                membership = (
                    Membership.objects.for_org(org).select_related("user").get(pk=member_id)
                )
            barrier.wait(timeout=10)
            services.member_update(organization=org, membership=membership, role=Role.MANAGER)
            outcomes.append("demoted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=demote, args=(m.pk,)) for m in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes) == ["demoted", "refused"]
    with tenant_context(org):
        assert Membership.objects.for_org(org).filter(role=Role.ADMIN).count() == 1
