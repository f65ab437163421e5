"""Telecom Day's reads: invitation campaigns and their figures, staff quotas, pre-orders,
the personal pre-order ranking, the ranking PDFs, attendance by source and per hour."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncHour
from django.utils import timezone

from campaigns.sms.models import SmsMessage
from campaigns.tenancy import one_or_404, tenant_context

from ..models import (
    DeskSale,
    Guest,
    Invitation,
    InvitationCampaign,
    PreOrder,
    RankingReport,
    StaffQuota,
)
from ..rules import telecom as rules

ZERO = Decimal("0")
INVITATION_PURPOSE = "events.invitation"  # services.invitations.INVITATION_PURPOSE


def campaigns_of(organization, event):
    with tenant_context(organization):
        return list(InvitationCampaign.objects.for_org(organization).filter(event=event))


def campaigns_query(organization, event):
    return InvitationCampaign.objects.for_org(organization).filter(event=event)


def campaign_get(organization, event, campaign_id):
    with tenant_context(organization):
        return one_or_404(campaigns_query(organization, event), pk=campaign_id)


def campaign_stats(organization, campaign):
    """invited, sent (sent or delivered), delivered, failed, waiting, opted out (skipped
    before queueing, or stopped by the worker after a 退订 came in), checked in."""
    with tenant_context(organization):
        by_status = dict(
            SmsMessage.objects.for_org(organization)
            .filter(purpose=INVITATION_PURPOSE, ref_id=campaign.pk)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        skipped = (
            InvitationCampaign.objects.for_org(organization)
            .filter(pk=campaign.pk)
            .values_list("skipped_opted_out", flat=True)
            .first()
        ) or 0
        invitations = Invitation.objects.for_org(organization).filter(campaign=campaign)
        invited = invitations.count()
        checked_in = invitations.filter(guest__checked_in_at__isnull=False).count()
    s = SmsMessage.Status
    return {
        "invited": invited,
        "sent": by_status.get(s.SENT, 0) + by_status.get(s.DELIVERED, 0),
        "delivered": by_status.get(s.DELIVERED, 0),
        "failed": by_status.get(s.FAILED, 0),
        "waiting": by_status.get(s.QUEUED, 0) + by_status.get(s.SENDING, 0),
        "opted_out": skipped + by_status.get(s.OPTED_OUT, 0),
        "checked_in": checked_in,
    }


def sms_invitees_count(organization, event):
    with tenant_context(organization):
        return (
            Guest.objects.for_org(organization)
            .filter(event=event, channel__name=rules.SMS_INVITATION_CHANNEL)
            .count()
        )


def _names(organization, user_ids):
    users = get_user_model().objects.filter(pk__in=set(user_ids))
    return {u.pk: (u.get_full_name() or u.get_username()) for u in users}


def staff_quotas_of(organization, event):
    with tenant_context(organization):
        rows = list(StaffQuota.objects.for_org(organization).filter(event=event))
        names = _names(organization, [q.member_id for q in rows])
    for row in rows:
        row.member_name = names.get(row.member_id, "")
    return sorted(rows, key=lambda r: r.member_name)


def staff_quota_of(organization, event, user):
    with tenant_context(organization):
        return StaffQuota.objects.for_org(organization).filter(event=event, member=user).first()


def preorders_query(organization, event, staff=None):
    rows = PreOrder.objects.for_org(organization).filter(event=event)
    if staff is not None:
        rows = rows.filter(staff=staff)
    return rows.select_related("staff")


def preorder_ranking(organization, event):
    """Every employee with a quota, a pre-order or a desk sale: pre-orders (count, amount),
    what counts toward the sales target (pre-orders and sales at the desks), guests invited
    and checked in against the guests to bring, ranked by pre-order amount (rules.rank)."""
    with tenant_context(organization):
        sales = {
            row["staff_id"]: row
            for row in PreOrder.objects.for_org(organization)
            .filter(event=event)
            .values("staff_id")
            .annotate(count=Count("pk"), amount=Sum("amount"))
        }
        invited = {
            row["invited_by_id"]: row
            for row in Guest.objects.for_org(organization)
            .filter(event=event, invited_by__isnull=False)
            .values("invited_by_id")
            .annotate(invited=Count("pk"), came=Count("pk", filter=Q(checked_in_at__isnull=False)))
        }
        quotas = {
            q.member_id: q for q in StaffQuota.objects.for_org(organization).filter(event=event)
        }
        at_desks = dict(
            DeskSale.objects.for_org(organization)
            .filter(event=event)
            .values("staff_id")
            .annotate(amount=Sum("amount"))
            .values_list("staff_id", "amount")
        )
        names = _names(organization, [*sales, *quotas, *at_desks])
    rows = []
    for user_id in set(sales) | set(quotas) | set(at_desks):
        quota = quotas.get(user_id)
        sold = sales.get(user_id, {})
        guests = invited.get(user_id, {})
        amount = sold.get("amount") or ZERO
        desk_amount = at_desks.get(user_id) or ZERO
        target = quota.sales_target if quota else None
        rows.append(
            {
                "user_id": user_id,
                "name": names.get(user_id, ""),
                "count": sold.get("count", 0),
                "amount": amount,
                "desk_amount": desk_amount,
                "toward_target": amount + desk_amount,
                "target": target,
                "target_percent": rules.percent(amount + desk_amount, target),
                "guests_to_bring": quota.guests_to_bring if quota else None,
                "invited": guests.get("invited", 0),
                "came": guests.get("came", 0),
                "expected_show_percent": quota.expected_show_percent if quota else None,
                "reward_rule": quota.reward_rule if quota else "",
            }
        )
    ranked = rules.rank(rows)
    return {
        "rows": ranked,
        "total_amount": sum((r["amount"] for r in ranked), ZERO),
        "total_count": sum(r["count"] for r in ranked),
        "opens_on": rules.ranking_opens_on(event.date),
    }


def ranking_open(organization, event, today=None):
    today = today or timezone.localdate(timezone=organization.zoneinfo)
    return today >= rules.ranking_opens_on(event.date)


def ranking_reports_of(organization, event):
    with tenant_context(organization):
        return list(RankingReport.objects.for_org(organization).filter(event=event)[:30])


def ranking_report_get(organization, event, report_id):
    with tenant_context(organization):
        return one_or_404(
            RankingReport.objects.for_org(organization).filter(event=event), pk=report_id
        )


def attendance_breakdown(organization, event):
    """Checked-in guests against the target, by source (SMS invitation, staff invitation,
    walk-in, other) and per hour (in the organization's time zone)."""
    zone = organization.zoneinfo
    with tenant_context(organization):
        came = Guest.objects.for_org(organization).filter(event=event, checked_in_at__isnull=False)
        by_channel = list(came.values_list("channel__name").annotate(n=Count("pk")))
        by_hour = list(
            came.annotate(hour=TruncHour("checked_in_at", tzinfo=zone))
            .values("hour")
            .annotate(n=Count("pk"))
            .order_by("hour")
        )
    sources = dict.fromkeys(rules.SOURCES, 0)
    for name, n in by_channel:
        sources[rules.source_of(name)] += n
    total = sum(sources.values())
    target = event.target_attendance
    hours = [
        {"hour": timezone.localtime(row["hour"], zone).strftime("%H:00"), "count": row["n"]}
        for row in by_hour
    ]
    top = max((h["count"] for h in hours), default=0) or 1
    for h in hours:
        h["width"] = round(h["count"] * 100 / top)
    return {
        "checked_in": total,
        "target": target,
        "percent": rules.percent(total, target),
        "to_go": max(target - total, 0),
        "sources": sources,
        "hours": hours,
    }


BIG_SCREEN_SECONDS = 2  # the screens poll every 5 s: figures at most 2 s old


def big_screen_board(organization, event):
    """attendance_breakdown for the big screen, kept BIG_SCREEN_SECONDS in the cache: 200
    screens polling one event share one count instead of each running the aggregates."""
    key = f"events:big-screen:{organization.pk}:{event.pk}"
    board = cache.get(key)
    if board is None:
        board = attendance_breakdown(organization, event)
        cache.set(key, board, BIG_SCREEN_SECONDS)
    return board
