"""The timed agenda; vendors, their deposit ledger and on-site orders."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import TenantModel

from .base import MONEY, USER
from .guests import Event, Guest


class AgendaItem(TenantModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("item"), max_length=100)
    limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class Vendor(TenantModel):
    """A building-materials vendor (建材商家) at the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    booth = models.CharField(_("booth"), max_length=30, blank=True)
    deposit_due = models.DecimalField(
        _("deposit"), **MONEY, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_file = models.FileField(
        _("signed agreement (scan)"), upload_to="vendor-agreements/", blank=True
    )
    user = models.ForeignKey(
        USER,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "event", "name"], name="vendor_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class DepositEntry(TenantModel):
    """The deposit ledger: paid in, refunded, or kept (with the reason)."""

    class Kind(models.TextChoices):
        PAID = "paid", _("Paid")
        REFUNDED = "refunded", _("Refunded")
        KEPT = "kept", _("Kept")

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("movement"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["at", "pk"]


class VendorOrder(TenantModel):
    vendor = models.ForeignKey(
        Vendor, verbose_name=_("vendor"), on_delete=models.PROTECT, related_name="+"
    )
    guest = models.ForeignKey(
        Guest, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    items = models.CharField(_("items"), max_length=500)
    amount = models.DecimalField(
        _("amount"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("vendor order")
        verbose_name_plural = _("vendor orders")
