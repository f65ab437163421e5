"""Who may do what on an event page: the role matrix, asked by name."""

from django.core.exceptions import PermissionDenied

from campaigns.roles import can

from ..permissions import Perm


def may(request, perm):
    return can(request.membership.role, perm)


def require(request, perm):
    if not may(request, perm):
        raise PermissionDenied


def abilities(request):
    """What the templates ask: may this member work the desk, manage, follow up?"""
    return {
        "can_desk": may(request, Perm.WORK_DESK),
        "can_manage": may(request, Perm.MANAGE_EVENTS),
        "can_follow_up": may(request, Perm.FOLLOW_UP),
    }
