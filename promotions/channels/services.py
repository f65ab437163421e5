"""Channels and money: stock made by the marketing department, drawn by county branches,
bought outright by social channels, used by registrations, recalled with a refund of
unsold stock at its price; penalties recorded only for a verified case; a monthly
statement's PDF asked for. Every stock movement is one conditional update of the holder's
row (never below zero) plus a ledger entry, in one transaction."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import jobs
from campaigns.tenancy import check_same_organization, tenant_context

from ..bundles.rules import yuan
from ..models import Channel, ChannelStatement, ChannelStock, Penalty, StockEntry
from . import rules

MARKETING_NAME = "市场部"
STATEMENT_PDF_JOB = "bundle.statement_pdf"  # made by channels.statement_pdf

ZERO = Decimal("0")


def channel_save(*, organization, name, kind, branch=None, supplier=None):
    name = (name or "").strip()
    check_same_organization(organization, branch=branch, supplier=supplier)
    if kind == Channel.Kind.DEALER and supplier is None:
        raise ValidationError(
            {"supplier": _("A social channel buys from a county branch; choose it.")}
        )
    with tenant_context(organization):
        channel = Channel(
            organization=organization, name=name, kind=kind, branch=branch, supplier=supplier
        )
        channel.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                channel.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"name": _("A channel with this name or branch exists.")}
            ) from exc
    return channel


def marketing_channel(organization):
    with tenant_context(organization):
        channel = (
            Channel.objects.for_org(organization)
            .filter(kind=Channel.Kind.MARKETING)
            .order_by("pk")
            .first()
        )
        if channel is None:
            channel = Channel.objects.create(
                organization=organization, name=MARKETING_NAME, kind=Channel.Kind.MARKETING
            )
    return channel


def stock_make(*, organization, actor, tier, quantity):
    """The marketing department makes bundles."""
    check_same_organization(organization, tier=tier)
    _positive(quantity)
    with tenant_context(organization):
        channel = marketing_channel(organization)
        _add(organization, channel, tier, quantity)
        _entry(organization, channel, tier, StockEntry.Kind.MADE, quantity, actor=actor)


def stock_draw(*, organization, actor, channel, tier, quantity):
    """A county branch draws bundles from the marketing department (recorded)."""
    check_same_organization(organization, channel=channel, tier=tier)
    _positive(quantity)
    if channel.kind != Channel.Kind.COUNTY:
        raise ValidationError({"channel": _("Only county branches draw bundles.")})
    with tenant_context(organization):
        source = marketing_channel(organization)
        _move(organization, source, channel, tier, quantity, StockEntry.Kind.DRAWN, actor)


def stock_buy(*, organization, actor, channel, tier, quantity):
    """A social channel buys bundles outright from its county branch, at the tier's price."""
    check_same_organization(organization, channel=channel, tier=tier)
    _positive(quantity)
    if channel.kind != Channel.Kind.DEALER or channel.supplier_id is None:
        raise ValidationError({"channel": _("Only social channels buy bundles outright.")})
    with tenant_context(organization):
        _move(
            organization,
            channel.supplier,
            channel,
            tier,
            quantity,
            StockEntry.Kind.BOUGHT,
            actor,
            amount=tier.price * quantity,
        )


def stock_use(*, organization, registration, actor):
    """A registration takes one bundle of its tier from the stock of the channel its branch
    registers as (branches without a channel keep no stock)."""
    channel = Channel.objects.for_org(organization).filter(branch=registration.branch).first()
    if channel is None:
        return None
    if not _take(organization, channel, registration.tier, 1):
        raise ValidationError(
            {
                "tier": _(
                    "No %(price)s yuan bundles are left at %(channel)s; draw or buy some first."
                )
                % {"price": yuan(registration.tier.price), "channel": channel.name}
            }
        )
    return _entry(
        organization,
        channel,
        registration.tier,
        StockEntry.Kind.USED,
        -1,
        actor=actor,
        registration=registration,
    )


def stock_recall(*, organization, actor, channel):
    """Take back every unsold bundle of the channel into the marketing department's stock;
    a social channel gets back what it paid for them (the tier's price each)."""
    check_same_organization(organization, channel=channel)
    with tenant_context(organization):
        target = marketing_channel(organization)
        if channel.pk == target.pk:
            raise ValidationError(_("The marketing department's own stock is not recalled."))
        refunded = Decimal("0")
        for stock in (
            ChannelStock.objects.for_org(organization)
            .filter(channel=channel, quantity__gt=0)
            .select_related("tier")
        ):
            quantity = stock.quantity
            if not _take(organization, channel, stock.tier, quantity):
                raise ValidationError(_("The stock changed meanwhile; try again."))
            refund = stock.tier.price * quantity if channel.kind == Channel.Kind.DEALER else ZERO
            _add(organization, target, stock.tier, quantity)
            _entry(
                organization,
                channel,
                stock.tier,
                StockEntry.Kind.RECALLED,
                -quantity,
                actor=actor,
                amount=-refund,
                counterpart=target,
            )
            refunded += refund
    return refunded


def penalty_record(
    *,
    organization,
    actor,
    channel,
    kind,
    case_reference,
    verified,
    verified_on,
    registration=None,
    note="",
):
    """A deduction for a verified case only (split sale 100; misleading 50; wrong data 50;
    late entry 50; lost form 50 plus that bundle's commission, on the statement)."""
    check_same_organization(organization, channel=channel, registration=registration)
    errors = {}
    case_reference = (case_reference or "").strip()
    if not verified or not case_reference:
        errors["case_reference"] = _(
            "A penalty needs a verified case: enter its case number and confirm it was verified."
        )
    if kind not in rules.PENALTY_AMOUNTS:
        errors["kind"] = _("Choose the kind of case.")
    if verified_on is None:
        errors["verified_on"] = _("Enter the day the case was verified.")
    if kind == Penalty.Kind.LOST_FORM and registration is None:
        errors["registration"] = _("Name the registration whose form was lost.")
    if registration is not None and registration.branch_id != channel.branch_id:
        errors["registration"] = _("This registration is not one of this channel's.")
    elif kind == Penalty.Kind.LATE_ENTRY and registration is not None and not registration.late:
        errors["registration"] = _("This form was entered the day it was signed, not late.")
    if errors:
        raise ValidationError(errors)
    with tenant_context(organization):
        penalty = Penalty(
            organization=organization,
            channel=channel,
            kind=kind,
            amount=rules.PENALTY_AMOUNTS[kind],
            registration=registration,
            case_reference=case_reference,
            verified_on=verified_on,
            recorded_by=actor,
            note=(note or "").strip()[:200],
        )
        penalty.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                penalty.save()
        except IntegrityError as exc:
            raise ValidationError({"case_reference": _("This case is already recorded.")}) from exc
    return penalty


def statement_request(*, organization, channel, month, actor=None):
    """Ask for the month's PDF (once per channel and month; a failed one is asked again)."""
    check_same_organization(organization, channel=channel)
    month = rules.first_of_month(month)
    if month > rules.first_of_month(timezone.localdate()):
        raise ValidationError(
            {"month": _("A statement can only be made for a month that has begun.")}
        )
    with tenant_context(organization):
        statements = ChannelStatement.objects.for_org(organization)
        try:
            with transaction.atomic():
                statement, _made = statements.get_or_create(
                    organization=organization, channel=channel, month=month
                )
        except IntegrityError:  # asked for twice at once
            statement = statements.get(channel=channel, month=month)
        busy = statement.job and statement.job.status in ("queued", "running")
        if not statement.file and not busy:
            statement.job = jobs.job_enqueue(
                organization=organization,
                kind=STATEMENT_PDF_JOB,
                payload={"statement_id": statement.pk},
                created_by=actor,
            )
            statement.save(update_fields=["job"])
    return statement


def _positive(quantity):
    if not isinstance(quantity, int) or quantity <= 0:
        raise ValidationError({"quantity": _("Enter a number of bundles above zero.")})


def _move(organization, source, target, tier, quantity, kind, actor, amount=ZERO):
    if not _take(organization, source, tier, quantity):
        held = (
            ChannelStock.objects.for_org(organization)
            .filter(channel=source, tier=tier)
            .values_list("quantity", flat=True)
            .first()
        )
        raise ValidationError(
            {
                "quantity": _("%(channel)s holds only %(n)d bundles of %(price)s yuan.")
                % {"channel": source.name, "n": held or 0, "price": yuan(tier.price)}
            }
        )
    _add(organization, target, tier, quantity)
    _entry(organization, source, tier, kind, -quantity, actor=actor, counterpart=target)
    _entry(
        organization, target, tier, kind, quantity, actor=actor, counterpart=source, amount=amount
    )


def _take(organization, channel, tier, quantity):
    """One conditional update: the stock never goes below zero, also concurrently."""
    return bool(
        ChannelStock.objects.for_org(organization)
        .filter(channel=channel, tier=tier, quantity__gte=quantity)
        .update(quantity=F("quantity") - quantity)
    )


def _add(organization, channel, tier, quantity):
    stocks = ChannelStock.objects.for_org(organization)
    try:
        with transaction.atomic():
            stock, _created = stocks.get_or_create(
                organization=organization, channel=channel, tier=tier
            )
    except IntegrityError:  # made by a concurrent first movement
        stock = stocks.get(channel=channel, tier=tier)
    stocks.filter(pk=stock.pk).update(quantity=F("quantity") + quantity)


def _entry(
    organization,
    channel,
    tier,
    kind,
    quantity,
    *,
    actor=None,
    amount=ZERO,
    counterpart=None,
    registration=None,
):
    return StockEntry.objects.create(
        organization=organization,
        channel=channel,
        tier=tier,
        kind=kind,
        quantity=quantity,
        amount=amount,
        counterpart=counterpart,
        registration=registration,
        actor=actor,
    )
