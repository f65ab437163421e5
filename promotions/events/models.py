"""Event days (the decoration company's promotional event, Telecom Day): the event started
from its plan, the guests and the channel that brought each, check-in, numbered first-N
places, sealed prize pools and their draws, 51 cards, signings, vendors and their deposits,
the timed agenda, and the follow-up lists. Amounts and draws are decided by
promotions/events/rules.py; these rows record them."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Plan, TenantModel

MONEY = {"max_digits": 12, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


def new_code():
    """An invitation or verification code: short enough to type, too many to guess."""
    return secrets.token_urlsafe(9)


class LeadChannel(TenantModel):
    """Where guests come from (DM flyers, SMS, an outdoor booth, ...): the organization's list."""

    name = models.CharField(_("name"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("lead channel")
        verbose_name_plural = _("lead channels")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="leadchannel_unique_name")
        ]

    def __str__(self):
        return self.name


class Event(TenantModel):
    class GroupScope(models.TextChoices):
        SAME_DAY = "same_day", _("Signed on the same day")
        SAME_EVENT = "same_event", _("Signed at the same event (any of its days)")

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20)  # the plan's kind when started
    date = models.DateField(_("event day"))
    last_day = models.DateField(_("last day"))
    ends_at = models.TimeField(_("ends at"), help_text=_("In the organization's time zone."))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    target_attendance = models.PositiveIntegerField(_("target attendance"), default=0)
    # The decoration event's offers (Telecom Day leaves them at their defaults, unused).
    card_price = models.DecimalField(
        _("51 card price"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    card_gift_value = models.DecimalField(
        _("51 card gift value"), **MONEY, default=Decimal("100"), validators=[MinValueValidator(0)]
    )
    card_deduction = models.DecimalField(
        _("51 card deduction on a contract"),
        **MONEY,
        default=Decimal("1000"),
        validators=[MinValueValidator(0)],
    )
    # Stored as the seed writes it: 9.5 折 = the customer pays 95 %; 10 = no discount.
    discount_zhe = models.DecimalField(
        _("signing discount (折)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("10"))],
    )
    group_voucher_value = models.DecimalField(
        _("group-purchase voucher"),
        **MONEY,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    group_min_size = models.PositiveSmallIntegerField(
        _("group size for the voucher"), default=2, validators=[MinValueValidator(2)]
    )
    group_scope = models.CharField(
        _("a group counts"), max_length=12, choices=GroupScope.choices, default=GroupScope.SAME_DAY
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("date")),
                name="event_days_order",
                violation_error_message=_("The last day cannot be before the event day."),
            )
        ]

    def __str__(self):
        return f"{self.date} {self.venue}".strip()


class Guest(TenantModel):
    """A lead: one per mobile per event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    mobile = models.CharField(_("mobile"), max_length=11)
    name = models.CharField(_("name"), max_length=60, blank=True)
    community = models.CharField(_("residential community"), max_length=100, blank=True)
    channel = models.ForeignKey(
        LeadChannel,
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        USER,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    code = models.CharField(_("invitation code"), max_length=16, default=new_code)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "event", "mobile"], name="guest_unique_mobile"
            ),
            models.UniqueConstraint(fields=["organization", "code"], name="guest_unique_code"),
        ]
        indexes = [
            models.Index(fields=["organization", "event", "community"], name="guest_community"),
            models.Index(fields=["organization", "event", "checked_in_at"], name="guest_checkin"),
        ]

    def __str__(self):
        return self.name or self.masked_mobile

    @property
    def masked_mobile(self):
        m = self.mobile or ""
        return f"{m[:3]}****{m[-4:]}" if len(m) == 11 else m


class CustomerProfile(TenantModel):
    """The designer's on-site form (客户资料表) for a guest."""

    guest = models.OneToOneField(Guest, on_delete=models.CASCADE, related_name="profile")
    house_type = models.CharField(_("house type"), max_length=60, blank=True)
    area = models.DecimalField(
        _("area (m²)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("10000"))],
    )
    budget = models.DecimalField(
        _("budget"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    style = models.CharField(_("style"), max_length=60, blank=True)
    preferred_start = models.DateField(_("preferred start"), null=True, blank=True)
    designer = models.CharField(_("designer"), max_length=60, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("customer information form")
        verbose_name_plural = _("customer information forms")


class PrizePool(TenantModel):
    """Prizes with stock and weights. Sealed before the event: the seed is drawn and only
    its SHA-256 shown; after the event the seed is revealed and every draw can be redone."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    no_prize_weight = models.PositiveIntegerField(
        _("weight of \u201cno prize\u201d"),
        default=0,
        help_text=_("0: every draw wins a prize while stock lasts."),
    )
    seed = models.CharField(max_length=64, blank=True)  # hex; secret until revealed
    seed_sha256 = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    draws_made = models.PositiveIntegerField(default=0)
    verify_code = models.CharField(max_length=16, default=new_code)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("prize pool")
        verbose_name_plural = _("prize pools")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "event", "name"], name="prizepool_unique_name"
            ),
            models.UniqueConstraint(fields=["verify_code"], name="prizepool_unique_verify_code"),
        ]

    def __str__(self):
        return self.name


class Prize(TenantModel):
    pool = models.ForeignKey(PrizePool, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("prize"), max_length=60)
    stock = models.PositiveIntegerField(_("stock"), validators=[MinValueValidator(1)])
    taken = models.PositiveIntegerField(default=0)
    weight = models.PositiveIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])
    value = models.DecimalField(
        _("value"), **MONEY, default=Decimal("0"), validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        constraints = [
            models.CheckConstraint(condition=Q(taken__lte=F("stock")), name="prize_within_stock"),
        ]

    def __str__(self):
        return self.name


class Quota(TenantModel):
    """A first-N offer: "the first 30 signers smash a golden egg". Places are numbered
    1..size in the order the acts that earn them are recorded."""

    class Trigger(models.TextChoices):
        SIGNING = "signing", _("Signing a contract at the event")
        MANUAL = "manual", _("Given at a desk")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    size = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    taken = models.PositiveIntegerField(default=0)
    trigger = models.CharField(
        _("earned by"), max_length=10, choices=Trigger.choices, default=Trigger.SIGNING
    )
    value = models.DecimalField(
        _("value of one place"), **MONEY, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    pool = models.ForeignKey(
        PrizePool,
        verbose_name=_("draws from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    returns_on_void = models.BooleanField(
        _("a voided act gives its place back"),
        default=False,
        help_text=_("Off: the place stays used (the egg was smashed, the gift handed over)."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("first-N offer")
        verbose_name_plural = _("first-N offers")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "event", "name"], name="quota_unique_name"
            ),
            models.CheckConstraint(condition=Q(taken__lte=F("size")), name="quota_within_size"),
        ]

    def __str__(self):
        return self.name


class Card(TenantModel):
    """A "51 card": the gift on the event day once; a deduction on a contract signed at the
    event, once."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    number = models.CharField(_("card number"), max_length=30)
    buyer = models.ForeignKey(
        Guest, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="+"
    )
    price = models.DecimalField(_("price paid"), **MONEY, validators=[MinValueValidator(0)])
    sold_at = models.DateTimeField(auto_now_add=True)
    sold_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gift_collected_at = models.DateTimeField(_("gift collected at"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("51 card")
        verbose_name_plural = _("51 cards")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "event", "number"], name="card_unique_number"
            )
        ]

    def __str__(self):
        return self.number


class Signing(TenantModel):
    """A contract signed by a guest. The amounts are computed by rules.signing_amounts and
    stored with their steps; a correction or a void keeps the history."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    guest = models.ForeignKey(
        Guest, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    designer = models.CharField(_("designer"), max_length=60, blank=True)
    contract_total = models.DecimalField(_("contract total"), **MONEY)
    signed_on = models.DateField(_("signed on"))
    discount_zhe = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("10"))
    card = models.OneToOneField(
        Card,
        verbose_name=_("51 card"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    card_deduction = models.DecimalField(**MONEY, default=Decimal("0"))
    group_voucher = models.DecimalField(**MONEY, default=Decimal("0"))
    amount_due = models.DecimalField(_("amount due"), **MONEY)
    steps = models.JSONField(default=list)  # the calculation, line by line
    signed_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(_("reason"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("signing")
        verbose_name_plural = _("signings")
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_total__gt=0), name="signing_total_positive"
            ),
            models.CheckConstraint(condition=Q(amount_due__gte=0), name="signing_due_not_negative"),
            # One contract per customer per event (a correction changes it; a void frees it).
            models.UniqueConstraint(
                fields=["organization", "event", "guest"],
                condition=Q(voided_at__isnull=True),
                name="signing_once_per_guest",
            ),
        ]
        indexes = [models.Index(fields=["organization", "event", "signed_on"], name="signing_day")]


class SigningChange(TenantModel):
    """History of a signing: what it was before each correction or void."""

    signing = models.ForeignKey(Signing, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=10)  # signed / corrected / voided / regrouped
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["at", "pk"]


class Place(TenantModel):
    """Place number `number` of a first-N offer, held by a guest for an act (a signing)."""

    quota = models.ForeignKey(Quota, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    guest = models.ForeignKey(Guest, on_delete=models.PROTECT, related_name="+")
    signing = models.ForeignKey(
        Signing, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    taken_at = models.DateTimeField(auto_now_add=True)
    given_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["quota", "number"]
        constraints = [
            # A number is held once; a place given back (voided, returned) frees it.
            models.UniqueConstraint(
                fields=["organization", "quota", "number"],
                condition=Q(voided_at__isnull=True),
                name="place_unique_number",
            ),
            # An act earns a place of a given offer once.
            models.UniqueConstraint(
                fields=["organization", "quota", "signing"],
                condition=Q(voided_at__isnull=True),
                name="place_once_per_signing",
            ),
        ]


class Draw(TenantModel):
    """Draw number k of a pool: decided by HMAC-SHA256(seed, event, pool, k) over the
    prizes in stock (rules.draw_outcome). `prize` null: no prize."""

    pool = models.ForeignKey(PrizePool, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    guest = models.ForeignKey(Guest, on_delete=models.PROTECT, related_name="+")
    place = models.OneToOneField(Place, on_delete=models.PROTECT, related_name="+")
    prize = models.ForeignKey(
        Prize, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)
    drawn_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handed_over_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pool", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "pool", "number"], name="draw_unique_number"
            )
        ]


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


class FollowUp(TenantModel):
    """A guest on an employee's follow-up list after the event."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("Not yet contacted")
        REACHED = "reached", _("Reached")
        VISIT = "visit", _("Visit booked")
        NOT_INTERESTED = "not_interested", _("Not interested")
        SIGNED = "signed", _("Signed later")

    CLOSED = (Outcome.NOT_INTERESTED, Outcome.SIGNED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="+")
    assignee = models.ForeignKey(
        USER, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.OPEN
    )
    next_date = models.DateField(_("next contact"), null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["next_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "event", "guest"], name="followup_once")
        ]
        indexes = [
            models.Index(fields=["organization", "event", "assignee"], name="followup_assignee")
        ]


class Contact(TenantModel):
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=16, choices=FollowUp.Outcome.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    next_date = models.DateField(_("next contact"), null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]


class EventReport(TenantModel):
    """The event report PDF (the dashboard in print), made by a job."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    job = models.OneToOneField("campaigns.Job", on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="event-reports/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
