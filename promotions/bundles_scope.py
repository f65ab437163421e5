"""Which channels a person sees: every one for managers and admins, the one that
registers as their branch for branch staff (campaigns.branch_scope)."""

from django.http import Http404

from campaigns.branch_scope import in_scope

from .models import Channel


def channels_visible(membership):
    """Every channel for managers and admins; for branch staff the one that registers as
    their branch (their own stock, ledger and statement), if there is one."""
    return in_scope(Channel.objects.for_org(membership.organization_id), membership)


def channel_visible_or_404(membership, channel_id):
    channel = channels_visible(membership).filter(pk=channel_id).first()
    if channel is None:
        raise Http404
    return channel
