"""Reads of Telecom Day (items 5–9): gift stock and its ledger, birthday gifts, the quiz
and the wheels, desk sales and the per-staff totals (what a sales target reads), the
gift recipients for customer service, the second-development rate, and the plan's
gift-stock alert."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.sms.rules import mask_phone
from campaigns.tenancy import one_or_404, tenant_context

from ..models import (
    BirthdayGift,
    Contact,
    DeskSale,
    Draw,
    FollowUp,
    FollowUpList,
    GiftItem,
    GiftMovement,
    QuizQuestion,
    Spin,
    TelecomSettings,
    Wheel,
)
from ..rules import telecom_gifts as rules

# The seed: gifts in stock three days before the event (DOMAIN.md §4).
STOCK_DUE_DAYS = 3


def user_name(user):
    if user is None:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.username


def telecom_settings(organization, event):
    with tenant_context(organization):
        found = TelecomSettings.objects.for_org(organization).filter(event=event).first()
    return found or TelecomSettings(organization=organization, event=event)


# --- gift stock ---


def gifts_of(organization, event):
    return (
        GiftItem.objects.for_org(organization)
        .filter(event=event)
        .select_related("prize")
        .annotate(left=F("received") - F("issued") + F("returned"))
    )


def gift_get(organization, event, gift_id):
    with tenant_context(organization):
        return one_or_404(gifts_of(organization, event), pk=gift_id)


def gift_chosen(organization, event, gift_id, field="gift"):
    with tenant_context(organization):
        item = gifts_of(organization, event).filter(pk=gift_id).first()
    if item is None:
        raise ValidationError({field: _("Choose a gift of this event.")})
    return item


def gift_movements(organization, item):
    return (
        GiftMovement.objects.for_org(organization).filter(item=item).select_related("guest", "by")
    )


def issue_get(organization, event, movement_id):
    with tenant_context(organization):
        return one_or_404(
            GiftMovement.objects.for_org(organization)
            .filter(item__event=event, kind=GiftMovement.Kind.ISSUED)
            .select_related("item"),
            pk=movement_id,
        )


def returned_issue_ids(organization, item):
    with tenant_context(organization):
        return set(
            GiftMovement.objects.for_org(organization)
            .filter(item=item, returns__isnull=False)
            .values_list("returns_id", flat=True)
        )


def stock_summary(organization, event):
    """What is left of each gift (for the dashboard): name, kind, ordered, received,
    issued, returned, left, short (ordered but not received)."""
    with tenant_context(organization):
        return [
            {
                "id": g.pk,
                "name": g.name,
                "kind": g.get_kind_display(),
                "ordered": g.ordered,
                "received": g.received,
                "issued": g.issued,
                "returned": g.returned,
                "left": g.left,
                "short": max(g.ordered - g.received, 0),
            }
            for g in gifts_of(organization, event)
        ]


@dataclass(frozen=True)
class StockAlert:
    due: datetime.date
    late: bool  # the day has come and some gift is not all in stock
    missing: list  # (gift name, ordered, received)


def stock_alert(organization, event, today=None):
    """Gifts must be in stock STOCK_DUE_DAYS days before the event: from that day on, a gift
    with fewer received than ordered (or none ordered at all) makes the plan's gift task
    red."""
    today = today or timezone.localdate(timezone=organization.zoneinfo)
    due = event.date - datetime.timedelta(days=STOCK_DUE_DAYS)
    with tenant_context(organization):
        gifts = list(GiftItem.objects.for_org(organization).filter(event=event))
    missing = [(g.name, g.ordered, g.received) for g in gifts if g.received < max(g.ordered, 1)]
    return StockAlert(due, today >= due and bool(missing), missing)


# --- birthday, quiz, wheel -------------------------------------------------------------------


def birthday_gifts_of(organization, event):
    return (
        BirthdayGift.objects.for_org(organization)
        .filter(event=event)
        .select_related("guest", "given_by")
    )


def questions_of(organization, event):
    return QuizQuestion.objects.for_org(organization).filter(event=event)


def question_get(organization, event, question_id):
    with tenant_context(organization):
        return one_or_404(questions_of(organization, event), pk=question_id)


def wheels_of(organization, event):
    return Wheel.objects.for_org(organization).filter(event=event).select_related("pool", "spins")


def wheel_get(organization, event, wheel_id):
    with tenant_context(organization):
        return one_or_404(wheels_of(organization, event), pk=wheel_id)


def spins_of(organization, wheel):
    return (
        Spin.objects.for_org(organization)
        .filter(wheel=wheel)
        .select_related("guest", "question", "draw", "draw__prize")
    )


def spin_get(organization, wheel, spin_id):
    with tenant_context(organization):
        return one_or_404(spins_of(organization, wheel), pk=spin_id)


def wheel_segments(organization, wheel):
    """The wheel's slices as sealed: each prize as wide as its weight, "thank you" last
    (rules.draws lays the draw out the same way), for the spin page to draw."""
    from ..models import Prize

    with tenant_context(organization):
        prizes = list(Prize.objects.for_org(organization).filter(pool=wheel.pool_id).order_by("pk"))
    segments = [{"prize_id": p.pk, "label": p.name, "weight": p.weight} for p in prizes]
    if wheel.pool.no_prize_weight:
        segments.append(
            {"prize_id": None, "label": _("Thank you"), "weight": wheel.pool.no_prize_weight}
        )
    return segments


# --- desk sales ---


def desk_sales_of(organization, event, *, staff=None):
    sales = (
        DeskSale.objects.for_org(organization).filter(event=event).select_related("staff", "guest")
    )
    if staff is not None:
        sales = sales.filter(staff=staff)
    return sales


def sales_by_staff(organization, event, *, until=None):
    """Per staff member: sales, quantity and amount, in total and by product line — the
    figure an employee's sales target is compared with."""
    with tenant_context(organization):
        sales = DeskSale.objects.for_org(organization).filter(event=event)
        if until is not None:
            sales = sales.filter(sold_at__lte=until)
        rows = {}
        for r in (
            sales.values("staff_id", "line")
            .annotate(n=Count("pk"), qty=Sum("quantity"), amount=Sum("amount"))
            .order_by()
        ):
            row = rows.setdefault(
                r["staff_id"],
                {
                    "staff_id": r["staff_id"],
                    "sales": 0,
                    "quantity": 0,
                    "amount": Decimal("0"),
                    "by_line": {},
                },
            )
            row["sales"] += r["n"]
            row["quantity"] += r["qty"]
            row["amount"] += r["amount"]
            row["by_line"][r["line"]] = {
                "sales": r["n"],
                "quantity": r["qty"],
                "amount": r["amount"],
            }
        users = {u.pk: u for u in get_user_model().objects.filter(pk__in=list(rows))}
    result = []
    for staff_id, row in rows.items():
        row["name"] = user_name(users.get(staff_id))
        result.append(row)
    return sorted(result, key=lambda r: (-r["amount"], r["name"]))


# --- after the event ---


def second_development_window(organization, event):
    from ..services.draws import event_ends_at  # the one definition of "the event ends"

    settings = telecom_settings(organization, event)
    ends = event_ends_at(event, organization)
    return settings, ends, ends + datetime.timedelta(days=settings.second_development_days)


def second_development(organization, event):
    """The second-development rate: of the customers on the second-contact lists, the share
    with a new sale (a desk sale recorded after the event ends) or a recorded business
    opportunity (a contact with the outcome "visit booked" or "signed later") within the
    period the organization sets after the event ends; per employee (whose list the
    customer is on) and overall, against the target (90 % by default)."""
    settings, start, end = second_development_window(organization, event)
    with tenant_context(organization):
        on_list = (
            FollowUpList.objects.for_org(organization)
            .filter(kind=FollowUpList.Kind.SECOND_CONTACT)
            .values("followup_id")
        )
        followups = list(
            FollowUp.objects.for_org(organization)
            .filter(event=event, pk__in=on_list)
            .values_list("pk", "assignee_id", "guest_id")
        )
        lists = {}
        for _pk, assignee, guest in followups:
            lists.setdefault(assignee, []).append(guest)
        guests = [g for _pk, _a, g in followups]
        sold = set(
            DeskSale.objects.for_org(organization)
            .filter(event=event, guest_id__in=guests, sold_at__gt=start, sold_at__lte=end)
            .values_list("guest_id", flat=True)
        )
        opportunities = set(
            Contact.objects.for_org(organization)
            .filter(
                followup_id__in=[pk for pk, _a, _g in followups],
                outcome__in=[FollowUp.Outcome.VISIT, FollowUp.Outcome.SIGNED],
                at__gt=start,
                at__lte=end,
            )
            .values_list("followup__guest_id", flat=True)
        )
        users = {u.pk: u for u in get_user_model().objects.filter(pk__in=list(lists))}
    target = settings.second_development_target
    rows, overall, total, done = rules.second_development(lists, sold | opportunities, target)
    employees = sorted(
        (
            {
                "employee_id": r.employee_id,
                "name": user_name(users.get(r.employee_id)),
                "customers": r.customers,
                "developed": r.developed,
                "rate": r.rate,
                "behind": r.behind,
            }
            for r in rows
        ),
        key=lambda r: (r["rate"] if r["rate"] is not None else Decimal("101"), r["name"]),
    )
    return {
        "target": target,
        "period_days": settings.second_development_days,
        "from": start,
        "until": end,
        "customers": total,
        "developed": done,
        "rate": overall,
        "behind_target": overall is not None and overall < target,
        "employees": employees,
        "behind": [r["name"] for r in employees if r["behind"]],
    }


def telecom_lists_of(organization, event, kind):
    on_list = FollowUpList.objects.for_org(organization).filter(kind=kind).values("followup_id")
    return (
        FollowUp.objects.for_org(organization)
        .filter(event=event, pk__in=on_list)
        .select_related("guest", "assignee")
    )


def gift_recipients(organization, event):
    """Every gift given at the event, for customer service: (when, gift, reason, guest's
    name, mobile, ID masked, desk, staff). Birthday gifts carry the masked ID only (the
    number is never stored); wheel prizes won are listed from the draws."""
    rows = []
    with tenant_context(organization):
        birthdays = {
            b.movement_id: b for b in BirthdayGift.objects.for_org(organization).filter(event=event)
        }
        issued = (
            GiftMovement.objects.for_org(organization)
            .filter(item__event=event, kind=GiftMovement.Kind.ISSUED)
            .select_related("item", "guest", "by")
            .order_by("at", "pk")
        )
        returned = set(
            GiftMovement.objects.for_org(organization)
            .filter(item__event=event, returns__isnull=False)
            .values_list("returns_id", flat=True)
        )
        linked_prizes = set(
            GiftItem.objects.for_org(organization)
            .filter(event=event, prize__isnull=False)
            .values_list("prize_id", flat=True)
        )
        for m in issued:
            birthday = birthdays.get(m.pk)
            rows.append(
                {
                    "at": m.at,
                    "gift": m.item.name,
                    "reason": m.get_reason_display(),
                    "name": m.guest.name if m.guest else "",
                    "mobile": m.guest.mobile if m.guest else "",
                    "id_masked": birthday.id_masked if birthday else "",
                    "desk": birthday.desk if birthday else "",
                    "staff": user_name(m.by),
                    "returned": m.pk in returned,
                }
            )
        wheels = Wheel.objects.for_org(organization).filter(event=event).values("pool_id")
        for d in (
            Draw.objects.for_org(organization)
            .filter(pool__in=wheels, prize__isnull=False)
            .exclude(prize__in=linked_prizes)
            .select_related("prize", "guest", "drawn_by")
        ):
            rows.append(
                {
                    "at": d.drawn_at,
                    "gift": d.prize.name,
                    "reason": _("Lucky-wheel prize"),
                    "name": d.guest.name,
                    "mobile": d.guest.mobile,
                    "id_masked": "",
                    "desk": "",
                    "staff": user_name(d.drawn_by),
                    "returned": False,
                }
            )
    rows.sort(key=lambda r: r["at"])
    return rows


def masked_mobile(mobile):
    return mask_phone(mobile) if mobile else ""


def prize_chosen(organization, event, prize_id, field="prize"):
    with tenant_context(organization):
        prize = prizes_of_event(organization, event).filter(pk=prize_id).first()
    if prize is None:
        raise ValidationError({field: _("Choose a prize of this event's wheel.")})
    return prize


def prizes_of_event(organization, event):
    """The prizes of the event's wheels (a gift may stand for one)."""
    from ..models import Prize

    wheels = Wheel.objects.for_org(organization).filter(event=event).values("pool_id")
    return Prize.objects.for_org(organization).filter(pool__in=wheels).select_related("pool")
