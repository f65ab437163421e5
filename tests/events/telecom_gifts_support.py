"""A Telecom Day for the tests: a mobile operator's branch (English messages) with a
manager and two branch staff, an event started from the built-in Telecom Day template on
17 May (the seed's day) of next year, a birthday gift and a gift bag in stock, a quiz of
two questions and a lucky wheel (not sealed: each test stocks and seals it)."""

import datetime

from django.utils import timezone
from stdnum.cn import ric

from campaigns.models import Membership
from campaigns.plans import services as plan_services
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from promotions.events import services
from promotions.events.models import GiftItem
from promotions.events.services import birthday, gift_stock, quiz
from tests.factories import MembershipFactory, OrganizationFactory


def resident_id(birth, region="110105", sequence="123"):
    """A valid 18-digit number born on `birth` (a date)."""
    body = f"{region}{birth:%Y%m%d}{sequence}"
    return body + ric.calc_check_digit(body + "0")


class TelecomDesk:
    def __init__(self, *, date=None, ends_at=datetime.time(23, 59), birthday_stock=50):
        self.org = OrganizationFactory(default_language="en")
        manager = MembershipFactory(organization=self.org, role=Role.MANAGER)
        staff = MembershipFactory(organization=self.org, role=Role.BRANCH_STAFF)
        staff2 = MembershipFactory(organization=self.org, role=Role.BRANCH_STAFF)
        with tenant_context(self.org):
            self.manager = Membership.objects.select_related("user").get(pk=manager.pk)
            self.staff = Membership.objects.select_related("user").get(pk=staff.pk)
            self.staff2 = Membership.objects.select_related("user").get(pk=staff2.pk)
        today = timezone.localdate(timezone=self.org.zoneinfo)
        self.plan = plan_services.plan_create(
            organization=self.org,
            actor=self.manager.user,
            title="电信日回报客户大酬宾",
            template_key="telecom_day",
        )
        self.event = services.event_start(
            organization=self.org,
            plan=self.plan,
            date=date or datetime.date(today.year + 1, 5, 17),
            venue="兆康广场",
            target_attendance=8000,
            ends_at=ends_at,
        )
        self.birthday_gift = gift_stock.gift_save(
            organization=self.org, event=self.event, name="生日礼品", kind=GiftItem.Kind.BIRTHDAY
        )
        if birthday_stock:
            gift_stock.gift_order(
                organization=self.org, item=self.birthday_gift, quantity=birthday_stock
            )
            self.birthday_gift = gift_stock.gift_receive(
                organization=self.org, item=self.birthday_gift, quantity=birthday_stock
            )
        self.q1 = quiz.question_save(
            organization=self.org,
            event=self.event,
            text="电信日是哪一天?",
            choices=["5月17日", "6月1日", "10月1日"],
            answer=0,
        )
        self.q2 = quiz.question_save(
            organization=self.org,
            event=self.event,
            text="TD 是哪一代移动通信?",
            choices=["2G", "3G"],
            answer=1,
        )
        self.wheel = quiz.wheel_create(
            organization=self.org, event=self.event, name="幸运转盘", spins=500, no_prize_weight=2
        )

    def birthday_id(self, year=1980, **kw):
        return resident_id(datetime.date(year, self.event.date.month, self.event.date.day), **kw)

    def guest(self, mobile, **fields):
        guest, _created = services.guest_register(
            organization=self.org, event=self.event, mobile=mobile, actor=self.staff.user, **fields
        )
        return guest

    def stock_wheel(self, *prizes):
        """Prizes (name, stock, weight) on the wheel, then seal it."""
        for name, stock, weight in prizes:
            services.prize_save(
                organization=self.org, pool=self.wheel.pool, name=name, stock=stock, weight=weight
            )
        services.pool_seal(organization=self.org, pool=self.wheel.pool)

    def right_answer(self, spin):
        with tenant_context(self.org):
            spin.refresh_from_db()
            return spin.question.answer

    def earn_spin(self, guest):
        spin = quiz.spin_ask(
            organization=self.org, wheel=self.wheel, guest=guest, actor=self.staff.user
        )
        return quiz.spin_answer(
            organization=self.org, spin=spin, answer=self.right_answer(spin), actor=self.staff.user
        )

    def give_birthday(self, id_number, **kw):
        return birthday.birthday_give(
            organization=self.org,
            event=self.event,
            id_number=id_number,
            actor=self.staff.user,
            **kw,
        )
