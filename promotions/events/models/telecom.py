"""Telecom Day (DOMAIN.md §4, items 5–9 of the issue): gift stock and its movements, the
birthday gift by resident ID (only a keyed hash and a masked form are stored, never the
number), the quiz and the lucky wheel (a part-1 prize pool drawn through a place of a
first-N offer), sales at the desks, and the follow-up lists' kinds with the
second-development settings."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import TenantModel

from .base import MONEY, USER
from .followups import FollowUp
from .guests import Event, Guest
from .offers import Draw, Place, Prize, PrizePool, Quota


class TelecomSettings(TenantModel):
    """What the organization sets for an event's second development (absent: the defaults)."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="+")
    second_development_days = models.PositiveSmallIntegerField(
        _("second-development period (days after the event)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    second_development_target = models.DecimalField(
        _("second-development target (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("90"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "event"], name="telecomsettings_once")
        ]


class GiftItem(TenantModel):
    """A gift the event gives, as stock: ordered, received, issued one by one, returned.
    In hand = received − issued + returned, never below zero (a check constraint; issuing
    is a conditional update)."""

    class Kind(models.TextChoices):
        BIRTHDAY = "birthday", _("Birthday gift")
        GIFT_PACK = "gift_pack", _("Gift pack")
        WHEEL_PRIZE = "wheel_prize", _("Lucky-wheel prize")
        GIFT_BAG = "gift_bag", _("电信日 gift bag")
        OTHER = "other", _("Other gift")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("gift"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    prize = models.OneToOneField(
        Prize,
        verbose_name=_("wheel prize"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ordered = models.PositiveIntegerField(_("ordered"), default=0)
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    received = models.PositiveIntegerField(_("received"), default=0)
    issued = models.PositiveIntegerField(_("issued"), default=0)
    returned = models.PositiveIntegerField(_("returned"), default=0)

    class Meta:
        ordering = ["kind", "name", "pk"]
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "event", "name"], name="giftitem_unique_name"
            ),
            models.UniqueConstraint(
                fields=["organization", "event"],
                condition=Q(kind="birthday"),
                name="giftitem_one_birthday_gift",
            ),
            models.CheckConstraint(
                condition=Q(issued__lte=F("received") + F("returned")),
                name="giftitem_not_below_zero",
            ),
            models.CheckConstraint(
                condition=Q(returned__lte=F("issued")), name="giftitem_returns_issued"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def in_hand(self):
        return self.received - self.issued + self.returned


class GiftMovement(TenantModel):
    """One line of a gift's stock ledger."""

    class Kind(models.TextChoices):
        ORDERED = "ordered", _("Ordered")
        RECEIVED = "received", _("Received")
        ISSUED = "issued", _("Issued")
        RETURNED = "returned", _("Returned")

    class Reason(models.TextChoices):
        BIRTHDAY = "birthday", _("Birthday gift")
        WHEEL = "wheel", _("Lucky-wheel prize")
        GIFT_PACK = "gift_pack", _("Gift pack at the sign-up desk")
        GIFT_BAG = "gift_bag", _("电信日 gift bag")
        OTHER = "other", _("Other")

    item = models.ForeignKey(GiftItem, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    guest = models.ForeignKey(
        Guest,
        verbose_name=_("guest"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # A return names the issue it gives back (once).
    returns = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organization", "item", "kind"], name="giftmove_item")]


class BirthdayGift(TenantModel):
    """The birthday gift given to one resident ID at one event. Holds the ID's keyed hash
    (HMAC-SHA256, settings.RESIDENT_ID_HMAC_KEY) for the uniqueness and its masked form
    for display; never the number."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    id_hash = models.CharField(max_length=64)
    id_masked = models.CharField(_("ID number (masked)"), max_length=18)
    guest = models.ForeignKey(
        Guest,
        verbose_name=_("guest"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    desk = models.CharField(_("desk"), max_length=40, blank=True)
    movement = models.OneToOneField(
        GiftMovement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    given_at = models.DateTimeField(auto_now_add=True)
    given_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "event", "id_hash"], name="birthdaygift_once_per_id"
            )
        ]


class QuizQuestion(TenantModel):
    """A question of the data-services zone's quiz: choices and the right one."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list)
    answer = models.PositiveSmallIntegerField(_("right choice"))  # 0-based index
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self):
        return self.text


class Wheel(TenantModel):
    """The lucky wheel: a prize pool (sealed before the day, verifiable after) and the
    first-N offer whose places are the spins a right quiz answer earns."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    pool = models.OneToOneField(PrizePool, on_delete=models.PROTECT, related_name="+")
    spins = models.OneToOneField(Quota, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "pool"], name="wheel_one_per_pool")
        ]


class Spin(TenantModel):
    """A guest's turn at the wheel: asked a question, answered; a right answer takes a
    place (the spin), which is drawn once."""

    wheel = models.ForeignKey(Wheel, on_delete=models.CASCADE, related_name="+")
    guest = models.ForeignKey(Guest, on_delete=models.PROTECT, related_name="+")
    question = models.ForeignKey(
        QuizQuestion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    asked_at = models.DateTimeField(null=True, blank=True)
    correct = models.BooleanField(null=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    place = models.OneToOneField(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    draw = models.OneToOneField(
        Draw, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "wheel", "guest"], name="spin_once_per_guest"
            )
        ]


class DeskSale(TenantModel):
    """A sale at the sign-up desk (or after the event), by product line, against the staff
    member whose sales target it counts toward."""

    class Line(models.TextChoices):
        BUNDLE = "bundle", _("Fixed + mobile + broadband bundle (with the partner)")
        DATA = "data", _("Data services")
        HANDSET = "handset", _("Handset with the appliance subsidy")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey(
        USER, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+"
    )
    guest = models.ForeignKey(
        Guest, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    line = models.CharField(_("product line"), max_length=10, choices=Line.choices)
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    sold_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sold_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "event", "staff"], name="desksale_staff"),
            models.Index(fields=["organization", "event", "guest"], name="desksale_guest"),
        ]


class FollowUpList(TenantModel):
    """Which Telecom Day list a follow-up is on: the revisit list (customers who bought)
    or the second-contact list (the rest, whose second development is measured)."""

    class Kind(models.TextChoices):
        REVISIT = "revisit", _("Revisit list")
        SECOND_CONTACT = "second_contact", _("Second-contact list")

    followup = models.OneToOneField(FollowUp, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("list"), max_length=16, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "followup"], name="followuplist_once")
        ]
