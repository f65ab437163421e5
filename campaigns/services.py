"""Writes of the platform core. Keyword-only, organization first, one transaction each.

Errors are django.core.exceptions.ValidationError (field → messages): forms show them
next to the field, the API answers 400 with the same field errors.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.http import Http404
from django.utils.translation import gettext as _

from . import modules, money, organization_setup, rules
from .api_tokens import api_tokens_revoke_all
from .models import Branch, Invitation, Membership, Organization, Team
from .roles import Role
from .tenancy import check_same_organization, tenant_context

User = get_user_model()


def organization_create(*, slug, name, time_zone="Asia/Shanghai", default_language="zh-hans"):
    """Create a tenant. Platform-level work: called by the create_organization command."""
    organization = Organization(
        slug=slug, name=name, time_zone=time_zone, default_language=default_language
    )
    organization.full_clean()
    with transaction.atomic():  # with the defaults each app gives it
        organization.save()
        organization_setup.set_up(organization)
    return organization


def organization_modules_set(*, organization, keys):
    """Choose the modules the organization runs (campaigns/modules.py). Choosing every
    module stores "no choice" (null), so modules added later are on too; nothing is
    deleted for a module switched off."""
    chosen = set(keys)
    unknown = chosen - set(modules.MODULES)
    if unknown:
        raise ValidationError(
            {"modules": _("Unknown module: %(key)s") % {"key": ", ".join(sorted(unknown))}}
        )
    if not chosen:
        raise ValidationError({"modules": _("Choose at least one module.")})
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        everything = chosen == set(modules.MODULES)
        organization.modules = (
            None if everything else [m.key for m in modules.all_modules() if m.key in chosen]
        )
        organization.full_clean()
        organization.save(update_fields=["modules"])
    return organization


def member_add(
    *,
    organization,
    username,
    role,
    password="",
    first_name="",
    email="",
    branch=None,
    team=None,
    invited_by=None,
):
    """Add a person to the organization. A new username gets an account (password
    required) and a membership. An existing account is only *invited*: it joins when its
    owner accepts, and until then the organization sees nothing of it but the username.
    Returns the Membership or the Invitation."""
    _check_scope(organization, role, branch, team)
    with tenant_context(organization):
        user = User.objects.filter(username=username).first()
        if user is not None:
            if password:
                raise _error(
                    "password",
                    _(
                        "This username is taken. To invite someone who already has an account, "
                        "leave the password empty."
                    ),
                )
            return _invite(organization, user, role, branch, team, invited_by)
        if not password:
            raise _error("password", _("A new account needs a password."))
        user = User(username=username, first_name=first_name, email=email)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise _error("password", list(exc.messages)) from exc
        user.set_password(password)
        user.full_clean()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:  # the same username added at the same moment
            raise _error("username", _("This username was just taken; try again.")) from exc
        membership = Membership(
            organization=organization, user=user, role=role, branch=branch, team=team
        )
        membership.full_clean(validate_unique=False)
        membership.save()
    return membership


def _invite(organization, user, role, branch, team, invited_by):
    if Membership.objects.for_org(organization).filter(user=user).exists():
        raise _error("username", _("This person is already a member."))
    invitation = Invitation(
        organization=organization,
        user=user,
        role=role,
        branch=branch,
        team=team,
        invited_by=invited_by,
    )
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exc:
        raise _error("username", _("This person has already been invited.")) from exc
    return invitation


def invitation_cancel(*, organization, invitation):
    with tenant_context(organization):
        invitation.delete()


def invitation_respond(*, user, invitation_id, accept):
    """The invitee accepts (becomes a member with the offered role) or declines. Finding
    the invitation uses the invitee's own-rows access; acting on it enters its
    organization's context, on the invitee's say-so."""
    with tenant_context(None, user):
        invitation = Invitation.objects.filter(pk=invitation_id, user=user).first()
    if invitation is None:
        raise Http404
    organization = invitation.organization
    with tenant_context(organization, user):
        if accept and not Membership.objects.for_org(organization).filter(user=user).exists():
            membership = Membership(
                organization=organization,
                user=user,
                role=invitation.role,
                branch=invitation.branch,
                team=invitation.team,
            )
            membership.full_clean(validate_unique=False)
            membership.save()
        invitation.delete()
    return organization


def member_update(*, organization, membership, role, branch=None, team=None):
    _check_scope(organization, role, branch, team)
    with tenant_context(organization):
        _refuse_losing_last_admin(organization, membership, stays_admin=role == Role.ADMIN)
        membership.role, membership.branch, membership.team = role, branch, team
        membership.full_clean(validate_unique=False)
        membership.save()
    return membership


def member_remove(*, organization, membership):
    """Remove the membership; the person's account stays (they may belong elsewhere).
    Their API tokens end with it, all of them: a token is not bound to one organization,
    and a device handed out by this organization must stop working here and now (they
    sign in again for the others)."""
    with tenant_context(organization):
        _refuse_losing_last_admin(organization, membership, stays_admin=False)
        membership.delete()
        api_tokens_revoke_all(user=membership.user)


def branch_save(*, organization, name, branch=None):
    branch = branch or Branch(organization=organization)
    branch.name = name.strip()
    return _save_unique(organization, branch, "name", _("A branch with this name exists."))


def team_save(*, organization, name, branch_of_team=None, team=None):
    check_same_organization(organization, branch=branch_of_team)
    team = team or Team(organization=organization)
    team.name, team.branch = name.strip(), branch_of_team
    return _save_unique(organization, team, "name", _("A team with this name exists."))


def branch_delete(*, organization, branch):
    _delete_unless_used(
        organization, branch, _("This branch still has teams or members; move them first.")
    )


def team_delete(*, organization, team):
    _delete_unless_used(organization, team, _("This team still has members; move them first."))


def _save_unique(organization, obj, field, message):
    with tenant_context(organization):
        # The unique constraint is left to the database: its IntegrityError becomes the
        # field error below (full_clean would report it as a generic non-field error).
        obj.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError as exc:
            raise _error(field, message) from exc
    return obj


def _delete_unless_used(organization, obj, message):
    with tenant_context(organization):
        try:
            with transaction.atomic():
                obj.delete()
        except ProtectedError as exc:
            raise _error(None, message) from exc


def _check_scope(organization, role, branch, team):
    check_same_organization(organization, branch=branch, team=team)
    errors = rules.scope_errors(role, branch is not None, team is not None)
    if errors:
        raise ValidationError(errors)


def _refuse_losing_last_admin(organization, membership, *, stays_admin):
    # Only admins whose account is active can sign in (tenancy.membership_in) and count.
    # The admin rows stay locked until the change commits, so two admins demoting each
    # other at the same moment cannot both succeed.
    admins = len(
        Membership.objects.for_org(organization)
        .filter(role=Role.ADMIN, user__is_active=True)
        .select_for_update(of=("self",))
        .values_list("pk", flat=True)
    )
    was_admin = membership.role == Role.ADMIN and membership.user.is_active
    if rules.loses_last_admin(admins, was_admin, stays_admin):
        raise _error("role", _("An organization needs at least one admin."))


def _error(field, message):
    return ValidationError(message if field is None else {field: message})


def amount_limits_save(*, organization, ceilings):
    """The organization's own upper bounds of amounts (campaigns.money): kind → Decimal,
    or None to go back to the default. Kept only where they differ from the default."""
    errors = {}
    own = {}
    for kind, value in ceilings.items():
        kind = money.Kind(kind)
        if value is None or value == money.BOUNDS[kind].ceiling:
            continue
        if not 0 < value <= money.COLUMN_LIMIT:
            errors[kind.value] = _("Enter a limit above zero and at most %(max)s yuan.") % {
                "max": money.money_text(money.COLUMN_LIMIT)
            }
            continue
        own[kind.value] = str(value)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        locked.amount_ceilings = own
        locked.save(update_fields=["amount_ceilings"])
    organization.amount_ceilings = own
    return organization
