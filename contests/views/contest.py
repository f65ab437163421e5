"""Contest pages: set-up and settings, progress and leaderboards, risk lists and the
evaluations every 4 days."""

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.query_params import BadQueryParameter, query_date, query_page
from campaigns.roles import can
from campaigns.views import apply_service, org_page, posted_data
from contests.permissions import Perm

from .. import charts, selectors, services
from ..forms import ContestForm, ContestSettingsForm
from ..rules import pace, rewards

AGENTS_PER_PAGE = 50


def _contest_url(contest):
    return reverse(
        "contest_detail", kwargs={"org_slug": contest.organization.slug, "contest_id": contest.pk}
    )


@org_page(Perm.VIEW_CONTESTS)
def contest_list(request, organization):
    form = None
    if can(request.membership.role, Perm.MANAGE_CONTESTS):
        form = ContestForm(organization=organization)
    return render(
        request,
        "contests/list.html",
        {"contests": selectors.contests_of(organization), "form": form},
    )


@require_POST
@org_page(Perm.MANAGE_CONTESTS)
def contest_new(request, organization):
    form = ContestForm(request.POST, organization=organization)
    made = {}
    if form.is_valid() and apply_service(
        form,
        lambda: made.setdefault(
            "contest", services.contest_create(organization=organization, **form.cleaned_data)
        ),
    ):
        return redirect(_contest_url(made["contest"]))
    return render(
        request,
        "contests/list.html",
        {"contests": selectors.contests_of(organization), "form": form},
        status=400,
    )


@org_page(Perm.VIEW_CONTESTS)
def contest_detail(request, organization, contest_id):
    contest = selectors.contest_get(organization, contest_id)
    standing = selectors.contest_standing(contest, timezone.localdate())
    # A department may have thousands of agents: the board is shown a page at a time
    # (a page number that is no page is a 400 saying so).
    agent_page = query_page(request, standing["agents"], AGENTS_PER_PAGE)
    return render(
        request,
        "contests/detail.html",
        {
            "contest": contest,
            **standing,
            "agents": agent_page.object_list,
            "agent_page": agent_page,
            "chart": charts.progress_chart(
                contest,
                standing["checkpoints"],
                selectors.daily_totals(contest),
                timezone.localdate(),
            ),
            "team_chart": charts.team_chart(standing["teams"], standing["rules"]),
            "can_enter": can(request.membership.role, Perm.ENTER_RESULTS),
            "can_manage": can(request.membership.role, Perm.MANAGE_CONTESTS),
        },
    )


@org_page(Perm.MANAGE_CONTESTS)
def contest_settings(request, organization, contest_id):
    """Calendar stock, the daily report time and the reward rules, while the contest runs
    (awards are computed from the rules as they are now)."""
    contest = selectors.contest_get(organization, contest_id)
    reward_rules = rewards.rules_from_extra(contest.rules)
    form = ContestSettingsForm(
        posted_data(request),
        reward_rules=reward_rules,
        initial=ContestSettingsForm.initial_for(contest, reward_rules),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and apply_service(
            form,
            lambda: services.contest_settings_save(
                organization=organization,
                contest=contest,
                calendar_stock=form.cleaned_data["calendar_stock"],
                report_time=form.cleaned_data["report_time"],
                rules_extra=form.extra(),
            ),
        )
    ):
        messages.success(request, _("Contest settings saved."))
        return redirect("contest_settings", org_slug=organization.slug, contest_id=contest.pk)
    return render(
        request,
        "contests/settings.html",
        {
            "contest": contest,
            "form": form,
            "reward_rules": reward_rules,
        },
        status=400 if form.errors else 200,
    )


@org_page(Perm.VIEW_CONTESTS)
def risks(request, organization, contest_id):
    contest = selectors.contest_get(organization, contest_id)
    return render(
        request, "contests/risks.html", {"contest": contest, **selectors.risk_lists(contest)}
    )


@org_page(Perm.VIEW_CONTESTS)
def evaluations(request, organization, contest_id):
    """The evaluation every 4 days: past evaluation days are stored as snapshots by the
    schedule (contests.tasks.take_evaluation_snapshots); one it has not reached yet — or
    the embedded default, which runs no schedule — is stored here. Any two compare."""
    contest = selectors.contest_get(organization, contest_id)
    asked = {name: query_date(request, name) for name in ("a", "b")}
    today = timezone.localdate()
    services.snapshots_due(organization=organization, contest=contest, today=today)
    snapshots = selectors.snapshots_of(contest)
    by_day = {s.taken_on: s for s in snapshots}
    for name, day in asked.items():
        if day is not None and day not in by_day:
            raise BadQueryParameter(
                name,
                _("There is no evaluation of %(day)s: choose one of the days listed.")
                % {"day": day.isoformat()},
            )
    later = by_day.get(asked["b"]) or (snapshots[-1] if snapshots else None)
    earlier = by_day.get(asked["a"])
    if earlier is None and later is not None:
        before = [s for s in snapshots if s.taken_on < later.taken_on]
        earlier = before[-1] if before else None
    comparison = None
    if earlier is not None and later is not None:
        comparison = selectors.compare_snapshots(earlier, later)
    return render(
        request,
        "contests/evaluations.html",
        {
            "contest": contest,
            "snapshots": snapshots,
            "earlier": earlier,
            "later": later,
            "comparison": comparison,
            "upcoming": [
                d
                for d in pace.evaluation_days(contest.period_start, contest.period_end)
                if d >= today
            ],
        },
    )


def day_param(request, contest):
    """The day asked for (?day=, or the posted day of the page's own form), else today
    kept inside the contest period. A day in the address that is no date, or one outside
    the contest, is a 400 that says so (it used to show today's report instead)."""
    day = query_date(request, "day")
    if day is not None:
        if not contest.period_start <= day <= contest.period_end:
            raise BadQueryParameter(
                "day",
                _("%(day)s is outside the contest, which runs from %(start)s to %(end)s.")
                % {
                    "day": day.isoformat(),
                    "start": contest.period_start.isoformat(),
                    "end": contest.period_end.isoformat(),
                },
            )
        return day
    try:
        day = date.fromisoformat(request.POST.get("day") or "")
    except ValueError:
        day = timezone.localdate()
    return min(max(day, contest.period_start), contest.period_end)
