"""SMS messages (both directions) and each organization's gateway settings. A message
row is also its own sending job: status, attempts, next attempt, provider's answer."""

import secrets
from datetime import time

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import TenantModel
from . import rules


def new_webhook_secret():
    return secrets.token_urlsafe(32)


class SmsSettings(TenantModel):
    """One row per organization: the secret that signs its inbound webhook calls."""

    webhook_secret = models.CharField(
        _("webhook secret"), max_length=100, default=new_webhook_secret
    )
    # Campaign messages (invitations) go out only inside these daily hours, in the
    # organization's time zone; a campaign started outside waits for the next opening.
    sending_from = models.TimeField(_("campaigns send from"), default=time(8, 0))
    sending_until = models.TimeField(_("campaigns send until"), default=time(21, 0))

    class Meta:
        verbose_name = _("SMS settings")
        verbose_name_plural = _("SMS settings")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="smssettings_one_per_org"),
        ]


class SmsMessage(TenantModel):
    class Direction(models.TextChoices):
        OUTBOUND = "out", _("Outgoing")
        INBOUND = "in", _("Incoming")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        OPTED_OUT = "opted_out", _("Not sent: the number opted out")
        RECEIVED = "received", _("Received")

    direction = models.CharField(
        max_length=3, choices=Direction.choices, default=Direction.OUTBOUND
    )
    phone = models.CharField(_("mobile number"), max_length=11)
    body = models.TextField(_("text"))
    parts = models.PositiveSmallIntegerField(_("parts"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # What the message is about, so a reply can find its way back (e.g. "bundle.confirm"
    # and the member's id); and whether a yes/no reply is still awaited.
    purpose = models.CharField(max_length=40, blank=True)
    ref_id = models.BigIntegerField(null=True, blank=True)
    awaiting_reply = models.BooleanField(default=False)
    # Sending as a job.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(_("provider's id"), max_length=64, blank=True)
    provider_answer = models.TextField(_("provider's answer"), blank=True)
    error = models.TextField(_("error"), blank=True)
    # The sending claim's lease and a failed enqueue, as on Job (campaigns/claimable.py).
    lease_owner = models.CharField(_("worker"), max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    enqueue_failed_at = models.DateTimeField(null=True, blank=True)
    # Inbound only: how the reply was read and what it did.
    reply = models.CharField(
        max_length=5, choices=[(r.value, r.value) for r in rules.Reply], blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The branch whose customer the message is with (a registration's branch; a reply its
    # message's): branch staff see only their branch's. None: managers and admins only.
    branch = models.ForeignKey(
        "campaigns.Branch",
        verbose_name=_("branch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        indexes = [
            models.Index(fields=["organization", "status", "updated_at"], name="sms_org_status"),
            models.Index(
                fields=["organization", "phone", "awaiting_reply"], name="sms_org_phone_awaiting"
            ),
            # Branch staff's outbox: their branch's messages, newest first.
            models.Index(
                fields=["organization", "branch", "-created_at"], name="sms_org_branch_created"
            ),
        ]
        constraints = [
            # A provider re-sending the same inbound message is stored once.
            models.UniqueConstraint(
                fields=["organization", "provider_id"],
                condition=Q(direction="in") & ~Q(provider_id=""),
                name="sms_inbound_provider_id_once",
            ),
        ]

    def __str__(self):
        return f"{self.direction} {rules.mask_phone(self.phone)} #{self.pk}"

    @property
    def masked_phone(self):
        return rules.mask_phone(self.phone)


class SmsOptOut(TenantModel):
    """A number that replied 退订 / TD / T: no campaign message of the organization goes
    to it again (sending.CAMPAIGN_PURPOSES). One row per number."""

    phone = models.CharField(_("mobile number"), max_length=11)
    message = models.ForeignKey(
        SmsMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opted out at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("SMS opt-out")
        verbose_name_plural = _("SMS opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["organization", "phone"], name="sms_optout_once"),
        ]

    @property
    def masked_phone(self):
        return rules.mask_phone(self.phone)
