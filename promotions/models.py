"""Promotions. The family-network bundle (亲友网营销包, DOMAIN.md §5): each organization's
tiers, registrations typed from the paper form, their members with chosen short numbers
and the SMS confirmation state, and the coupons each bundle carries."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Branch, TenantModel
from campaigns.sms import rules as sms_rules

from .bundles import rules

MONEY = {"max_digits": 12, "decimal_places": 2}


class BundleTier(TenantModel):
    price = models.DecimalField(_("price (yuan)"), **MONEY, validators=[MinValueValidator(0)])
    members = models.PositiveSmallIntegerField(_("members covered"))
    coupons = models.PositiveSmallIntegerField(_("coupons"))
    commission = models.DecimalField(
        _("channel commission per bundle"), **MONEY, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["members"]
        verbose_name = _("bundle tier")
        verbose_name_plural = _("bundle tiers")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "members"], name="bundletier_unique_members"
            ),
        ]

    def __str__(self):
        return _("%(price)s yuan · %(members)d members") % {
            "price": rules.yuan(self.price),
            "members": self.members,
        }


class BundleSettings(TenantModel):
    group_office_email = models.EmailField(_("group-customer office address"), blank=True)
    report_time = models.TimeField(
        _("daily report at"),
        default=rules.DEFAULT_REPORT_TIME,
        help_text=_("In the organization's time zone."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="bundlesettings_one_per_org"),
        ]


class Registration(TenantModel):
    """One paper registration form (亲友网登记表) as entered."""

    form_number = models.CharField(_("form number"), max_length=40)
    tier = models.ForeignKey(
        BundleTier, verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch or channel"), on_delete=models.PROTECT, related_name="+"
    )
    initiator_phone = models.CharField(_("initiator's mobile number"), max_length=11)
    signed_on = models.DateField(_("form signed on"))
    entered_on = models.DateField(_("entered on"))
    late = models.BooleanField(_("entered late"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("family-network registration")
        verbose_name_plural = _("family-network registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "form_number"], name="registration_unique_form_number"
            ),
        ]

    def __str__(self):
        return self.form_number

    @property
    def masked_initiator(self):
        return sms_rules.mask_phone(self.initiator_phone)


class MemberStatus(models.TextChoices):
    REJECTED = "rejected", _("Rejected: in another network")
    AWAITING = "awaiting", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed: to activate")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired: no answer")
    ACTIVATED = "activated", _("Activated")
    FAILED = "failed", _("Activation failed")


# A number can be in one network at a time; these statuses hold a place in it.
IN_NETWORK = (MemberStatus.AWAITING, MemberStatus.CONFIRMED, MemberStatus.ACTIVATED)
# The report lists members who end in these ("could not be added").
NOT_ADDED = (
    MemberStatus.REJECTED,
    MemberStatus.DECLINED,
    MemberStatus.EXPIRED,
    MemberStatus.FAILED,
)


class BundleMember(TenantModel):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="members")
    phone = models.CharField(_("mobile number"), max_length=11)
    short_number = models.PositiveIntegerField(_("short number"), null=True, blank=True)
    premium = models.BooleanField(_("premium short number"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    fee_waived = models.BooleanField(_("year's fee waived"), default=True)
    confirm_by = models.DateTimeField(_("confirm by"), null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)  # when it ended as not added
    activated_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["registration", "short_number", "pk"]
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "phone"],
                condition=Q(status__in=IN_NETWORK),
                name="bundlemember_one_network_per_phone",
            ),
            models.UniqueConstraint(
                fields=["organization", "registration", "short_number"],
                condition=Q(status__in=IN_NETWORK),
                name="bundlemember_short_number_once",
            ),
            models.CheckConstraint(
                condition=Q(short_number__isnull=True)
                | Q(
                    short_number__gte=rules.SHORT_NUMBER_MIN,
                    short_number__lte=rules.SHORT_NUMBER_MAX,
                ),
                name="bundlemember_short_number_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "status", "confirm_by"], name="bundlemember_status_due"
            ),
            models.Index(fields=["organization", "settled_at"], name="bundlemember_settled"),
        ]

    def __str__(self):
        return f"{self.masked_phone} ({self.short_number or '—'})"

    @property
    def masked_phone(self):
        return sms_rules.mask_phone(self.phone)


class Coupon(TenantModel):
    """A coupon of a bundle: a friend joins the initiator's network with it, once."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="coupons")
    code = models.CharField(_("code"), max_length=20)
    redeemed_at = models.DateTimeField(_("redeemed at"), null=True, blank=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member = models.OneToOneField(
        BundleMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="coupon"
    )

    class Meta:
        ordering = ["registration", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="coupon_unique_code"),
        ]

    def __str__(self):
        return self.code


class BundleDailyReport(TenantModel):
    """The 16:00 report of one day: made once, e-mailed by its job."""

    day = models.DateField(_("day"))
    job = models.OneToOneField(
        "campaigns.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    emailed_to = models.EmailField(blank=True)
    rows = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day"], name="bundledailyreport_once_per_day"
            ),
        ]


# -- channels and money ---------------------------------------------------------------------


class Channel(TenantModel):
    """Who holds bundles: the marketing department (makes them), county branches (draw
    them) and social channels (buy them outright). A channel linked to a branch supplies
    the bundles that branch registers."""

    class Kind(models.TextChoices):
        MARKETING = "marketing", _("Marketing department")
        COUNTY = "county", _("County branch")
        DEALER = "dealer", _("Social channel")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    branch = models.OneToOneField(
        Branch,
        verbose_name=_("registers as branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    supplier = models.ForeignKey(
        "self",
        verbose_name=_("buys from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="channel_unique_name"),
        ]

    def __str__(self):
        return self.name


class ChannelStock(TenantModel):
    """Bundles of one tier a channel holds now; changed only by conditional updates, so
    it can never go below zero (and a check constraint says so again)."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="stock")
    tier = models.ForeignKey(BundleTier, on_delete=models.PROTECT, related_name="+")
    quantity = models.IntegerField(default=0)

    class Meta:
        ordering = ["channel", "tier__members"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "channel", "tier"], name="channelstock_once"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="channelstock_never_negative"
            ),
        ]


class StockEntry(TenantModel):
    """The stock ledger: every movement of bundles with who, when, how many and the money
    (amount > 0: paid to the company; < 0: refunded)."""

    class Kind(models.TextChoices):
        MADE = "made", _("Made")
        DRAWN = "drawn", _("Drawn")
        BOUGHT = "bought", _("Bought outright")
        USED = "used", _("Used by a registration")
        RECALLED = "recalled", _("Recalled")

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    tier = models.ForeignKey(BundleTier, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    quantity = models.IntegerField(_("quantity"))  # + into this channel, − out of it
    amount = models.DecimalField(_("amount (yuan)"), **MONEY, default=0)
    counterpart = models.ForeignKey(
        Channel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["organization", "channel", "created_at"], name="stockentry_channel"
            )
        ]


class Penalty(TenantModel):
    """A deduction from a channel's commission, recorded only for a verified case."""

    class Kind(models.TextChoices):
        SPLIT_SALE = "split_sale", _("Sold a bundle split up")
        MISLEADING = "misleading", _("Misled a customer")
        WRONG_DATA = "wrong_data", _("Wrong data caused a complaint")
        LATE_ENTRY = "late_entry", _("Late entry caused a complaint")
        LOST_FORM = "lost_form", _("Lost a registration form")

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    case_reference = models.CharField(_("verified case"), max_length=60)
    verified_on = models.DateField(_("verified on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-verified_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "channel", "case_reference"], name="penalty_once_per_case"
            ),
        ]


class ChannelStatement(TenantModel):
    """A channel's monthly statement; its PDF is made by the export job."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))  # its first day
    job = models.OneToOneField(
        "campaigns.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="statements/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "channel", "month"], name="channel_statement_once_per_month"
            ),
        ]
