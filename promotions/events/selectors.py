"""Reads of event days, for the pages and the API alike. Each opens the organization's
tenant context; lists are querysets the caller pages."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from campaigns.models import Membership
from campaigns.plans.models import BudgetLine, Plan
from campaigns.roles import Role, can
from campaigns.tenancy import one_or_404, tenant_context

from .models import (
    AgendaItem,
    Card,
    Contact,
    CustomerProfile,
    DepositEntry,
    Draw,
    Event,
    EventReport,
    FollowUp,
    Guest,
    LeadChannel,
    Place,
    Prize,
    PrizePool,
    Quota,
    Signing,
    SigningChange,
    Vendor,
    VendorOrder,
)
from .permissions import Perm
from .rules import offers

ZERO = Decimal("0")


def _not_chosen(field):
    return ValidationError({field: _("Choose one of this organization's entries.")})


# --- rows chosen by id in a request's body: the row, or a field error (a missing row and
# another organization's answer alike) ---------------------------------------------------


def plan_chosen(organization, plan_id, field="plan"):
    with tenant_context(organization):
        plan = Plan.objects.for_org(organization).filter(pk=plan_id).first()
    if plan is None:
        raise _not_chosen(field)
    return plan


def lead_channel_chosen(organization, channel_id, field="channel"):
    with tenant_context(organization):
        channel = LeadChannel.objects.for_org(organization).filter(pk=channel_id).first()
    if channel is None:
        raise _not_chosen(field)
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
        raise _not_chosen(field)
    return [found[pk] for pk in user_ids]


def guest_chosen(organization, event, guest_id, field="guest"):
    with tenant_context(organization):
        guest = Guest.objects.for_org(organization).filter(event=event, pk=guest_id).first()
    if guest is None:
        raise ValidationError({field: _("Choose a guest of this event.")})
    return guest


def pool_chosen(organization, event, pool_id, field="pool"):
    with tenant_context(organization):
        pool = PrizePool.objects.for_org(organization).filter(event=event, pk=pool_id).first()
    if pool is None:
        raise ValidationError({field: _("Choose a prize pool of this event.")})
    return pool


def events_of(organization):
    return Event.objects.for_org(organization).select_related("plan")


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


def guests_of(organization, event, *, search=""):
    guests = Guest.objects.for_org(organization).filter(event=event).select_related("channel")
    search = (search or "").strip()
    if search:
        guests = guests.filter(
            Q(mobile__contains=search) | Q(name__icontains=search) | Q(community__icontains=search)
        )
    return guests


def guest_get(organization, event, guest_id):
    with tenant_context(organization):
        return one_or_404(
            Guest.objects.for_org(organization).filter(event=event).select_related("channel"),
            pk=guest_id,
        )


def guest_detail(organization, guest):
    """The first-N places a guest holds and the 51 cards they bought."""
    return {
        "places": places_of_guest(organization, guest),
        "cards": cards_of_guest(organization, guest),
    }


def guest_by_mobile(organization, event, mobile):
    with tenant_context(organization):
        return Guest.objects.for_org(organization).filter(event=event, mobile=mobile).first()


def profile_of(organization, guest):
    """The guest's customer information form, or an empty (unsaved) one."""
    with tenant_context(organization):
        found = CustomerProfile.objects.for_org(organization).filter(guest=guest).first()
    return found or CustomerProfile(organization=organization, guest=guest)


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


def signings_of(organization, event, *, include_voided=True):
    signings = (
        Signing.objects.for_org(organization).filter(event=event).select_related("guest", "card")
    )
    return signings if include_voided else signings.filter(voided_at__isnull=True)


def signing_get(organization, event, signing_id):
    with tenant_context(organization):
        return one_or_404(signings_of(organization, event), pk=signing_id)


def signing_history(organization, signing):
    with tenant_context(organization):
        return list(
            SigningChange.objects.for_org(organization).filter(signing=signing).select_related("by")
        )


def places_of_signing(organization, signing):
    with tenant_context(organization):
        return list(
            Place.objects.for_org(organization).filter(signing=signing).select_related("quota")
        )


def signing_detail(organization, signing):
    """A signing's history (oldest first) and the first-N places it earned."""
    return {
        "history": signing_history(organization, signing),
        "places": places_of_signing(organization, signing),
    }


def places_of_quota(organization, quota):
    return (
        Place.objects.for_org(organization)
        .filter(quota=quota)
        .select_related("guest", "quota")
        .order_by("number", "pk")
    )


def places_of_guest(organization, guest):
    with tenant_context(organization):
        return list(
            Place.objects.for_org(organization)
            .filter(guest=guest, voided_at__isnull=True)
            .select_related("quota")
        )


def cards_of(organization, event):
    return Card.objects.for_org(organization).filter(event=event).select_related("buyer")


def card_get(organization, event, card_id):
    with tenant_context(organization):
        return one_or_404(cards_of(organization, event), pk=card_id)


def cards_of_guest(organization, guest):
    with tenant_context(organization):
        return list(Card.objects.for_org(organization).filter(buyer=guest))


def quotas_of(organization, event):
    with tenant_context(organization):
        return list(Quota.objects.for_org(organization).filter(event=event).select_related("pool"))


def quota_get(organization, event, quota_id):
    with tenant_context(organization):
        return one_or_404(Quota.objects.for_org(organization).filter(event=event), pk=quota_id)


def pools_of(organization, event):
    """Each pool with its prizes and what is left."""
    with tenant_context(organization):
        pools = list(PrizePool.objects.for_org(organization).filter(event=event))
        prizes = {}
        for prize in Prize.objects.for_org(organization).filter(pool__in=pools):
            prize.left = prize.stock - prize.taken
            prizes.setdefault(prize.pool_id, []).append(prize)
    for pool in pools:
        pool.prizes = prizes.get(pool.pk, [])
        pool.left = sum(p.left for p in pool.prizes)
    return pools


def pool_get(organization, event, pool_id):
    with tenant_context(organization):
        return one_or_404(PrizePool.objects.for_org(organization).filter(event=event), pk=pool_id)


def pool_detail(organization, event, pool_id):
    """One pool with its prizes and what is left."""
    pool = pool_get(organization, event, pool_id)
    pool.prizes = prizes_of(organization, pool)
    pool.left = sum(p.left for p in pool.prizes)
    return pool


def pool_choices(organization, event):
    """The event's pools, for a form's choice."""
    return PrizePool.objects.for_org(organization).filter(event=event)


def prizes_of(organization, pool):
    """The pool's prizes, each with what is left."""
    with tenant_context(organization):
        prizes = list(Prize.objects.for_org(organization).filter(pool=pool))
    for prize in prizes:
        prize.left = prize.stock - prize.taken
    return prizes


def prize_get(organization, pool, prize_id):
    with tenant_context(organization):
        return one_or_404(Prize.objects.for_org(organization).filter(pool=pool), pk=prize_id)


def draws_of(organization, pool):
    return (
        Draw.objects.for_org(organization)
        .filter(pool=pool)
        .select_related("guest", "prize", "drawn_by", "place")
    )


def draw_get(organization, pool, draw_id):
    with tenant_context(organization):
        return one_or_404(draws_of(organization, pool), pk=draw_id)


def pool_by_verify_code(organization, code):
    with tenant_context(organization):
        return (
            PrizePool.objects.for_org(organization)
            .filter(verify_code=code)
            .select_related("event")
            .first()
        )


def agenda_of(organization, event):
    with tenant_context(organization):
        return list(AgendaItem.objects.for_org(organization).filter(event=event))


def agenda_item_get(organization, event, item_id):
    with tenant_context(organization):
        return one_or_404(AgendaItem.objects.for_org(organization).filter(event=event), pk=item_id)


def vendors_of(organization, event):
    """Vendors with their deposit: paid, refunded, kept, held."""
    with tenant_context(organization):
        vendors = list(Vendor.objects.for_org(organization).filter(event=event))
        sums = {}
        for vendor_id, kind, total in (
            DepositEntry.objects.for_org(organization)
            .filter(vendor__in=vendors)
            .values_list("vendor_id", "kind")
            .annotate(total=Sum("amount"))
        ):
            sums[(vendor_id, kind)] = total
        orders = dict(
            VendorOrder.objects.for_org(organization)
            .filter(vendor__in=vendors)
            .values_list("vendor_id")
            .annotate(total=Sum("amount"))
        )
    for v in vendors:
        v.paid = sums.get((v.pk, DepositEntry.Kind.PAID), ZERO)
        v.refunded = sums.get((v.pk, DepositEntry.Kind.REFUNDED), ZERO)
        v.kept = sums.get((v.pk, DepositEntry.Kind.KEPT), ZERO)
        v.held = v.paid - v.refunded - v.kept
        v.orders_total = orders.get(v.pk, ZERO)
    return vendors


def vendor_get(organization, event, vendor_id):
    with tenant_context(organization):
        return one_or_404(Vendor.objects.for_org(organization).filter(event=event), pk=vendor_id)


def vendor_detail(organization, event, vendor_id):
    """One vendor with its deposit (paid, refunded, kept, held) and orders total."""
    for vendor in vendors_of(organization, event):
        if vendor.pk == vendor_id:
            return vendor
    raise Http404


def vendor_of_user(organization, event, user):
    """The vendor this login records orders for, if it is a vendor's login."""
    with tenant_context(organization):
        return Vendor.objects.for_org(organization).filter(event=event, user=user).first()


def deposit_ledger(organization, event, *, vendor=None):
    """The event's deposit movements (one vendor's, if given), oldest first."""
    entries = (
        DepositEntry.objects.for_org(organization)
        .filter(vendor__event=event)
        .select_related("vendor", "by")
    )
    return entries.filter(vendor=vendor) if vendor is not None else entries


def vendor_orders(organization, vendor):
    return VendorOrder.objects.for_org(organization).filter(vendor=vendor).select_related("guest")


def vendor_orders_visible(organization, event, vendor, user):
    """A vendor's orders; a vendor's own login sees its own vendor's only (another
    vendor's answer 404, as a missing one)."""
    own = vendor_of_user(organization, event, user)
    if own is not None and own.pk != vendor.pk:
        raise Http404
    return vendor_orders(organization, vendor)


def vendor_orders_summary(organization, vendor):
    """How many orders the vendor took on site, and their total."""
    with tenant_context(organization):
        totals = vendor_orders(organization, vendor).aggregate(n=Count("pk"), total=Sum("amount"))
    return {"count": totals["n"], "total": totals["total"] or ZERO}


def followups_of(organization, event, *, assignee=None):
    followups = (
        FollowUp.objects.for_org(organization)
        .filter(event=event)
        .select_related("guest", "assignee")
    )
    return followups.filter(assignee=assignee) if assignee is not None else followups


def followup_get(organization, event, followup_id):
    with tenant_context(organization):
        return one_or_404(followups_of(organization, event), pk=followup_id)


def followup_assignee_chosen(organization, event, user_id, field="leaver"):
    """An employee who holds guests of the event's follow-up lists (who may since have
    left the organization)."""
    with tenant_context(organization):
        followup = (
            FollowUp.objects.for_org(organization)
            .filter(event=event, assignee_id=user_id)
            .select_related("assignee")
            .first()
        )
    if followup is None:
        raise ValidationError({field: _("Choose an employee who has guests on this list.")})
    return followup.assignee


def followups_visible(organization, membership, event, *, assignee_id=None):
    """Managers see every list (or one employee's); the others their own list only."""
    followups = followups_of(organization, event)
    if not can(membership.role, Perm.MANAGE_EVENTS):
        return followups.filter(assignee_id=membership.user_id)
    if assignee_id is not None:
        return followups.filter(assignee_id=assignee_id)
    return followups


def followup_visible_get(organization, membership, event, followup_id):
    """One guest of a follow-up list, with its contacts (newest first); another
    employee's guest answers 404 to whoever sees only their own list."""
    with tenant_context(organization):
        followup = one_or_404(followups_visible(organization, membership, event), pk=followup_id)
    followup.contacts = contacts_of(organization, followup)
    return followup


def contacts_of(organization, followup):
    with tenant_context(organization):
        return list(
            Contact.objects.for_org(organization).filter(followup=followup).select_related("by")
        )


def followup_progress(organization, event):
    """Per employee: guests on the list, contacted at least once, closed, open."""
    with tenant_context(organization):
        rows = (
            FollowUp.objects.for_org(organization)
            .filter(event=event)
            .values(
                "assignee_id", "assignee__username", "assignee__first_name", "assignee__last_name"
            )
            .annotate(
                total=Count("pk"),
                contacted=Count("pk", filter=~Q(outcome=FollowUp.Outcome.OPEN)),
                closed=Count("pk", filter=Q(outcome__in=FollowUp.CLOSED)),
                signed=Count("pk", filter=Q(outcome=FollowUp.Outcome.SIGNED)),
            )
            .order_by("assignee__username")
        )
        return [
            {
                "assignee_id": r["assignee_id"],
                "name": f"{r['assignee__last_name']}{r['assignee__first_name']}".strip()
                or r["assignee__username"],
                "total": r["total"],
                "contacted": r["contacted"],
                "closed": r["closed"],
                "signed": r["signed"],
                "open": r["total"] - r["closed"],
            }
            for r in rows
        ]


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


# -- the public verification of a pool's draws ----------------------------------------------


@dataclass(frozen=True)
class PublicPool:
    """What the public verification page shows: the pool as sealed (each prize with the
    stock it was sealed with), the published hash, the seed once revealed, every draw
    with the guest's mobile masked."""

    pool: PrizePool
    event: Event
    prizes: list
    draws: list


def pool_public(organization, verify_code):
    """The pool with this verification code, everything read inside the organization's
    context (the page has no signed-in member); None for an unknown code."""
    with tenant_context(organization):
        pool = pool_by_verify_code(organization, verify_code)
        if pool is None or pool.sealed_at is None:
            return None
        prizes = list(Prize.objects.for_org(organization).filter(pool=pool))
        draws = list(draws_of(organization, pool))
    return PublicPool(pool=pool, event=pool.event, prizes=prizes, draws=draws)


# -- follow-ups as each member sees them ----------------------------------------------------


def follow_up_employees(organization):
    """The users among whom a follow-up list can be split: members whose role may work a
    follow-up list."""
    roles = [role for role in Role if can(role, Perm.FOLLOW_UP)]
    with tenant_context(organization):
        ids = list(
            Membership.objects.for_org(organization)
            .filter(role__in=roles, user__is_active=True)
            .values_list("user_id", flat=True)
        )
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk")


def followup_assignees(organization, event):
    """The users holding guests of the event's follow-up lists (who may leave)."""
    with tenant_context(organization):
        ids = list(
            FollowUp.objects.for_org(organization)
            .filter(event=event)
            .values_list("assignee_id", flat=True)
            .distinct()
        )
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk")


def followups_seen_by(organization, event, membership, *, assignee_id=None):
    """The follow-ups a member may see: a manager everyone's (or one employee's), anyone
    else their own list only."""
    followups = followups_of(organization, event)
    if not can(membership.role, Perm.MANAGE_EVENTS):
        return followups.filter(assignee_id=membership.user_id)
    if assignee_id is not None:
        return followups.filter(assignee_id=assignee_id)
    return followups


def followup_seen_by(organization, event, membership, followup_id):
    """One follow-up the member may see, or 404 (another employee's alike)."""
    with tenant_context(organization):
        return one_or_404(followups_seen_by(organization, event, membership), pk=followup_id)
