"""Territories, franchisees and their exclusive agreements."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from campaigns.models import Membership
from campaigns.roles import Role
from campaigns.tenancy import check_same_organization, tenant_context

from .. import rules, selectors
from ..models import (
    ROLLOUT_ORDER,
    Agreement,
    Franchisee,
    RolloutStatus,
    Territory,
)
from .validated_save import save_validated

ESTABLISHED = {RolloutStatus.MODEL_MARKET, RolloutStatus.STRONG_MARKET}

# -- territories -----------------------------------------------------------------------------


def territory_save(*, organization, name, planned_phase, position=None, territory=None):
    with tenant_context(organization):
        territory = territory or Territory(organization=organization)
        territory.name = (name or "").strip()
        territory.planned_phase = planned_phase
        if position is not None:
            territory.position = position
        elif territory.pk is None:
            territory.position = Territory.objects.for_org(organization).count() + 1
        return save_validated(territory, "name", _("A territory with this name exists."))


def territory_set_status(*, organization, territory, status, on):
    """Move a territory in the rollout. The first day it counts as a model or strong
    market is kept: that is what the plan's phases measure."""
    if status not in ROLLOUT_ORDER:
        raise ValidationError({"status": _("Choose a rollout status.")})
    if on is None:
        raise ValidationError({"on": _("Enter the date of the change.")})
    with tenant_context(organization):
        locked = Territory.objects.for_org(organization).select_for_update().get(pk=territory.pk)
        locked.status, locked.status_changed_on = status, on
        if status in ESTABLISHED:
            locked.established_on = min(locked.established_on or on, on)
        else:
            locked.established_on = None
        locked.full_clean(validate_constraints=False)
        locked.save(update_fields=["status", "status_changed_on", "established_on"])
    return locked


# -- franchisees and agreements ------------------------------------------------------------


def franchisee_save(
    *, organization, name, contact="", phone="", account=None, recruited_at=None, franchisee=None
):
    check_same_organization(organization, recruited_at=recruited_at)
    with tenant_context(organization):
        if (
            account is not None
            and not Membership.objects.for_org(organization)
            .filter(user=account, role=Role.FRANCHISEE)
            .exists()
        ):
            raise ValidationError({"account": _("Choose a member with the franchisee role.")})
        franchisee = franchisee or Franchisee(organization=organization)
        franchisee.name, franchisee.contact = (name or "").strip(), (contact or "").strip()
        franchisee.phone, franchisee.account = (phone or "").strip(), account
        franchisee.recruited_at = recruited_at
        return save_validated(
            franchisee,
            "name",
            _("A franchisee with this name exists, or this login already belongs to one."),
        )


def agreement_create(
    *,
    organization,
    territory,
    franchisee,
    model,
    start_date,
    end_date=None,
    franchise_fee,
    deposit=Decimal("0"),
    allotment_share=Decimal("0"),
    royalty_rate=Decimal("0"),
    fee_paid_on=None,
    deposit_paid_on=None,
):
    """Grant a territory to a franchisee over dates. One franchisee per territory at any
    date: the territory row is locked while we check, and on PostgreSQL the exclusion
    constraint refuses what any other path might let through."""
    check_same_organization(organization, territory=territory, franchisee=franchisee)
    values = rules.agreement_terms(
        model=model,
        start_date=start_date,
        end_date=end_date,
        franchise_fee=franchise_fee,
        deposit=deposit,
        allotment_share=allotment_share,
        royalty_rate=royalty_rate,
        ceilings=organization.amount_ceilings,
    )
    with tenant_context(organization):
        locked = Territory.objects.for_org(organization).select_for_update().get(pk=territory.pk)
        _refuse_overlap(organization, locked, values["start_date"], values["end_date"])
        agreement = Agreement(
            organization=organization,
            territory=locked,
            franchisee=franchisee,
            fee_paid_on=fee_paid_on,
            deposit_paid_on=deposit_paid_on,
            **values,
        )
        agreement.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                agreement.save()
        except IntegrityError as exc:  # the exclusion constraint: granted meanwhile
            raise ValidationError(
                {
                    "start_date": _(
                        "%(territory)s was just granted to another franchisee for these dates."
                    )
                    % {"territory": locked.name}
                }
            ) from exc
        if ROLLOUT_ORDER.index(locked.status) < ROLLOUT_ORDER.index(RolloutStatus.SIGNED):
            locked.status, locked.status_changed_on = RolloutStatus.SIGNED, start_date
            locked.save(update_fields=["status", "status_changed_on"])
    return agreement


def _refuse_overlap(organization, territory, start_date, end_date, exclude_pk=None):
    others = Agreement.objects.for_org(organization).filter(territory=territory)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    for other in others.select_related("franchisee").order_by("start_date"):
        if rules.periods_overlap(other.start_date, other.end_date, start_date, end_date):
            names = {
                "territory": territory.name,
                "franchisee": other.franchisee.name,
                "start": other.start_date,
                "end": other.end_date,
            }
            if other.end_date is None:
                message = _(
                    "%(territory)s is already granted to %(franchisee)s from "
                    "%(start)s, open-ended: one franchisee per territory at any date."
                )
            else:
                message = _(
                    "%(territory)s is already granted to %(franchisee)s from "
                    "%(start)s to %(end)s: one franchisee per territory at any date."
                )
            raise ValidationError({"start_date": message % names})


def agreement_record_payments(
    *, organization, agreement, fee_paid_on=None, deposit_paid_on=None, deposit_refunded_on=None
):
    """Record when the fee and the deposit were paid, and when the deposit (refundable
    at the end of a model A agreement) was paid back. The dates given replace the
    recorded ones: an empty one clears a date entered by mistake (the form starts from
    the recorded dates)."""
    if deposit_refunded_on and (
        agreement.end_date is None or deposit_refunded_on < agreement.end_date
    ):
        raise ValidationError(
            {
                "deposit_refunded_on": _(
                    "The deposit is refunded when the agreement ends (%(end)s)."
                )
                % {"end": agreement.end_date or _("open-ended")}
            }
        )
    if deposit_refunded_on and not deposit_paid_on:
        raise ValidationError(
            {"deposit_refunded_on": _("Record when the deposit was paid before its refund.")}
        )
    for field, day in (("fee_paid_on", fee_paid_on), ("deposit_paid_on", deposit_paid_on)):
        if day and day > selectors.today_in(organization):
            raise ValidationError({field: _("A payment cannot be in the future.")})
    with tenant_context(organization):
        agreement.fee_paid_on = fee_paid_on
        agreement.deposit_paid_on = deposit_paid_on
        agreement.deposit_refunded_on = deposit_refunded_on
        agreement.full_clean(validate_constraints=False)
        agreement.save(update_fields=["fee_paid_on", "deposit_paid_on", "deposit_refunded_on"])
    return agreement
