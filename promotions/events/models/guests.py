"""The event started from its plan, the lead channels, guests and their customer forms,
the report PDFs."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Plan, TenantModel

from .base import MONEY, USER, new_code


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
    # The big screen's link (`/screen/<signed token>/`) names this key; a new key ends
    # every link given out before (selectors/screen.py).
    screen_key = models.CharField(max_length=32, blank=True, default="")
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


class EventReport(TenantModel):
    """The event report PDF (the dashboard in print), made by a job."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    job = models.OneToOneField("campaigns.Job", on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="event-reports/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class GuestImport(TenantModel):
    """An uploaded guest list and what importing it did, or (`commit` false) would do: a
    job (kind "events.guests_import", one of the organization's import slots) reads the
    stored file; `report` holds its counts and the bad rows by line. A checked file's
    valid rows are imported by a second job on the same stored file (`commit` set then)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="imports/guests/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    commit = models.BooleanField(default=False)
    # The channel of rows that name none (Telecom Day's customers to invite: "SMS invitation").
    default_channel = models.ForeignKey(
        "LeadChannel", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    job = models.ForeignKey(
        "campaigns.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("guest list import")
        verbose_name_plural = _("guest list imports")
        indexes = [
            models.Index(fields=["organization", "event", "created_at"], name="guestimport_event")
        ]

    def __str__(self):
        return self.original_name
