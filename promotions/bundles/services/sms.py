"""What the family network says by SMS: the confirmation question to each registered
member, and news for the registration's initiator. Always in the organization's language
(the SMS goes to a customer, not to the person at the desk); sent through campaigns.sms,
queued on commit."""

from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.sms.sending import sms_send, sms_send_many

CONFIRM_PURPOSE = "bundle.confirm"
INITIATOR_PURPOSE = "bundle.initiator"  # news for the registration's initiator


def confirmation_ask(organization, registration, members):
    """One confirmation SMS per member, sent together (one fan-out task per batch)."""
    with translation.override(organization.default_language):
        bodies = [
            _(
                "Family network: %(initiator)s has registered you with short number "
                "%(short)s (5 yuan a month for 300 minutes, the year paid). Reply 是 to "
                "join or 否 to decline within 3 days."
            )
            % {"initiator": registration.initiator_phone, "short": m.short_number}
            for m in members
        ]
    sms_send_many(
        organization=organization,
        messages=[
            {
                "to": m.phone,
                "body": body,
                "purpose": CONFIRM_PURPOSE,
                "ref_id": m.pk,
                "awaiting_reply": True,
                "branch": registration.branch,
            }
            for m, body in zip(members, bodies, strict=True)
        ],
    )


def initiator_tell(organization, registration, template, **values):
    """`template` is an untranslated message (gettext_noop), translated here into the
    organization's language: the SMS goes to a customer, not to the person at the desk."""
    with translation.override(organization.default_language):
        body = _(template) % {"form": registration.form_number, **values}
    sms_send(
        organization=organization,
        to=registration.initiator_phone,
        body=body,
        purpose=INITIATOR_PURPOSE,
        ref_id=registration.pk,
        branch=registration.branch,
    )
