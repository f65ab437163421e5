"""Telecom Day test support: a mobile operator's branch (English messages) with a manager
and two branch staff, and a Telecom Day started from the built-in template three days from
today (so the pre-order ranking, open from T−5, is open), target 8,000; its SMS sending
hours are the whole day unless a test sets them."""

import datetime

from django.utils import timezone

from campaigns.models import Membership
from campaigns.plans import services as plan_services
from campaigns.roles import Role
from campaigns.sms.models import SmsSettings
from campaigns.tenancy import tenant_context
from promotions.events import services
from tests.factories import MembershipFactory, OrganizationFactory


def mobiles(n, start=0):
    return [f"1381234{i:04d}" for i in range(start, start + n)]


def csv_of(numbers, extra_rows=()):
    lines = ["手机,姓名"] + [f"{m},客户{i}" for i, m in enumerate(numbers)] + list(extra_rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


class TelecomDesk:
    def __init__(self, *, days_ahead=3, hours=(datetime.time(0, 0), datetime.time(0, 0))):
        self.org = OrganizationFactory(default_language="en")
        manager = MembershipFactory(organization=self.org, role=Role.MANAGER)
        staff = MembershipFactory(organization=self.org, role=Role.BRANCH_STAFF)
        staff2 = MembershipFactory(organization=self.org, role=Role.BRANCH_STAFF)
        admin = MembershipFactory(organization=self.org, role=Role.ADMIN)
        with tenant_context(self.org):
            get = Membership.objects.select_related("user").get
            self.manager, self.staff = get(pk=manager.pk), get(pk=staff.pk)
            self.staff2, self.admin = get(pk=staff2.pk), get(pk=admin.pk)
            SmsSettings.objects.update_or_create(
                organization=self.org,
                defaults={"sending_from": hours[0], "sending_until": hours[1]},
            )
        self.today = timezone.localdate(timezone=self.org.zoneinfo)
        plan = plan_services.plan_create(
            organization=self.org,
            actor=self.manager.user,
            title="电信日回报客户大酬宾",
            template_key="telecom_day",
        )
        event = services.event_start(
            organization=self.org,
            plan=plan,
            date=self.today + datetime.timedelta(days=days_ahead),
            venue="兆康广场",
            target_attendance=8000,
        )
        self.event = services.event_update(
            organization=self.org, event=event, data={"ends_at": datetime.time(23, 59)}
        )
