"""Whose rows a person works on by branch: branch staff their branch (a team's branch for
team-scoped staff); managers and admins the whole organization."""

from .roles import Role


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
    """`queryset` narrowed to the rows whose `field` is the member's branch, if they are
    branch staff."""
    scope = branch_scope(membership)
    if scope is None:
        return queryset
    if scope is False:
        return queryset.none()
    return queryset.filter(**{field: scope})
