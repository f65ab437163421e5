"""Channel pages: stock per channel and tier with the forms that move it, one channel's
ledger, penalties and monthly statement (on screen, and its PDF through the job)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.query_params import query_month
from campaigns.roles import can
from campaigns.tenancy import get_for_org_or_404
from campaigns.views import apply_service, org_page
from promotions.permissions import Perm

from ..bundles.rules import yuan
from ..models import ChannelStatement
from . import rules, selectors, services
from .forms import ChannelForm, PenaltyForm, StockForm


def _overview(request, organization, channel_form=None, stock_form=None, status=200):
    channels = selectors.channels_with_stock(request.membership)
    manage = can(request.membership.role, Perm.MANAGE_CHANNELS)
    return render(
        request,
        "promotions/channels.html",
        {
            "channels": channels,
            "can_manage": manage,
            "channel_form": channel_form
            or (ChannelForm(organization=organization) if manage else None),
            "stock_form": stock_form or (StockForm(organization=organization) if manage else None),
        },
        status=status,
    )


@org_page(Perm.VIEW_CHANNELS)
def channels(request, organization):
    return _overview(request, organization)


@require_POST
@org_page(Perm.MANAGE_CHANNELS)
def channel_new(request, organization):
    form = ChannelForm(request.POST, organization=organization)
    if form.is_valid() and apply_service(
        form, lambda: services.channel_save(organization=organization, **form.cleaned_data)
    ):
        messages.success(request, _("Channel saved."))
        return redirect("bundle_channels", org_slug=organization.slug)
    return _overview(request, organization, channel_form=form, status=400)


@require_POST
@org_page(Perm.MANAGE_CHANNELS)
def stock_move(request, organization):
    form = StockForm(request.POST, organization=organization)
    if form.is_valid():
        data = form.cleaned_data
        common = {
            "organization": organization,
            "actor": request.user,
            "tier": data["tier"],
            "quantity": data["quantity"],
        }

        def move():
            if data["action"] == "make":
                return services.stock_make(**common)
            if data["channel"] is None:
                raise ValidationError({"channel": _("Choose the channel.")})
            call = services.stock_draw if data["action"] == "draw" else services.stock_buy
            return call(channel=data["channel"], **common)

        if apply_service(form, move):
            messages.success(request, _("Stock recorded."))
            return redirect("bundle_channels", org_slug=organization.slug)
    return _overview(request, organization, stock_form=form, status=400)


def _channel(request, channel_id):
    return selectors.channel_visible_or_404(request.membership, channel_id)


def _month(request):
    """The month asked for (?month=YYYY-MM); this month when none. An unreadable one is a
    400 saying so."""
    return query_month(request, "month", rules.parse_month) or timezone.localdate().replace(day=1)


@org_page(Perm.VIEW_CHANNELS)
def channel_detail(request, organization, channel_id, penalty_form=None, status=200):
    channel = _channel(request, channel_id)
    month = _month(request)
    lines = selectors.statement_lines(organization, channel, month)
    manage = can(request.membership.role, Perm.MANAGE_CHANNELS)
    return render(
        request,
        "promotions/channel_detail.html",
        {
            "channel": channel,
            "month": month,
            "lines": lines,
            "total": rules.statement_total(lines),
            "stock": selectors.stock_of(channel),
            "entries": selectors.ledger_of(channel)[:200],
            "penalties": selectors.penalties_of(channel),
            "statements": selectors.statements_of(channel),
            "can_manage": manage,
            "penalty_form": penalty_form
            or (
                PenaltyForm(channel=channel, initial={"verified_on": timezone.localdate()})
                if manage
                else None
            ),
        },
        status=status,
    )


@require_POST
@org_page(Perm.MANAGE_CHANNELS)
def channel_recall(request, organization, channel_id):
    channel = _channel(request, channel_id)
    try:
        refunded = services.stock_recall(
            organization=organization, actor=request.user, channel=channel
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Unsold stock recalled; %(amount)s yuan to refund.") % {"amount": yuan(refunded)},
        )
    return redirect("bundle_channel", org_slug=organization.slug, channel_id=channel.pk)


@require_POST
@org_page(Perm.MANAGE_CHANNELS)
def penalty_new(request, organization, channel_id):
    channel = _channel(request, channel_id)
    form = PenaltyForm(request.POST, channel=channel)
    if form.is_valid() and apply_service(
        form,
        lambda: services.penalty_record(
            organization=organization, actor=request.user, channel=channel, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Penalty recorded."))
        return redirect("bundle_channel", org_slug=organization.slug, channel_id=channel.pk)
    request.method = "GET"  # the page as it is, with the form's errors
    return channel_detail.__wrapped__(
        request, organization, channel_id=channel.pk, penalty_form=form, status=400
    )


@require_POST
@org_page(Perm.MANAGE_CHANNELS)
def statement_make(request, organization, channel_id):
    channel = _channel(request, channel_id)
    month = rules.parse_month(request.POST.get("month"))
    page = reverse(
        "bundle_channel", kwargs={"org_slug": organization.slug, "channel_id": channel.pk}
    )
    if month is None:  # nothing is queued for a month nobody asked for
        messages.error(request, _("Give the month as YYYY-MM."))
        return redirect(page)
    try:
        services.statement_request(
            organization=organization, channel=channel, month=month, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The PDF is being made; it will be listed below."))
    return redirect(page + f"?month={month:%Y-%m}")


@org_page(Perm.VIEW_CHANNELS)
def statement_download(request, organization, channel_id, channel_statement_id):
    channel = _channel(request, channel_id)
    statement = get_for_org_or_404(
        ChannelStatement, organization, channel=channel, pk=channel_statement_id
    )
    if not statement.file or not statement.file.storage.exists(statement.file.name):
        raise Http404
    return FileResponse(
        statement.file.open("rb"),
        as_attachment=True,
        filename=f"statement-{statement.month:%Y-%m}.pdf",
        content_type="application/pdf",
    )
