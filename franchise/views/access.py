"""Who may do what on the franchise pages: the member's role against a permission."""

from django.core.exceptions import PermissionDenied

from campaigns.roles import can


def may(request, perm):
    return can(request.membership.role, perm)


def require(request, perm):
    """Refuse (403) a member whose role lacks `perm`."""
    if not may(request, perm):
        raise PermissionDenied
