"""Starting an event from its plan, its settings and offers, and what a new organization
starts with (the lead channels)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from campaigns import money
from campaigns.organization_setup import set_up_step
from campaigns.plans.models import Plan, PlanKind
from campaigns.tenancy import check_same_organization, tenant_context

from ..models import AgendaItem, Event, LeadChannel, PrizePool, Quota

EVENT_KINDS = (PlanKind.DECORATION_EVENT, PlanKind.TELECOM_DAY)

# The seed's pre-promotion channels (第4篇), plus the two ways a guest comes without one.
DEFAULT_CHANNELS = (
    "DM单页",
    "短信",
    "外展点",
    "扫楼",
    "拱门",
    "电梯广告",
    "报纸",
    "网络",
    "员工邀约",
    "自然到访",
)

# The decoration event's programme (第4篇): the consultation is 10 minutes' talk and 5 of
# questions, each vendor has at most 10 minutes, then the signing customers' lottery.
DECORATION_AGENDA = (
    ("开场", None, "主持人介绍流程和优惠"),
    ("家装咨询", 15, "讲解10分钟 + 答疑5分钟"),
    ("商家介绍", 10, "每家不超过10分钟"),
    ("签单客户抽奖", None, ""),
    ("自由洽谈", None, "设计师一对一，参观样板间"),
)
GOLDEN_EGGS, GIFT_PACKS = 30, 5
EVENT_SETTINGS = (
    "date",
    "last_day",
    "ends_at",
    "venue",
    "target_attendance",
    "card_price",
    "card_gift_value",
    "card_deduction",
    "discount_zhe",
    "group_voucher_value",
    "group_min_size",
    "group_scope",
)


@set_up_step
def organization_set_up(*, organization):
    lead_channels_ensure_defaults(organization=organization)


def lead_channels_ensure_defaults(*, organization):
    with tenant_context(organization):
        if LeadChannel.objects.for_org(organization).exists():
            return
        LeadChannel.objects.bulk_create(
            LeadChannel(organization=organization, name=name, position=i)
            for i, name in enumerate(DEFAULT_CHANNELS)
        )


def lead_channel_save(*, organization, name, channel=None, active=True):
    with tenant_context(organization):
        if channel is None:
            last = LeadChannel.objects.for_org(organization).order_by("-position").first()
            channel = LeadChannel(
                organization=organization, position=(last.position + 1) if last else 0
            )
        check_same_organization(organization, channel=channel)
        channel.name, channel.active = (name or "").strip(), active
        channel.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                channel.save()
        except IntegrityError as exc:
            raise ValidationError({"name": _("A channel with this name exists.")}) from exc
    return channel


def event_start(*, organization, plan, date, venue="", target_attendance=0, ends_at=None):
    """Run an event-kind plan. The event day becomes the plan's anchor date, so the
    plan's relative timeline (20 days before, the day after, ...) counts from it. A
    decoration event starts with the seed's offers: the first 30 signers' golden eggs
    (every egg wins: a pool without "no prize", whose prizes the manager adds before
    sealing it), the first 5 signers' gift packs (about 1,000 each), and the timed agenda."""
    check_same_organization(organization, plan=plan)
    with tenant_context(organization):
        if plan.kind not in EVENT_KINDS:
            raise ValidationError(
                {"plan": _("Choose a plan of the decoration event or Telecom Day kind.")}
            )
        if Event.objects.for_org(organization).filter(plan=plan).exists():
            raise ValidationError({"plan": _("This plan already runs an event.")})
        event = Event(
            organization=organization,
            plan=plan,
            kind=plan.kind,
            date=date,
            last_day=date,
            ends_at=ends_at or datetime.time(18, 0),
            venue=venue or "",
            target_attendance=target_attendance or 0,
        )
        event.full_clean(exclude=["plan"])
        event.save()
        _move_plan_dates(organization, event)
        if plan.kind == PlanKind.DECORATION_EVENT:
            _decoration_defaults(organization, event)
    return event


def _decoration_defaults(organization, event):
    eggs = PrizePool.objects.create(organization=organization, event=event, name="金蛋")
    Quota.objects.create(
        organization=organization,
        event=event,
        name="前30名砸金蛋",
        size=GOLDEN_EGGS,
        pool=eggs,
    )
    Quota.objects.create(
        organization=organization, event=event, name="前5名家电大礼包", size=GIFT_PACKS, value=1000
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            organization=organization,
            event=event,
            position=i,
            title=title,
            limit_minutes=limit,
            note=note,
        )
        for i, (title, limit, note) in enumerate(DECORATION_AGENDA)
    )


def _move_plan_dates(organization, event):
    """The plan's anchor date and first/last day follow the event's days (the plan's
    relative tasks are computed from the anchor date)."""
    Plan.objects.for_org(organization).filter(pk=event.plan_id).update(
        anchor_date=event.date, start_date=event.date, end_date=event.last_day
    )


def event_update(*, organization, event, data):
    """Change the event's day, venue, target and offers (the keys of `data` among
    EVENT_SETTINGS). A moved day moves the plan's timeline."""
    check_same_organization(organization, event=event)
    money.check_amounts(
        organization.amount_ceilings,
        {
            "card_price": (money.Kind.PRICE, data.get("card_price")),
            "card_gift_value": (money.Kind.REWARD, data.get("card_gift_value")),
            "card_deduction": (money.Kind.REWARD, data.get("card_deduction")),
            "group_voucher_value": (money.Kind.REWARD, data.get("group_voucher_value")),
        },
    )
    with tenant_context(organization):
        locked = Event.objects.for_org(organization).select_for_update().get(pk=event.pk)
        days = (locked.date, locked.last_day)
        if "date" in data and "last_day" not in data and data["date"] is not None:
            # a moved event keeps its length
            data = {**data, "last_day": data["date"] + (locked.last_day - locked.date)}
        for field in EVENT_SETTINGS:
            if field in data:
                setattr(locked, field, data[field])
        moved = (locked.date, locked.last_day) != days
        locked.full_clean(exclude=["plan"])
        locked.save()
        if moved:
            _move_plan_dates(organization, locked)
    return locked


def quota_save(
    *, organization, event, name, size, value=0, pool=None, returns_on_void=False, quota=None
):
    """Add or change a first-N offer. Its size cannot fall below the places given."""
    check_same_organization(organization, event=event, pool=pool, quota=quota)
    money.check_amounts(organization.amount_ceilings, {"value": (money.Kind.REWARD, value)})
    with tenant_context(organization):
        if pool is not None and pool.event_id != event.pk:
            raise ValidationError({"pool": _("Choose a prize pool of this event.")})
        if quota is None:
            quota = Quota(organization=organization, event=event)
        else:
            quota = Quota.objects.for_org(organization).select_for_update().get(pk=quota.pk)
            if size < quota.taken:
                raise ValidationError(
                    {
                        "size": _("%(n)d places are already given; it cannot be fewer.")
                        % {"n": quota.taken}
                    }
                )
        quota.name, quota.size, quota.value = (name or "").strip(), size, value
        quota.pool, quota.returns_on_void = pool, returns_on_void
        quota.full_clean(exclude=["event", "pool"], validate_constraints=False)
        try:
            with transaction.atomic():
                quota.save()
        except IntegrityError as exc:
            raise ValidationError({"name": _("This event has an offer with this name.")}) from exc
    return quota
