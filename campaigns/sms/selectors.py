"""Which SMS messages a person sees: managers and admins every message of the
organization; branch staff those with their branch's customers (campaigns.branch_scope).
A message with no branch (an inbound one nobody awaited) is for managers and admins."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..branch_scope import in_scope
from . import rules
from .models import SmsMessage


def messages_visible(membership):
    return in_scope(
        SmsMessage.objects.for_org(membership.organization_id).select_related("in_reply_to"),
        membership,
    )


def messages_to_number(found, phone):
    """`found` narrowed to one number (spaces and +86 allowed; empty: all of them). A
    number that is not a full mainland mobile raises ValidationError on `phone`: no stored
    message has one, and a part of a number is not a search."""
    phone = rules.normalize_phone(phone)
    if not phone:
        return found
    if not rules.is_mainland_mobile(phone):
        raise ValidationError({"phone": _("Enter an 11-digit mainland mobile number.")})
    return found.filter(phone=phone)
