"""Whose registrations and channels a person works on: branch staff their branch (a team's
branch for team-scoped staff); managers and admins the whole organization."""

from django.http import Http404

from campaigns.roles import Role

from .models import Channel


def branch_scope(membership):
    """None for the whole organization; else the one branch (or False: no branch at all)."""
    if membership.role != Role.BRANCH_STAFF:
        return None
    if membership.branch_id:
        return membership.branch
    if membership.team_id and membership.team.branch_id:
        return membership.team.branch
    return False


def in_scope(queryset, membership, field="branch"):
    scope = branch_scope(membership)
    if scope is None:
        return queryset
    if scope is False:
        return queryset.none()
    return queryset.filter(**{field: scope})


def channels_visible(membership):
    """Every channel for managers and admins; for branch staff the one that registers as
    their branch (their own stock, ledger and statement), if there is one."""
    return in_scope(Channel.objects.for_org(membership.organization_id), membership)


def channel_visible_or_404(membership, channel_id):
    channel = channels_visible(membership).filter(pk=channel_id).first()
    if channel is None:
        raise Http404
    return channel
