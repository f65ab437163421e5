"""Pure rules of the platform core (no ORM, no I/O)."""

from django.utils.translation import gettext as _

from .roles import Role


def scope_errors(role: str, has_branch: bool, has_team: bool) -> dict[str, str]:
    """Field errors for a membership's scope: only branch staff have one, and only one."""
    errors = {}
    if role != Role.BRANCH_STAFF and (has_branch or has_team):
        errors["role"] = _("Only branch staff can be limited to a branch or a team.")
    elif has_branch and has_team:
        errors["team"] = _("Choose a branch or a team, not both.")
    return errors


def loses_last_admin(active_admins: int, was_admin: bool, stays_admin: bool) -> bool:
    """True when a change would leave the organization with no admin."""
    return was_admin and not stays_admin and active_admins <= 1
