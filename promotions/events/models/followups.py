"""Follow-up lists after the event and the contacts recorded."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import TenantModel

from .base import USER
from .guests import Event, Guest


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
