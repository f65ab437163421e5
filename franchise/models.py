"""The franchise strategy (DOMAIN.md §1): territories and their rollout, franchisees and
their exclusive agreements, monthly revenue and royalty statements, products and prices,
hospital channel support, recruiting events and the figures recorded for the plan's goals.

One franchisee per territory at any date is enforced twice: by the service (a clear
message naming the existing franchisee) and, on PostgreSQL, by an exclusion constraint
added in migration 0002 (see franchise/db.py for why it is not in Meta.constraints).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Job, TenantModel

MONEY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(0), MaxValueValidator(100)],
}


class RolloutStatus(models.TextChoices):
    """A territory's place in the rollout, in order."""

    OPEN = "open", _("Open")
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    MODEL_MARKET = "model_market", _("Model market")
    STRONG_MARKET = "strong_market", _("Strong market")


ROLLOUT_ORDER = [status.value for status in RolloutStatus]


class Territory(TenantModel):
    """A prefecture-level market (地级市场) of the province."""

    name = models.CharField(_("name"), max_length=50)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        _("rollout status"),
        max_length=20,
        choices=RolloutStatus.choices,
        default=RolloutStatus.OPEN,
    )
    planned_phase = models.PositiveSmallIntegerField(
        _("planned phase"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("The plan's phase (stage) this market is planned for: 1, 2, 3."),
    )
    # The first day it counted as a model or strong market: what the phases measure.
    established_on = models.DateField(_("established on"), null=True, blank=True)
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="territory_unique_name"),
        ]

    def __str__(self):
        return self.name


class RecruitingEvent(TenantModel):
    """A roadshow (公司行) or a franchise briefing (加盟说明会) on the plan's timeline."""

    class Kind(models.TextChoices):
        ROADSHOW = "roadshow", _("Roadshow")
        BRIEFING = "briefing", _("Franchise briefing")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("where"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    attendance = models.PositiveIntegerField(_("attendance"), default=0)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("recruiting event")
        verbose_name_plural = _("recruiting events")

    def __str__(self):
        return self.title


class Franchisee(TenantModel):
    """A franchisee company (加盟商). `account` is the franchisee-role login that sees
    this franchisee's territories and nothing else (see docs/decisions.md)."""

    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recruited_at = models.ForeignKey(
        RecruitingEvent,
        verbose_name=_("recruited at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prospects",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("franchisee")
        verbose_name_plural = _("franchisees")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="franchisee_unique_name"),
            models.UniqueConstraint(
                fields=["organization", "account"],
                condition=Q(account__isnull=False),
                name="franchisee_unique_account",
            ),
        ]

    def __str__(self):
        return self.name


class FranchiseModel(models.TextChoices):
    A = "A", _("Model A: franchisee-funded (fee + regional market deposit)")
    B = "B", _("Model B: co-investment (fee with support and products; monthly royalty)")


class Agreement(TenantModel):
    """A franchise agreement for one territory over dates (end inclusive; none = open)."""

    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    franchisee = models.ForeignKey(
        Franchisee, verbose_name=_("franchisee"), on_delete=models.PROTECT, related_name="+"
    )
    model = models.CharField(_("franchise model"), max_length=1, choices=FranchiseModel.choices)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an open-ended agreement."),
    )
    franchise_fee = models.DecimalField(
        _("franchise fee"), **MONEY, validators=[MinValueValidator(0)]
    )
    deposit = models.DecimalField(
        _("regional market deposit"),
        **MONEY,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    allotment_share = models.DecimalField(
        _("product allotment (share of the fee, %)"), **PERCENT, default=Decimal("0")
    )
    royalty_rate = models.DecimalField(
        _("monthly royalty rate (%)"), **PERCENT, default=Decimal("0")
    )
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    deposit_paid_on = models.DateField(_("deposit paid on"), null=True, blank=True)
    deposit_refunded_on = models.DateField(_("deposit refunded on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["territory__position", "-start_date"]
        verbose_name = _("franchise agreement")
        verbose_name_plural = _("franchise agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="agreement_end_not_before_start",
                violation_error_message=_("An agreement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(royalty_rate__gte=0) & Q(royalty_rate__lte=100),
                name="agreement_rate_percent",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "territory", "start_date"], name="agreement_territory_start"
            )
        ]

    def __str__(self):
        return f"{self.territory_id}/{self.franchisee_id} {self.start_date}–{self.end_date or ''}"


class RevenueReport(TenantModel):
    """A franchisee's revenue of one month (`month` is its first day)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    revenue = models.DecimalField(_("revenue"), **MONEY, validators=[MinValueValidator(0)])
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "agreement", "month"], name="revenue_once_per_month"
            ),
            models.CheckConstraint(condition=Q(revenue__gte=0), name="revenue_not_negative"),
        ]
        # The dashboard's rank sums every territory's revenue over a range of months.
        indexes = [models.Index(fields=["organization", "month"], name="revenue_org_month")]


class RoyaltyStatement(TenantModel):
    """The royalty owed for one month: computed (draft), issued to the franchisee, then
    locked. Its lines are never edited once issued; corrections become adjustment lines
    on a later statement."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Computed (not yet issued)")
        ISSUED = "issued", _("Issued")
        LOCKED = "locked", _("Locked")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    total = models.DecimalField(_("total due"), **MONEY, default=Decimal("0"))
    computed_at = models.DateTimeField(auto_now=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    job = models.OneToOneField(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="royalty-statements/%Y/%m/", blank=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "agreement", "month"], name="statement_once_per_month"
            ),
        ]


class RevenueCorrection(TenantModel):
    """A month's revenue corrected after its statement was issued: the difference is
    charged (or credited) on the next statement, as an adjustment line."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month corrected"))
    previous_revenue = models.DecimalField(**MONEY)
    corrected_revenue = models.DecimalField(
        _("corrected revenue"), **MONEY, validators=[MinValueValidator(0)]
    )
    reason = models.CharField(_("reason"), max_length=300)
    statement = models.ForeignKey(
        RoyaltyStatement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )  # where it was charged
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]


class StatementLine(TenantModel):
    class Kind(models.TextChoices):
        ROYALTY = "royalty", _("Royalty")
        ADJUSTMENT = "adjustment", _("Adjustment")

    statement = models.ForeignKey(RoyaltyStatement, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    month = models.DateField()  # the revenue month the line is about
    revenue = models.DecimalField(**MONEY)  # for an adjustment: the revenue difference
    rate = models.DecimalField(max_digits=5, decimal_places=2)
    amount = models.DecimalField(**MONEY)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position"]


class StatementQuestion(TenantModel):
    statement = models.ForeignKey(RoyaltyStatement, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("question"), max_length=2000)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]


class Product(TenantModel):
    """A service line (check-ups, escorting, nursing, ...) at a tier, with its price."""

    class Tier(models.TextChoices):
        LOW = "low", _("Low")
        MID = "mid", _("Mid")
        HIGH = "high", _("High-end")

    class Pricing(models.TextChoices):
        CLEAR_PRICE = "clear_price", _("Single-item clear price")
        SKIMMING = "skimming", _("Slow skimming")

    name = models.CharField(_("name"), max_length=100)
    line = models.CharField(_("service line"), max_length=50)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    pricing = models.CharField(_("pricing strategy"), max_length=20, choices=Pricing.choices)
    price = models.DecimalField(_("price"), **MONEY, validators=[MinValueValidator(0)])
    launched_on = models.DateField(_("launched on"))

    class Meta:
        ordering = ["line", "tier", "name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="product_unique_name"),
        ]

    def __str__(self):
        return self.name


class PriceChange(TenantModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    previous_price = models.DecimalField(**MONEY)
    price = models.DecimalField(**MONEY)
    effective_on = models.DateField(_("effective on"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["effective_on", "pk"]


class Hospital(TenantModel):
    """A partner hospital of a territory's channel."""

    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner hospital")
        verbose_name_plural = _("partner hospitals")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "territory", "name"], name="hospital_unique_name"
            ),
        ]

    def __str__(self):
        return self.name


class SupportService(TenantModel):
    """One item of the hospital-support catalogue (13 in the plan)."""

    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="support_service_unique_number"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class ServiceDelivery(TenantModel):
    hospital = models.ForeignKey(Hospital, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(SupportService, on_delete=models.PROTECT, related_name="+")
    delivered_on = models.DateField(_("delivered on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        indexes = [
            models.Index(
                fields=["organization", "hospital", "service"], name="delivery_hospital_service"
            )
        ]


class GoalFigure(TenantModel):
    """A figure the manager records for one of the plan's goals (channel share, brand
    rank), dated: the board shows the latest against the target."""

    goal = models.ForeignKey(
        "campaigns.Goal", on_delete=models.CASCADE, related_name="franchise_figures"
    )
    recorded_on = models.DateField(_("as of"))
    value = models.DecimalField(_("figure"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-recorded_on", "-pk"]
