"""Telecom Day's SMS invitations: a campaign sends each invited guest (channel "SMS
invitation") their personal invitation code through the kernel's SMS gateway; one
Invitation row per guest and campaign says which message carried it, or that the number
had opted out and was skipped."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import TenantModel

from .base import USER
from .guests import Event, Guest


class InvitationCampaign(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Waiting for the sending hours")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    body = models.TextField(
        _("text"),
        max_length=300,
        help_text=_("{code} is replaced by the guest's invitation code, {name} by their name."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    send_after = models.DateTimeField(_("sends from"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey(
        "campaigns.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    queued = models.PositiveIntegerField(_("queued"), default=0)
    skipped_opted_out = models.PositiveIntegerField(_("skipped: opted out"), default=0)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation campaign")
        verbose_name_plural = _("invitation campaigns")
        indexes = [
            models.Index(fields=["organization", "status", "send_after"], name="invcampaign_due"),
        ]

    def __str__(self):
        return self.name


class Invitation(TenantModel):
    campaign = models.ForeignKey(InvitationCampaign, on_delete=models.CASCADE, related_name="+")
    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(
        "campaigns.SmsMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opted_out = models.BooleanField(_("skipped: opted out"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "campaign", "guest"], name="invitation_once_per_guest"
            ),
        ]
