from datetime import date

import pytest
from django.utils import timezone

from campaigns.models import Membership
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from promotions.bundles import services as bundles_services
from tests.factories import BranchFactory, MembershipFactory, OrganizationFactory
from tests.sms_support import eager  # noqa: F401

INITIATOR = "13900000000"


def phones(n, start=0):
    return [f"1380000{i:04d}" for i in range(start, start + n)]


def member_list(n, start=0, short_start=661001):
    return [{"phone": p, "short_number": short_start + i} for i, p in enumerate(phones(n, start))]


class Desk:
    """An operator's organization: English by default (tests read English messages), a
    branch, a branch staff member scoped to it, and a manager."""

    def __init__(self):
        self.org = OrganizationFactory(default_language="en")
        self.branch = BranchFactory(organization=self.org, name="城区营业部")
        self.other_branch = BranchFactory(organization=self.org, name="东县分公司")
        staff = MembershipFactory(organization=self.org, role=Role.BRANCH_STAFF, branch=self.branch)
        manager = MembershipFactory(organization=self.org, role=Role.MANAGER)
        with tenant_context(self.org):
            self.staff = Membership.objects.select_related("user", "branch").get(pk=staff.pk)
            self.manager = Membership.objects.select_related("user").get(pk=manager.pk)

    def tier(self, members):
        from promotions.models import BundleTier

        with tenant_context(self.org):
            return BundleTier.objects.get(organization=self.org, members=members)

    def register(
        self,
        members,
        *,
        form_number="F-001",
        initiator=INITIATOR,
        tier=None,
        signed_on=None,
        membership=None,
        branch=None,
    ):
        return bundles_services.bundle_register(
            organization=self.org,
            membership=membership or self.staff,
            form_number=form_number,
            branch=branch or self.branch,
            initiator_phone=initiator,
            signed_on=signed_on or timezone.localdate(),
            members=members,
            tier=tier,
        )


@pytest.fixture
def desk(db):
    return Desk()


@pytest.fixture
def today():
    return timezone.localdate()


__all__ = ["date", "phones", "member_list", "INITIATOR"]


@pytest.fixture(autouse=True)
def _english(in_english):
    """These tests read messages in English."""
