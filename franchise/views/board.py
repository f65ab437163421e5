"""The franchise home: the rollout board for managers, the franchisee's own territory."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.roles import Perm as CorePerm
from campaigns.roles import can
from campaigns.views import apply_service, org_page, posted_data
from franchise.permissions import Perm

from .. import charts, selectors, services
from ..forms import GoalFigureForm
from .access import may, require
from .territory import render_territory_page

# -- home: the board for managers, "my territories" for a franchisee -------------------------


@org_page(Perm.VIEW_TERRITORY)
def franchise_home(request, organization):
    if not may(request, Perm.VIEW_FRANCHISE):
        territories = list(selectors.territories_visible(request.membership))
        if len(territories) == 1:  # the usual franchisee: straight to their dashboard
            return render_territory_page(request, organization, territories[0])
        return render(request, "franchise/my_territories.html", {"territories": territories})
    board = selectors.rollout_board(organization)
    return render(
        request,
        "franchise/board.html",
        {
            **board,
            "schematic": charts.territory_schematic(board["territories"]),
            "territory_link": territory_link(organization),
            "can_choose_plan": can(request.membership.role, CorePerm.RUN_PLANS),
        },
    )


def territory_link(organization):
    """The territory page's URL with `{id}` in place of the id, for the schematic's dots."""
    return reverse(
        "franchise_territory", kwargs={"org_slug": organization.slug, "territory_id": 0}
    ).replace("/0/", "/{id}/")


@org_page(Perm.VIEW_FRANCHISE)
def goal_detail(request, organization, goal_id):
    """A goal of the franchise plan with every figure recorded for it; managers record the
    next one here (the board shows the latest)."""
    goal = selectors.franchise_goal_get(organization, goal_id)
    form = GoalFigureForm(posted_data(request))
    if request.method == "POST":
        require(request, Perm.MANAGE_FRANCHISE)
        if form.is_valid() and apply_service(
            form,
            lambda: services.goal_figure_record(
                organization=organization, goal=goal, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Figure recorded."))
            return redirect("franchise_goal", org_slug=organization.slug, goal_id=goal.pk)
    return render(
        request,
        "franchise/goal.html",
        {
            "goal": goal,
            "figures": selectors.goal_figures(goal),
            "form": form,
            "can_manage": may(request, Perm.MANAGE_FRANCHISE),
        },
        status=400 if form.errors else 200,
    )
