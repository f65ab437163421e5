"""Demo data of the decoration event (力天装饰, called by campaigns.demo inside its tenant
context): the event on the day the demo is made, its offers, the golden-egg pool stocked
and sealed, guests from several channels, some checked in, three signings (two from one
community, so both get the group voucher) with their eggs smashed, and a vendor with its
deposit. Idempotent: the event is made once."""

import datetime
from decimal import Decimal

from django.utils import timezone

from campaigns.demo import demo_step
from campaigns.models import Membership
from campaigns.plans.models import Plan, PlanKind
from campaigns.roles import Role

from . import services
from .models import Event, LeadChannel, PrizePool

GUESTS = (
    ("13907311001", "王女士", "阳光花园", "DM单页"),
    ("13907311002", "李先生", "阳光花园", "短信"),
    ("13907311003", "张女士", "翠湖苑", "外展点"),
    ("13907311004", "刘先生", "翠湖苑", "扫楼"),
    ("13907311005", "陈女士", "滨江一号", "网络"),
    ("13907311006", "杨先生", "滨江一号", "员工邀约"),
    ("13907311007", "赵女士", "阳光花园", "电梯广告"),
    ("13907311008", "黄先生", "", "自然到访"),
)


@demo_step("decoration_event")
def seed_event_demo(organization):
    services.lead_channels_ensure_defaults(organization=organization)  # older demo databases
    plan = Plan.objects.for_org(organization).filter(kind=PlanKind.DECORATION_EVENT).first()
    if plan is None or Event.objects.for_org(organization).filter(plan=plan).exists():
        return
    staff = (
        Membership.objects.for_org(organization)
        .filter(role=Role.BRANCH_STAFF)
        .select_related("user")
        .first()
    )
    actor = staff.user if staff else None
    today = timezone.localdate(timezone=organization.zoneinfo)
    event = services.event_start(
        organization=organization,
        plan=plan,
        date=today,
        venue="市会展中心一号馆",
        target_attendance=300,
    )
    event = services.event_update(
        organization=organization,
        event=event,
        data={
            "ends_at": datetime.time(23, 59),
            "card_price": Decimal("51"),
            "discount_zhe": Decimal("9.5"),
            "group_voucher_value": Decimal("500"),
        },
    )
    pool = PrizePool.objects.for_org(organization).get(event=event)
    for name, stock, weight in (("电饭煲", 5, 1), ("不粘锅套装", 10, 2), ("保温杯", 15, 3)):
        services.prize_save(
            organization=organization, pool=pool, name=name, stock=stock, weight=weight
        )
    pool = services.pool_seal(organization=organization, pool=pool)
    channels = {c.name: c for c in LeadChannel.objects.for_org(organization)}
    guests = []
    for mobile, name, community, channel in GUESTS:
        guest, _ = services.guest_register(
            organization=organization,
            event=event,
            mobile=mobile,
            name=name,
            community=community,
            channel=channels.get(channel),
            actor=actor,
        )
        guests.append(guest)
    for guest in guests[:6]:
        services.guest_check_in(
            organization=organization, event=event, code=guest.code, actor=actor
        )
    services.card_sell(
        organization=organization, event=event, number="51-0001", buyer=guests[0], actor=actor
    )
    for guest, total, card in (
        (guests[0], "86000", "51-0001"),
        (guests[1], "64000", ""),
        (guests[2], "120000", ""),
    ):
        services.signing_record(
            organization=organization,
            event=event,
            guest=guest,
            contract_total=Decimal(total),
            designer="周设计师",
            card_number=card,
            actor=actor,
        )
        services.draw_take(organization=organization, pool=pool, guest=guest, actor=actor)
    vendor = services.vendor_save(
        organization=organization,
        event=event,
        data={"name": "美家瓷砖", "booth": "A-03", "deposit_due": Decimal("5000")},
    )
    services.deposit_record(
        organization=organization, vendor=vendor, kind="paid", amount=Decimal("5000"), actor=actor
    )


# Telecom Day, items 5–9: its own demo step (gifts, quiz, the sealed wheel, desk sales).
from . import demo_telecom, demo_telecom_gifts  # noqa: E402, F401  (Telecom Day)
