"""Events, their settings and choices, attendance, the dashboard, report PDFs."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from campaigns import modules
from campaigns.models import Membership
from campaigns.plans.models import BudgetLine, Plan
from campaigns.tenancy import one_or_404, tenant_context

from ..models import (
    Card,
    Event,
    EventReport,
    Guest,
    LeadChannel,
    Quota,
    Signing,
)
from ..rules import offers
from .draws import pools_of, quotas_of
from .followups import followup_progress

ZERO = Decimal("0")


def not_chosen(field):
    return ValidationError({field: _("Choose one of this organization's entries.")})


def plan_chosen(organization, plan_id, field="plan"):
    with tenant_context(organization):
        plan = (
            Plan.objects.for_org(organization)
            .exclude(kind__in=modules.plan_kinds_off(organization))
            .filter(pk=plan_id)
            .first()
        )
    if plan is None:
        raise not_chosen(field)
    return plan


def lead_channel_chosen(organization, channel_id, field="channel"):
    with tenant_context(organization):
        channel = LeadChannel.objects.for_org(organization).filter(pk=channel_id).first()
    if channel is None:
        raise not_chosen(field)
    return channel


def member_users_chosen(organization, user_ids, field):
    """The users (in the order given, once each) who are members of the organization."""
    user_ids = list(dict.fromkeys(user_ids))
    with tenant_context(organization):
        found = {
            m.user_id: m.user
            for m in Membership.objects.for_org(organization)
            .filter(user_id__in=user_ids)
            .select_related("user")
        }
    if len(found) != len(user_ids):
        raise not_chosen(field)
    return [found[pk] for pk in user_ids]


def events_of(organization):
    """The organization's events of the kinds it runs (campaigns/modules.py: with one
    event-day kind off, its events are kept but not shown, and answer 404)."""
    return (
        Event.objects.for_org(organization)
        .exclude(kind__in=modules.plan_kinds_off(organization))
        .select_related("plan")
    )


def event_get(organization, event_id):
    with tenant_context(organization):
        return one_or_404(events_of(organization), pk=event_id)


def event_overview(organization, event):
    """What the event's own page heads with: attendance against target, each prize pool
    (its prizes, what is left, the seal's SHA-256), and the first-N offers."""
    return {
        "attendance": attendance(organization, event),
        "pools": pools_of(organization, event),
        "offers": quotas_of(organization, event),
    }


def lead_channels(organization, *, active_only=True):
    channels = LeadChannel.objects.for_org(organization)
    return channels.filter(active=True) if active_only else channels


def attendance(organization, event):
    with tenant_context(organization):
        checked_in = (
            Guest.objects.for_org(organization)
            .filter(event=event, checked_in_at__isnull=False)
            .count()
        )
    target = event.target_attendance
    return {
        "checked_in": checked_in,
        "target": target,
        "percent": round(checked_in * 100 / target) if target else None,
    }


def event_dashboard(organization, event):
    """Everything the dashboard shows: attendance against target, leads by channel with
    their conversion to signing and cost per lead (where a budget line of the plan names
    the channel), signings and their total, offers given and their cost, prizes left,
    follow-up progress."""
    with tenant_context(organization):
        guests = Guest.objects.for_org(organization).filter(event=event)
        live = Signing.objects.for_org(organization).filter(event=event, voided_at__isnull=True)
        signed_guests = live.values("guest_id")
        by_channel = list(
            guests.values("channel__name")
            .annotate(
                leads=Count("pk"),
                checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
                signed=Count("pk", filter=Q(pk__in=signed_guests)),
            )
            .order_by("-leads", "channel__name")
        )
        budget = list(
            BudgetLine.objects.for_org(organization)
            .filter(plan_id=event.plan_id)
            .values_list("item", "amount")
        )
        totals = live.aggregate(
            n=Count("pk"),
            contracts=Sum("contract_total"),
            due=Sum("amount_due"),
            cards=Sum("card_deduction"),
            vouchers=Sum("group_voucher"),
        )
        quotas = list(Quota.objects.for_org(organization).filter(event=event))
        cards = (
            Card.objects.for_org(organization)
            .filter(event=event)
            .aggregate(
                sold=Count("pk"), gifts=Count("pk", filter=Q(gift_collected_at__isnull=False))
            )
        )
    for row in by_channel:
        row["name"] = row.pop("channel__name") or ""
        row["conversion"] = round(row["signed"] * 100 / row["leads"], 1) if row["leads"] else None
        # a budget line names the channel when its item contains the channel's name
        lines = [amount for item, amount in budget if row["name"] and row["name"] in item]
        cost = sum(lines, ZERO) if lines else None
        row["cost"] = cost
        row["cost_per_lead"] = offers.money(cost / row["leads"]) if cost and row["leads"] else None
    discount = ZERO
    if totals["n"]:
        with tenant_context(organization):
            for total, zhe in live.values_list("contract_total", "discount_zhe"):
                discount += total - offers.money(total * zhe / 10)
    offer_costs = [
        {"name": q.name, "given": q.taken, "size": q.size, "cost": q.value * q.taken}
        for q in quotas
    ]
    return {
        "attendance": attendance(organization, event),
        "leads": sum(r["leads"] for r in by_channel),
        "by_channel": by_channel,
        "signings": totals["n"],
        "contracts_total": totals["contracts"] or ZERO,
        "amount_due_total": totals["due"] or ZERO,
        "offers": {
            "discount": discount,
            "cards": totals["cards"] or ZERO,
            "vouchers": totals["vouchers"] or ZERO,
            "card_gifts": cards["gifts"] * event.card_gift_value,
            "places": offer_costs,
        },
        "cards_sold": cards["sold"],
        "pools": pools_of(organization, event),
        "followups": followup_progress(organization, event),
    }


def reports_of(organization, event):
    with tenant_context(organization):
        return list(
            EventReport.objects.for_org(organization).filter(event=event).select_related("job")[:5]
        )


def report_get(organization, event, report_id):
    with tenant_context(organization):
        return one_or_404(
            EventReport.objects.for_org(organization)
            .filter(event=event)
            .select_related("job", "event__plan"),
            pk=report_id,
        )
