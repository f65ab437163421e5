"""Tiers and settings of the family network, and what a new organization starts with."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from campaigns import money
from campaigns.organization_setup import set_up_step
from campaigns.tenancy import check_same_organization, tenant_context

from ...channels.services import marketing_channel
from ...models import BundleSettings, BundleTier
from .. import rules
from ..selectors import bundle_settings_of


@set_up_step
def organization_set_up(*, organization):
    """What a new organization starts with: the seed's four tiers, the marketing
    department's channel (which makes the bundles) and the family-network settings."""
    tiers_ensure_defaults(organization=organization)
    marketing_channel(organization)
    with tenant_context(organization):
        BundleSettings.objects.get_or_create(organization=organization)


def tiers_ensure_defaults(*, organization):
    """The seed's four tiers, for an organization that has none yet."""
    with tenant_context(organization):
        if BundleTier.objects.for_org(organization).exists():
            return
        for tier in rules.DEFAULT_TIERS:
            BundleTier.objects.create(
                organization=organization,
                price=tier.price,
                members=tier.members,
                coupons=tier.coupons,
                commission=tier.commission,
            )


def tier_save(*, organization, price, members, coupons, commission, tier=None):
    """Create or change a tier. Its price must be members × 5 × 6 (half a year prepaid)."""
    check_same_organization(organization, tier=tier)
    money.check_amounts(
        organization.amount_ceilings,
        {"price": (money.Kind.PRICE, price), "commission": (money.Kind.REWARD, commission)},
    )
    errors = {}
    if members is None or members < rules.MIN_MEMBERS:
        errors["members"] = _("A tier covers at least %(n)d members.") % {"n": rules.MIN_MEMBERS}
    elif price is not None and not rules.price_is_consistent(price, members):
        errors["price"] = _(
            "%(members)d members × 5 yuan × 6 months make %(expected)s yuan, not %(price)s."
        ) % {"members": members, "expected": rules.expected_price(members), "price": price}
    if errors:
        raise ValidationError(errors)
    with tenant_context(organization):
        tier = tier or BundleTier(organization=organization)
        tier.price, tier.members, tier.coupons, tier.commission = (
            price,
            members,
            coupons,
            commission,
        )
        tier.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                tier.save()
        except IntegrityError as exc:
            raise ValidationError({"members": _("A tier for this many members exists.")}) from exc
    return tier


def bundle_settings_save(*, organization, group_office_email, report_time):
    with tenant_context(organization):
        row = bundle_settings_of(organization)
        row.group_office_email = (group_office_email or "").strip()
        row.report_time = report_time
        row.full_clean(validate_constraints=False)
        row.save()
    return row
