"""A franchisor with Hunan territories, a manager, and two franchisee logins: 陈立 holds
长沙 (model B, 5%), 王海 holds 株洲 (model A). Built through the services."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from campaigns.models import Membership
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from franchise import services
from tests.factories import MembershipFactory, OrganizationFactory


def _member(org, username, role):
    made = MembershipFactory(organization=org, user__username=username, role=role)
    with tenant_context(org):
        return Membership.objects.select_related("user", "organization").get(pk=made.pk)


@pytest.fixture
def scene(db):
    org = OrganizationFactory(slug="xiang", name="湘健")
    manager = _member(org, "manager", Role.MANAGER)
    admin = _member(org, "admin", Role.ADMIN)
    chen = _member(org, "chen", Role.FRANCHISEE)
    wang = _member(org, "wang", Role.FRANCHISEE)
    staff = _member(org, "staff", Role.BRANCH_STAFF)
    territories = {
        name: services.territory_save(organization=org, name=name, planned_phase=phase)
        for name, phase in (("长沙", 1), ("株洲", 1), ("湘潭", 2), ("衡阳", 3))
    }
    chen_co = services.franchisee_save(organization=org, name="长沙康健", account=chen.user)
    wang_co = services.franchisee_save(organization=org, name="株洲颐和", account=wang.user)
    b = services.agreement_create(
        organization=org,
        territory=territories["长沙"],
        franchisee=chen_co,
        model="B",
        start_date=date(2007, 9, 1),
        end_date=date(2009, 8, 31),
        franchise_fee="300000",
        allotment_share="40",
        royalty_rate="5",
        fee_paid_on=date(2007, 9, 5),
    )
    a = services.agreement_create(
        organization=org,
        territory=territories["株洲"],
        franchisee=wang_co,
        model="A",
        start_date=date(2007, 10, 1),
        franchise_fee="150000",
        deposit="50000",
    )
    return SimpleNamespace(
        org=org,
        manager=manager,
        admin=admin,
        chen=chen,
        wang=wang,
        staff=staff,
        t=territories,
        chen_co=chen_co,
        wang_co=wang_co,
        b=b,
        a=a,
    )


def month(text):
    year, m = text.split("-")
    return date(int(year), int(m), 1)


def money(text):
    return Decimal(text)
