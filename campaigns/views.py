"""Pages of the platform core. Thin: read with selectors, write with services."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import api_tokens, modules, selectors, services, signin_throttle
from . import home as home_panels
from .forms import (
    AmountLimitsForm,
    BranchForm,
    MemberAddForm,
    MemberEditForm,
    ModulesForm,
    TeamForm,
)
from .models import Branch, Invitation, Membership, Team
from .plans import selectors as plan_selectors
from .plans.models import PlanStatus
from .query_params import BadQueryParameter
from .roles import Perm, can
from .tenancy import get_for_org_or_404, memberships_of_user


def org_page(perm):
    """Page inside an organization: TenantMiddleware has checked membership; this checks
    that the permission's module is on (else 404, for every role: the page does not exist
    there), then the role against the matrix, and passes the organization on."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, org_slug, **kwargs):
            if not modules.permission_is_on(request.organization, perm):
                raise Http404
            if not can(request.membership.role, perm):
                raise PermissionDenied
            try:
                return view(request, request.organization, **kwargs)
            except BadQueryParameter as exc:  # campaigns/query_params.py
                return render(
                    request,
                    "bad_query.html",
                    {"name": exc.name, "message": exc.message},
                    status=400,
                )

        wrapped.required_permission = perm
        return wrapped

    return decorator


def apply_service(form, call):
    """Run a service; its ValidationError lands on the form's fields. Returns success."""
    try:
        call()
    except ValidationError as exc:
        errors_to_form(form, exc)
        return False
    return True


def errors_to_form(form, exc):
    """Put a service's ValidationError on the form's fields (unknown fields: on top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class SignInView(auth_views.LoginView):
    """Django's sign-in page, refusing an address blocked for password spraying with a
    429 page (axes' per-user lockout answers through AxesMiddleware)."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        wait = signin_throttle.retry_after(request)
        if not wait:
            response = super().post(request, *args, **kwargs)
            wait = getattr(request, "signin_refused_for", 0)  # blocked meanwhile
            if not wait or getattr(request, "axes_locked_out", False):
                return response
        return signin_throttle.refused_response(request, wait, reason="address")


@login_required
def account_tokens(request):
    """The signed-in person's own API tokens, on every device; never their keys."""
    tokens = api_tokens.api_tokens_of(request.user)
    return render(
        request,
        "campaigns/account_tokens.html",
        {"tokens": tokens, "idle_days": settings.API_TOKEN_IDLE_DAYS},
    )


@require_POST
@login_required
def account_token_revoke(request, token_id):
    api_tokens.api_token_revoke(user=request.user, token_id=token_id)  # 404: not yours
    messages.success(request, _("The token is revoked."))
    return redirect("account_tokens")


@login_required
def home(request):
    memberships = memberships_of_user(request.user)
    invitations = list(selectors.invitations_for_user(request.user))
    if len(memberships) == 1 and not invitations:
        return redirect("org_home", org_slug=memberships[0].organization.slug)
    return render(
        request,
        "campaigns/choose_organization.html",
        {"memberships": memberships, "invitations": invitations},
    )


@require_POST
@login_required
def invitation_respond(request, invitation_id, accept):
    organization = services.invitation_respond(
        user=request.user, invitation_id=invitation_id, accept=accept
    )
    if accept:
        messages.success(request, _("You joined %(name)s.") % {"name": organization.name})
        return redirect("org_home", org_slug=organization.slug)
    messages.success(request, _("Invitation declined."))
    return redirect("home")


@org_page(Perm.VIEW_HOME)
def org_home(request, organization):
    """What the member's day starts with: the panels of the modules the organization runs
    that their role holds (campaigns/home.py), the task of the day first; then the plans
    (drafts only for those who edit plans) and, for admins, the organization's figures."""
    role = request.membership.role
    today = home_panels.organization_today(organization)
    panels = home_panels.panels_for(request, organization, today)
    context = {"today": today, "panels": panels, "overview": None, "plans": None}
    if can(role, Perm.VIEW_PLANS):
        plans = plan_selectors.plans_of(organization)
        if not can(role, Perm.EDIT_PLANS):
            plans = plans.exclude(status=PlanStatus.DRAFT)
        context["plans"] = plans[:10]
    if can(role, Perm.MANAGE_MEMBERS):
        overview = selectors.organization_overview(organization)
        context["overview"] = overview
        context["roles_chart"] = {
            "tooltip": {},
            "grid": {"left": 40, "right": 10, "top": 10, "bottom": 30},
            "xAxis": {"type": "category", "data": [str(r.label) for r, _n in overview["roles"]]},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [{"type": "bar", "data": [n for _r, n in overview["roles"]]}],
        }
    return render(request, "campaigns/org_home.html", context)


@org_page(Perm.MANAGE_MEMBERS)
def members(request, organization):
    form = MemberAddForm(posted_data(request), organization=organization)
    added = {}
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: added.setdefault(
                "row",
                services.member_add(
                    organization=organization, invited_by=request.user, **form.cleaned_data
                ),
            ),
        ):
            if isinstance(added["row"], Invitation):
                messages.success(
                    request,
                    _(
                        "%(username)s already has an account: they are invited and join when "
                        "they accept."
                    )
                    % {"username": form.cleaned_data["username"]},
                )
            else:
                messages.success(request, _("Member added."))
            return redirect("members", org_slug=organization.slug)
    return render(
        request,
        "campaigns/members.html",
        {
            "members": selectors.members_of(organization),
            "form": form,
            "invitations": selectors.invitations_of(organization),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@org_page(Perm.MANAGE_MEMBERS)
def invitation_cancel(request, organization, invitation_id):
    invitation = get_for_org_or_404(Invitation, organization, pk=invitation_id)
    services.invitation_cancel(organization=organization, invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("members", org_slug=organization.slug)


@org_page(Perm.MANAGE_MEMBERS)
def member_edit(request, organization, member_id):
    membership = get_for_org_or_404(Membership, organization, pk=member_id)
    initial = {"role": membership.role, "branch": membership.branch, "team": membership.team}
    form = MemberEditForm(posted_data(request), initial=initial, organization=organization)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.member_update(
                organization=organization, membership=membership, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Member updated."))
            return redirect("members", org_slug=organization.slug)
    return render(
        request,
        "campaigns/member_edit.html",
        {"membership": membership, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@org_page(Perm.MANAGE_MEMBERS)
def member_remove(request, organization, member_id):
    membership = get_for_org_or_404(Membership, organization, pk=member_id)
    try:
        services.member_remove(organization=organization, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Member removed."))
    return redirect("members", org_slug=organization.slug)


@org_page(Perm.MANAGE_AMOUNT_LIMITS)
def amount_limits(request, organization):
    """The organization's own upper bounds of amounts (docs/money.md): a section of the
    settings page, which this saves (a GET shows the settings page, as before the merge)."""
    if request.method != "POST":
        return _settings_page(request, organization)
    form = AmountLimitsForm(request.POST, organization=organization)
    if form.is_valid() and apply_service(
        form,
        lambda: services.amount_limits_save(organization=organization, ceilings=form.cleaned_data),
    ):
        messages.success(request, _("Amount limits saved."))
        return redirect(_amounts_section(organization))
    return _settings_page(request, organization, amounts_form=form)


def _amounts_section(organization):
    return reverse("org_settings", kwargs={"org_slug": organization.slug}) + "#amounts"


def _settings_page(request, organization, *, modules_form=None, amounts_form=None):
    """The settings page: each section for those who may change it (the modules, the
    amount limits)."""
    role = request.membership.role
    if modules_form is None and can(role, Perm.MANAGE_SETTINGS):
        modules_form = ModulesForm(initial={"modules": sorted(modules.enabled_keys(organization))})
    if amounts_form is None and can(role, Perm.MANAGE_AMOUNT_LIMITS):
        amounts_form = AmountLimitsForm(organization=organization)
    failed = any(form is not None and form.errors for form in (modules_form, amounts_form))
    return render(
        request,
        "campaigns/settings.html",
        {"form": modules_form, "amounts_form": amounts_form},
        status=400 if failed else 200,
    )


@org_page(Perm.MANAGE_STRUCTURE)
def branches(request, organization):
    form = BranchForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.branch_save(organization=organization, name=form.cleaned_data["name"]),
        ):
            messages.success(request, _("Branch saved."))
            return redirect("branches", org_slug=organization.slug)
    return render(
        request,
        "campaigns/branches.html",
        {"branches": selectors.branches_of(organization), "form": form},
        status=400 if form.errors else 200,
    )


@org_page(Perm.MANAGE_STRUCTURE)
def branch_edit(request, organization, branch_id):
    branch = get_for_org_or_404(Branch, organization, pk=branch_id)
    form = BranchForm(posted_data(request), initial={"name": branch.name})
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.branch_save(
                organization=organization, name=form.cleaned_data["name"], branch=branch
            ),
        ):
            messages.success(request, _("Branch saved."))
            return redirect("branches", org_slug=organization.slug)
    return render(
        request,
        "campaigns/structure_edit.html",
        {
            "object": branch,
            "form": form,
            "delete_url_name": "branch_delete",
            "back_url_name": "branches",
            "title": _("Edit branch"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@org_page(Perm.MANAGE_STRUCTURE)
def branch_delete(request, organization, branch_id):
    branch = get_for_org_or_404(Branch, organization, pk=branch_id)
    _delete_with_message(
        request,
        lambda: services.branch_delete(organization=organization, branch=branch),
        _("Branch deleted."),
    )
    return redirect("branches", org_slug=organization.slug)


@org_page(Perm.MANAGE_STRUCTURE)
def teams(request, organization):
    form = TeamForm(posted_data(request), organization=organization)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.team_save(
                organization=organization,
                name=form.cleaned_data["name"],
                branch_of_team=form.cleaned_data["branch"],
            ),
        ):
            messages.success(request, _("Team saved."))
            return redirect("teams", org_slug=organization.slug)
    return render(
        request,
        "campaigns/teams.html",
        {"teams": selectors.teams_of(organization), "form": form},
        status=400 if form.errors else 200,
    )


@org_page(Perm.MANAGE_STRUCTURE)
def team_edit(request, organization, team_id):
    team = get_for_org_or_404(Team, organization, pk=team_id)
    form = TeamForm(
        posted_data(request),
        initial={"name": team.name, "branch": team.branch},
        organization=organization,
    )
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.team_save(
                organization=organization,
                name=form.cleaned_data["name"],
                branch_of_team=form.cleaned_data["branch"],
                team=team,
            ),
        ):
            messages.success(request, _("Team saved."))
            return redirect("teams", org_slug=organization.slug)
    return render(
        request,
        "campaigns/structure_edit.html",
        {
            "object": team,
            "form": form,
            "delete_url_name": "team_delete",
            "back_url_name": "teams",
            "title": _("Edit team"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@org_page(Perm.MANAGE_STRUCTURE)
def team_delete(request, organization, team_id):
    team = get_for_org_or_404(Team, organization, pk=team_id)
    _delete_with_message(
        request,
        lambda: services.team_delete(organization=organization, team=team),
        _("Team deleted."),
    )
    return redirect("teams", org_slug=organization.slug)


@org_page(Perm.MANAGE_SETTINGS)
def org_settings(request, organization):
    form = ModulesForm(
        posted_data(request), initial={"modules": sorted(modules.enabled_keys(organization))}
    )
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.organization_modules_set(
                organization=organization, keys=form.cleaned_data["modules"]
            ),
        ):
            messages.success(request, _("Settings saved."))
            return redirect("org_settings", org_slug=organization.slug)
    return _settings_page(request, organization, modules_form=form)


@org_page(Perm.VIEW_JOBS)
def jobs(request, organization):
    return render(request, "campaigns/jobs.html", {"jobs": selectors.jobs_of(organization)})


def posted_data(request):
    """Bind forms on every POST, an empty one too (it then shows "required" errors)."""
    return request.POST if request.method == "POST" else None


def _delete_with_message(request, call, done_message):
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done_message)
