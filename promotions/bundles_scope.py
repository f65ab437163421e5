"""Which channels a person sees: every one for managers and admins, the one that
registers as their branch for branch staff (campaigns.branch_scope)."""

from campaigns.branch_scope import in_scope
from campaigns.tenancy import one_or_404

from .models import Channel


def channels_visible(membership):
    """Every channel for managers and admins; for branch staff the one that registers as
    their branch (their own stock, ledger and statement), if there is one."""
    return in_scope(Channel.objects.for_org(membership.organization_id), membership)


def channel_visible_or_404(membership, channel_id):
    return one_or_404(channels_visible(membership), pk=channel_id)
