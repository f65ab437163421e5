"""Agent pages: the agents of the organization, one agent's awards and award choices, and
the tracking register."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import money
from campaigns.roles import can
from campaigns.views import apply_service, org_page, posted_data
from contests.permissions import Perm

from .. import selectors, services
from ..forms import AgentForm
from .contest import day_param


@org_page(Perm.MANAGE_CONTESTS)
def agents(request, organization):
    form = AgentForm(posted_data(request), organization=organization)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, lambda: services.agent_save(organization=organization, **form.cleaned_data)
        ):
            messages.success(request, _("Agent saved."))
            return redirect("contest_agents", org_slug=organization.slug)
    return render(
        request,
        "contests/agents.html",
        {"agents": selectors.agents_of(organization), "form": form},
        status=400 if form.errors else 200,
    )


@org_page(Perm.MANAGE_CONTESTS)
def agent_edit(request, organization, agent_id):
    """Change an agent's name, team, full-time or part-time, or set them inactive."""
    agent = selectors.agent_get(organization, agent_id)
    form = AgentForm(
        posted_data(request),
        organization=organization,
        initial={
            "code": agent.code,
            "name": agent.name,
            "team": agent.team_id,
            "full_time": agent.full_time,
            "active": agent.active,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and apply_service(
            form,
            lambda: services.agent_save(
                organization=organization, agent=agent, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Agent saved."))
        return redirect("contest_agents", org_slug=organization.slug)
    return render(
        request,
        "contests/agent_edit.html",
        {"agent": agent, "form": form},
        status=400 if form.errors else 200,
    )


@org_page(Perm.VIEW_CONTESTS)
def agent_detail(request, organization, contest_id, agent_id):
    contest = selectors.contest_get(organization, contest_id)
    agent = selectors.agent_get(organization, agent_id)
    return render(
        request,
        "contests/agent.html",
        {
            "contest": contest,
            "agent": agent,
            **selectors.agent_standing(contest, agent),
            "decisions": selectors.decisions_of(contest, agent),
            "can_decide": can(request.membership.role, Perm.ENTER_RESULTS),
            "can_open_policies": can(request.membership.role, Perm.ENTER_RESULTS)
            and selectors.agents_in_scope(request.membership).filter(pk=agent.pk).exists(),
        },
    )


@require_POST
@org_page(Perm.ENTER_RESULTS)
def award_decide(request, organization, contest_id, agent_id):
    contest = selectors.contest_get(organization, contest_id)
    agent = selectors.agent_get(organization, agent_id)
    try:
        item = int(request.POST.get("item", ""))
        cash = request.POST.get("cash_amount", "").strip()
        services.award_decide(
            organization=organization,
            membership=request.membership,
            contest=contest,
            agent=agent,
            item=item,
            choice=request.POST.get("choice", ""),
            transfer_to=request.POST.get("transfer_to", ""),
            cash_amount=(
                money.parse_amount(
                    cash,
                    kind=money.Kind.REWARD,
                    ceiling=money.ceiling_for(money.Kind.REWARD, organization.amount_ceilings),
                )
                if cash
                else None
            ),
        )
    except (ValueError, ArithmeticError):
        messages.error(request, _("Check the choice and the amount."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Choice recorded."))
    return redirect(
        "contest_agent", org_slug=organization.slug, contest_id=contest.pk, agent_id=agent.pk
    )


@org_page(Perm.ENTER_RESULTS)
def tracking(request, organization, contest_id):
    contest = selectors.contest_get(organization, contest_id)
    day = day_param(request, contest)
    rows = selectors.tracking_day(contest, request.membership, day)
    return render(
        request,
        "contests/tracking.html",
        {
            "contest": contest,
            "day": day,
            "rows": rows,
            "untracked": [agent for agent, entry in rows if entry is None],
        },
    )


@require_POST
@org_page(Perm.ENTER_RESULTS)
def tracking_save(request, organization, contest_id, agent_id):
    contest = selectors.contest_get(organization, contest_id)
    agent = selectors.agent_get(organization, agent_id)
    day = day_param(request, contest)
    try:
        services.tracking_save(
            organization=organization,
            membership=request.membership,
            contest=contest,
            agent=agent,
            day=day,
            visits=int(request.POST.get("visits") or 0),
            attended_meeting=request.POST.get("attended_meeting") == "on",
            note=request.POST.get("note", ""),
        )
    except ValueError:
        messages.error(request, _("Enter the number of visits (0–100)."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(
        reverse(
            "contest_tracking", kwargs={"org_slug": organization.slug, "contest_id": contest.pk}
        )
        + f"?day={day}"
    )
