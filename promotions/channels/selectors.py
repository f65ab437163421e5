"""Reads of channels and money: which channels a person sees (every one for managers and
admins, the one that registers as their branch for branch staff: campaigns.branch_scope),
their stock, and a channel's monthly statement."""

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.branch_scope import in_scope
from campaigns.tenancy import one_or_404

from ..bundles.rules import yuan
from ..models import (
    BundleMember,
    Channel,
    ChannelStatement,
    ChannelStock,
    MemberStatus,
    Penalty,
    StockEntry,
)
from . import rules


def channels_visible(membership):
    """Every channel for managers and admins; for branch staff the one that registers as
    their branch (their own stock, ledger and statement), if there is one."""
    return in_scope(Channel.objects.for_org(membership.organization_id), membership)


def channel_visible_or_404(membership, channel_id):
    return one_or_404(channels_visible(membership), pk=channel_id)


def channels_with_stock(membership):
    """The visible channels (a list, in order), each with `stock_rows`: its stock per tier."""
    channels = list(
        channels_visible(membership).select_related("branch").order_by("kind", "name", "pk")
    )
    stock = {}
    for row in (
        ChannelStock.objects.for_org(membership.organization_id)
        .filter(channel__in=[c.pk for c in channels])
        .select_related("tier")
    ):
        stock.setdefault(row.channel_id, []).append(row)
    for channel in channels:
        channel.stock_rows = stock.get(channel.pk, [])
    return channels


def stock_of(channel):
    return (
        ChannelStock.objects.for_org(channel.organization_id)
        .filter(channel=channel)
        .select_related("tier")
    )


def ledger_of(channel):
    """The channel's stock movements, the latest first."""
    return (
        StockEntry.objects.for_org(channel.organization_id)
        .filter(channel=channel)
        .select_related("tier", "counterpart", "registration")
        .order_by("-created_at", "-pk")
    )


def penalties_of(channel):
    return (
        Penalty.objects.for_org(channel.organization_id)
        .filter(channel=channel)
        .select_related("registration")
    )


def statements_of(channel):
    """The statements asked for (PDF made or being made), with their jobs."""
    return (
        ChannelStatement.objects.for_org(channel.organization_id)
        .filter(channel=channel)
        .select_related("job")
    )


def statement_lines(organization, channel, month):
    """The statement's lines (rules.StatementLine), commission first, then deductions."""
    start, end = rules.month_bounds(month, organization.zoneinfo)
    lines = []
    if channel.branch_id:
        first_activations = (
            BundleMember.objects.for_org(organization)
            .filter(registration__branch_id=channel.branch_id, status=MemberStatus.ACTIVATED)
            .values(
                "registration_id",
                "registration__form_number",
                "registration__tier__price",
                "registration__tier__commission",
            )
            .annotate(first=Min("activated_at"))
            .order_by("first")
        )
        for row in first_activations:
            if not start <= row["first"] < end:
                continue
            commission = row["registration__tier__commission"]
            lines.append(
                rules.StatementLine(
                    "commission",
                    _("Form %(form)s") % {"form": row["registration__form_number"]},
                    commission,
                    _(
                        "%(price)s yuan bundle, first member activated %(day)s: commission "
                        "%(amount)s yuan"
                    )
                    % {
                        "price": yuan(row["registration__tier__price"]),
                        "day": timezone.localdate(row["first"], organization.zoneinfo),
                        "amount": yuan(commission),
                    },
                )
            )
    penalties = (
        Penalty.objects.for_org(organization)
        .filter(channel=channel, verified_on__gte=start.date(), verified_on__lt=end.date())
        .select_related("registration", "registration__tier")
        .order_by("verified_on")
    )
    for penalty in penalties:
        lines.append(
            rules.StatementLine(
                "penalty",
                penalty.get_kind_display(),
                -penalty.amount,
                _("Case %(case)s, verified %(day)s: %(amount)s yuan deducted")
                % {
                    "case": penalty.case_reference,
                    "day": penalty.verified_on,
                    "amount": yuan(penalty.amount),
                },
            )
        )
        if penalty.kind == Penalty.Kind.LOST_FORM and penalty.registration:
            forfeit = penalty.registration.tier.commission
            lines.append(
                rules.StatementLine(
                    "forfeit",
                    _("Form %(form)s lost") % {"form": penalty.registration.form_number},
                    -forfeit,
                    _("Case %(case)s: the bundle's commission of %(amount)s yuan is forfeited")
                    % {"case": penalty.case_reference, "amount": yuan(forfeit)},
                )
            )
    return lines


STOCK_LOW = 5  # bundles of a tier a channel holds at most for its stock to be running out


def stock_running_out(organization):
    """The channels' stock rows of STOCK_LOW bundles or fewer (none left included): the
    manager's home (promotions/home.py), fewest first."""
    return list(
        ChannelStock.objects.for_org(organization)
        .filter(quantity__lte=STOCK_LOW)
        .select_related("channel", "tier")
        .order_by("quantity", "channel__name", "tier__price")
    )
