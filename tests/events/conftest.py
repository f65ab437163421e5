import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns.models import Membership
from campaigns.plans import services as plan_services
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from promotions.events import services
from promotions.events.models import LeadChannel, PrizePool, Quota
from tests.factories import MembershipFactory, OrganizationFactory


def mobiles(n, start=0):
    return [f"1391234{i:04d}" for i in range(start, start + n)]


class EventDesk:
    """A decoration company (English messages) with a manager and two branch staff, and an
    event started today from the built-in decoration template: 9.5折, a 51 card of 99
    (gift 100, 1,000 off), a group voucher of 500 for 2 from one community on one day."""

    def __init__(self, *, date=None):
        self.org = OrganizationFactory(default_language="en")
        manager = MembershipFactory(organization=self.org, role=Role.MANAGER)
        staff = MembershipFactory(organization=self.org, role=Role.BRANCH_STAFF)
        staff2 = MembershipFactory(organization=self.org, role=Role.BRANCH_STAFF)
        with tenant_context(self.org):
            self.manager = Membership.objects.select_related("user").get(pk=manager.pk)
            self.staff = Membership.objects.select_related("user").get(pk=staff.pk)
            self.staff2 = Membership.objects.select_related("user").get(pk=staff2.pk)
        self.today = timezone.localdate(timezone=self.org.zoneinfo)
        plan = plan_services.plan_create(
            organization=self.org,
            actor=self.manager.user,
            title="新春装修节",
            template_key="decoration_event",
        )
        event = services.event_start(
            organization=self.org,
            plan=plan,
            date=date or self.today,
            venue="会展中心",
            target_attendance=300,
        )
        self.event = services.event_update(
            organization=self.org,
            event=event,
            data={
                "card_price": Decimal("99"),
                "discount_zhe": Decimal("9.5"),
                "group_voucher_value": Decimal("500"),
                "ends_at": datetime.time(23, 59),
            },
        )
        self.plan = plan
        with tenant_context(self.org):
            self.eggs = Quota.objects.get(event=self.event, size=30)
            self.gifts = Quota.objects.get(event=self.event, size=5)
            self.egg_pool = PrizePool.objects.get(event=self.event)
            self.channels = {c.name: c for c in LeadChannel.objects.filter(organization=self.org)}

    def guest(self, mobile, **fields):
        guest, _created = services.guest_register(
            organization=self.org, event=self.event, mobile=mobile, actor=self.staff.user, **fields
        )
        return guest

    def sign(self, guest, total="100000", **fields):
        return services.signing_record(
            organization=self.org,
            event=self.event,
            guest=guest,
            contract_total=Decimal(total),
            actor=self.staff.user,
            **fields,
        )

    def stock_eggs(self, *prizes):
        """Prizes (name, stock, weight) in the egg pool, then seal it."""
        for name, stock, weight in prizes:
            services.prize_save(
                organization=self.org, pool=self.egg_pool, name=name, stock=stock, weight=weight
            )
        self.egg_pool = services.pool_seal(organization=self.org, pool=self.egg_pool)
        return self.egg_pool


@pytest.fixture
def desk(db):
    from django.utils import translation

    with translation.override("en"):
        yield EventDesk()
