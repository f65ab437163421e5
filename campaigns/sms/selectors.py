"""Which SMS messages a person sees: managers and admins every message of the
organization; branch staff those with their branch's customers (campaigns.branch_scope).
A message with no branch (an inbound one nobody awaited) is for managers and admins."""

from ..branch_scope import in_scope
from .models import SmsMessage


def messages_visible(membership):
    return in_scope(
        SmsMessage.objects.for_org(membership.organization_id).select_related("in_reply_to"),
        membership,
    )
