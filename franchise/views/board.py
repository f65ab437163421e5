"""The franchise home: the rollout board for managers, the franchisee's own territory."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.roles import Perm
from campaigns.views import apply_service, org_page

from .. import charts, selectors, services
from ..forms import GoalFigureForm
from ._helpers import BOARD_ROWS, _may
from .territory import _territory_page

# -- home: the board for managers, "my territories" for a franchisee -------------------------


@org_page(Perm.VIEW_TERRITORY)
def franchise_home(request, organization, goal_form=None):
    if not _may(request, Perm.VIEW_FRANCHISE):
        territories = list(selectors.territories_visible(request.membership))
        if len(territories) == 1:  # the usual franchisee: straight to their dashboard
            return _territory_page(request, organization, territories[0])
        return render(request, "franchise/my_territories.html", {"territories": territories})
    board = selectors.rollout_board(organization)
    return render(
        request,
        "franchise/board.html",
        {
            **board,
            "page": Paginator(board["territories"], BOARD_ROWS).get_page(request.GET.get("page")),
            "schematic": charts.territory_schematic(board["territories"]),
            "can_manage": _may(request, Perm.MANAGE_FRANCHISE),
            "goal_form": goal_form or GoalFigureForm(plan=board["plan"]),
        },
        status=400 if goal_form is not None else 200,
    )


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def goal_figure_new(request, organization):
    plan = selectors.franchise_plan(organization)
    form = GoalFigureForm(request.POST, plan=plan)
    if form.is_valid() and apply_service(
        form, lambda: services.goal_figure_record(organization=organization, **form.cleaned_data)
    ):
        messages.success(request, _("Figure recorded."))
        return redirect("franchise_home", org_slug=organization.slug)
    return franchise_home.__wrapped__(request, organization, goal_form=form)
