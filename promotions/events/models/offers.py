"""Offers: sealed prize pools and their draws, first-N places, 51 cards, signings and
their history."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import TenantModel

from .base import MONEY, USER, new_code
from .guests import Event, Guest


class PrizePool(TenantModel):
    """Prizes with stock and weights. Sealed before the event: the seed is drawn and only
    its SHA-256 shown; after the event the seed is revealed and every draw can be redone."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    no_prize_weight = models.PositiveIntegerField(
        _("weight of “no prize”"),
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
