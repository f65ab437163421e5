"""Demo data of the mobile operator's Telecom Day, items 5–9 (called by campaigns.demo
inside its tenant context): the event (started on the demo's day if no other step started
it), the birthday gift, gift pack and 电信日 gift bag in stock, three quiz questions, the
lucky wheel stocked with "thank you" slots and sealed, a birthday gift given, a spin and
some desk sales by product line. Idempotent: done once per event (its quiz)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from campaigns.demo import demo_step
from campaigns.models import Membership
from campaigns.plans.models import Plan, PlanKind
from campaigns.roles import Role
from campaigns.sms.rules import is_mainland_mobile

from . import services
from .models import Event, GiftItem, Guest, QuizQuestion
from .rules import resident_id as rid_rules
from .services import birthday, desk_sales, gift_stock, quiz

QUESTIONS = (
    ("每年的世界电信日是哪一天?", ["5月17日", "6月1日", "10月1日"], 0),
    ("TD-SCDMA 是第几代移动通信标准?", ["2G", "3G", "4G"], 1),
    ("办理“固话+手机+宽带”组合,需要到哪个区域?", ["TD体验区", "数据业务区", "签约受理台"], 2),
)
GIFTS = (
    ("生日礼品(5月17日出生)", GiftItem.Kind.BIRTHDAY, 50),
    ("签约礼包", GiftItem.Kind.GIFT_PACK, 200),
    ("电信日大礼包", GiftItem.Kind.GIFT_BAG, 500),
)
WHEEL_PRIZES = (("100M流量包", 300, 6), ("U盘", 50, 2), ("自行车", 3, 1))
GUESTS = (
    ("13807311101", "周先生"),
    ("13807311102", "吴女士"),
    ("13807311103", "郑先生"),
    ("13807311104", "孙女士"),
)


def _demo_id(day):
    """A made-up resident ID born on the event's month and day (never a real person's:
    Beijing Dongcheng, 1980, sequence 001)."""
    from stdnum.cn import ric

    body = f"110101{1980:04d}{day:%m%d}001"
    return body + ric.calc_check_digit(body + "0")


@demo_step("telecom_day")
def seed_telecom_day_demo(organization):
    plan = Plan.objects.for_org(organization).filter(kind=PlanKind.TELECOM_DAY).first()
    if plan is None:
        return
    event = Event.objects.for_org(organization).filter(plan=plan).first()
    if event is None:
        event = services.event_start(
            organization=organization,
            plan=plan,
            date=timezone.localdate(timezone=organization.zoneinfo),
            venue="兆康广场",
            target_attendance=8000,
            ends_at=datetime.time(23, 59),
        )
    if QuizQuestion.objects.for_org(organization).filter(event=event).exists():
        return
    members = Membership.objects.for_org(organization).select_related("user")
    staff = members.filter(role=Role.BRANCH_STAFF).first() or members.first()
    actor = staff.user
    items = {}
    for name, kind, quantity in GIFTS:
        item = gift_stock.gift_save(organization=organization, event=event, name=name, kind=kind)
        gift_stock.gift_order(
            organization=organization,
            item=item,
            quantity=quantity,
            ordered_on=event.date - datetime.timedelta(days=10),
        )
        items[kind] = gift_stock.gift_receive(
            organization=organization, item=item, quantity=quantity
        )
    for text, choices, answer in QUESTIONS:
        quiz.question_save(
            organization=organization, event=event, text=text, choices=choices, answer=answer
        )
    wheel = quiz.wheel_create(
        organization=organization, event=event, name="幸运大转盘", spins=3000, no_prize_weight=3
    )
    for name, stock, weight in WHEEL_PRIZES:
        prize = services.prize_save(
            organization=organization, pool=wheel.pool, name=name, stock=stock, weight=weight
        )
        item = gift_stock.gift_save(
            organization=organization,
            event=event,
            name=f"转盘奖品:{name}",
            kind=GiftItem.Kind.WHEEL_PRIZE,
            prize=prize,
        )
        gift_stock.gift_order(organization=organization, item=item, quantity=stock)
        gift_stock.gift_receive(organization=organization, item=item, quantity=stock)
    services.pool_seal(organization=organization, pool=wheel.pool)
    guests = []
    for mobile, name in GUESTS:
        if not is_mainland_mobile(mobile):
            continue
        guest = Guest.objects.for_org(organization).filter(event=event, mobile=mobile).first()
        if guest is None:
            guest, _new = services.guest_register(
                organization=organization, event=event, mobile=mobile, name=name, actor=actor
            )
        guests.append(guest)
    number = _demo_id(event.date)
    if rid_rules.born_on(rid_rules.parse(number), event.date):
        birthday.birthday_give(
            organization=organization,
            event=event,
            id_number=number,
            guest=guests[0],
            desk="签约受理台 1",
            actor=actor,
        )
    spin = quiz.spin_ask(organization=organization, wheel=wheel, guest=guests[1], actor=actor)
    spin = quiz.spin_answer(
        organization=organization, spin=spin, answer=spin.question.answer, actor=actor
    )
    quiz.spin_draw(organization=organization, spin=spin, actor=actor)
    for guest, line, amount in (
        (guests[1], "bundle", "1680"),
        (guests[2], "handset", "1999"),
        (guests[3], "data", "30"),
        (guests[0], "data", "50"),
    ):
        desk_sales.desk_sale_record(
            organization=organization,
            membership=staff,
            event=event,
            guest=guest,
            line=line,
            amount=Decimal(amount),
        )
    gift_stock.gift_issue(
        organization=organization,
        item=items[GiftItem.Kind.GIFT_BAG],
        guest=guests[2],
        reason="gift_bag",
        actor=actor,
    )
