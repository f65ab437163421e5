"""Telecom Day's staff quotas (set at the mobilisation meeting, T−10), the pre-orders each
employee takes before the day, and the daily PDF of the personal pre-order ranking
(个人预订销量排行榜)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import TenantModel

from .base import MONEY, USER
from .guests import Event


class StaffQuota(TenantModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        USER, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    guests_to_bring = models.PositiveIntegerField(
        _("guests to bring"), validators=[MaxValueValidator(100_000)]
    )
    expected_show_percent = models.DecimalField(
        _("expected share who come (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    sales_target = models.DecimalField(
        _("sales target"), **MONEY, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    reward_rule = models.TextField(_("reward and penalty rule"), max_length=1000, blank=True)
    set_on = models.DateField(_("set on"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("staff quota")
        verbose_name_plural = _("staff quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "event", "member"], name="staffquota_once_per_member"
            ),
        ]


class PreOrder(TenantModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey(
        USER, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="+"
    )
    customer = models.CharField(_("customer"), max_length=60)
    customer_mobile = models.CharField(_("customer's mobile"), max_length=11, blank=True)
    product = models.CharField(_("product"), max_length=100)
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(0)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pre-order")
        verbose_name_plural = _("pre-orders")
        indexes = [
            models.Index(fields=["organization", "event", "staff"], name="preorder_staff"),
        ]


class RankingReport(TenantModel):
    """A day's PDF of the pre-order ranking, made by a job and e-mailed to the managers."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    job = models.OneToOneField(
        "campaigns.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="ranking-reports/%Y/%m/", blank=True)
    emailed_to = models.TextField(blank=True)
    made_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "event", "day"], name="rankingreport_once_per_day"
            ),
        ]
