"""Vendors (建材商家) at an event: their deposit ledger, agreement and the orders customers
place with them on site."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from campaigns import money
from campaigns.models import Membership
from campaigns.tenancy import check_same_organization, tenant_context

from ..models import DepositEntry, Vendor, VendorOrder

VENDOR_FIELDS = (
    "name",
    "contact",
    "booth",
    "deposit_due",
    "agreement_signed_on",
    "agreement_file",
    "user",  # the vendor's own login: records (and sees) this vendor's orders only
)


def vendor_save(*, organization, event, data, vendor=None):
    """Add or change a vendor (the keys of `data` among VENDOR_FIELDS). Its `user`, if
    any, must be a member of the organization."""
    check_same_organization(organization, event=event, vendor=vendor)
    money.check_amounts(
        organization.amount_ceilings, {"deposit_due": (money.Kind.DEPOSIT, data.get("deposit_due"))}
    )
    with tenant_context(organization):
        if data.get("user") is not None and not (
            Membership.objects.for_org(organization).filter(user=data["user"]).exists()
        ):
            raise ValidationError({"user": _("Choose one of this organization's entries.")})
        vendor = vendor or Vendor(organization=organization, event=event)
        for key in VENDOR_FIELDS:
            if key in data and not (key == "agreement_file" and data[key] is None):
                setattr(vendor, key, data[key].strip() if isinstance(data[key], str) else data[key])
        vendor.full_clean(exclude=["event", "user"], validate_constraints=False)
        try:
            with transaction.atomic():
                vendor.save()
        except IntegrityError as exc:
            raise ValidationError({"name": _("This event has a vendor with this name.")}) from exc
    return vendor


def deposit_balance(organization, vendor):
    """(paid, refunded, kept) of a vendor's deposit."""
    with tenant_context(organization):
        sums = dict(
            DepositEntry.objects.for_org(organization)
            .filter(vendor=vendor)
            .values_list("kind")
            .annotate(total=Sum("amount"))
        )
    zero = Decimal("0")
    return (
        sums.get(DepositEntry.Kind.PAID, zero),
        sums.get(DepositEntry.Kind.REFUNDED, zero),
        sums.get(DepositEntry.Kind.KEPT, zero),
    )


def deposit_record(*, organization, vendor, kind, amount, reason="", actor=None):
    """A movement of the vendor's deposit. Refunds and kept amounts together never pass
    what was paid; keeping any of it needs the reason."""
    check_same_organization(organization, vendor=vendor)
    money.check_amounts(organization.amount_ceilings, {"amount": (money.Kind.DEPOSIT, amount)})
    reason = (reason or "").strip()
    if kind == DepositEntry.Kind.KEPT and not reason:
        raise ValidationError({"reason": _("Say why the deposit is kept.")})
    with tenant_context(organization):
        Vendor.objects.for_org(organization).select_for_update().get(pk=vendor.pk)
        entry = DepositEntry(
            organization=organization,
            vendor=vendor,
            kind=kind,
            amount=amount,
            reason=reason,
            by=actor,
        )
        entry.full_clean(exclude=["vendor"])
        if kind != DepositEntry.Kind.PAID:
            paid, refunded, kept = deposit_balance(organization, vendor)
            held = paid - refunded - kept
            if entry.amount > held:
                raise ValidationError(
                    {
                        "amount": _("Only %(held)s of the deposit is held; it cannot be more.")
                        % {"held": held.quantize(Decimal("0.01"))}
                    }
                )
        entry.save()
    return entry


def vendor_order_record(
    *, organization, vendor, guest, items, amount, actor=None, acting_vendor=None
):
    """An order a customer places with a vendor on site. A vendor's own login
    (`acting_vendor`) records orders for that vendor only."""
    check_same_organization(organization, vendor=vendor, guest=guest)
    money.check_amounts(organization.amount_ceilings, {"amount": (money.Kind.CONTRACT, amount)})
    if acting_vendor is not None and acting_vendor.pk != vendor.pk:
        raise ValidationError({"vendor": _("A vendor records its own orders only.")})
    if guest.event_id != vendor.event_id:
        raise ValidationError({"guest": _("Choose a guest of this event.")})
    with tenant_context(organization):
        order = VendorOrder(
            organization=organization,
            vendor=vendor,
            guest=guest,
            items=(items or "").strip(),
            amount=amount,
            created_by=actor,
        )
        order.full_clean(exclude=["vendor", "guest"])
        order.save()
    return order
