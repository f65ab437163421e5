"""Contest pages: set-up, progress and leaderboards, the daily entry page, agent awards."""

from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.errors import EditConflict
from campaigns.plans.rules import figure
from campaigns.roles import Perm, can
from campaigns.views import apply_service, org_page, posted_data

from . import selectors, services
from .forms import (
    AgentForm,
    ContestForm,
    ContestSettingsForm,
    PolicyCorrectForm,
    PolicyForm,
)
from .models import Policy
from .rules import pace, rewards

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
    # (a page number out of range shows the nearest page).
    agent_page = Paginator(standing["agents"], AGENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "contests/detail.html",
        {
            "contest": contest,
            **standing,
            "agents": agent_page.object_list,
            "agent_page": agent_page,
            "chart": _progress_chart(contest, standing["checkpoints"]),
            "team_chart": _team_chart(standing["teams"], standing["rules"]),
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


def _team_chart(teams, reward_rules):
    """Each team's total as a bar, the team fund tiers as lines (ECharts option)."""
    ordered = list(reversed(teams))  # best at the top of a horizontal bar chart
    # The axis reaches the highest tier, so every tier line shows before a team gets there.
    top = max(
        [row["total"] for row in teams] + [t.threshold for t in reward_rules.team_tiers], default=0
    )
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"left": 90, "right": 30, "top": 20, "bottom": 30},
        "xAxis": {"type": "value", "max": float(top) * 1.1 or None},
        "yAxis": {"type": "category", "data": [row["team"].name for row in ordered]},
        "series": [
            {
                "name": str(_("Team total")),
                "type": "bar",
                "data": [float(row["total"]) for row in ordered],
                "markLine": {
                    "symbol": "none",
                    "data": [
                        {
                            "xAxis": float(t.threshold),
                            "label": {"formatter": f"{figure(t.threshold)} → {figure(t.reward)}"},
                        }
                        for t in reward_rules.team_tiers
                    ],
                },
            }
        ],
    }


def _progress_chart(contest, checkpoints):
    """Cumulative premium by day against the checkpoints (ECharts option)."""
    daily = selectors.daily_totals(contest)
    days, actual, running = [], [], Decimal("0")
    day, last = contest.period_start, min(contest.period_end, timezone.localdate())
    while day <= contest.period_end:
        days.append(day.isoformat())
        running += daily.get(day, 0)
        actual.append(float(running) if day <= last else None)
        day += timedelta(days=1)
    marks = [
        {"name": c.name, "xAxis": c.end.isoformat(), "yAxis": float(c.cumulative_target)}
        for c in checkpoints
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 70, "right": 20, "top": 30, "bottom": 40},
        "xAxis": {"type": "category", "data": days},
        "yAxis": {"type": "value"},
        "series": [
            {
                "name": str(_("Cumulative premium")),
                "type": "line",
                "data": actual,
                "markPoint": {"data": marks, "symbol": "pin"},
                "markLine": {"data": [{"yAxis": float(contest.goal), "name": str(_("Goal"))}]},
            },
        ],
    }


@org_page(Perm.ENTER_RESULTS)
def entry(request, organization, contest_id):
    contest = selectors.contest_get(organization, contest_id)
    agents = selectors.agents_in_scope(request.membership).filter(active=True)
    day = timezone.localdate()
    if not contest.period_start <= day <= contest.period_end:
        day = min(max(day, contest.period_start), contest.period_end)
    form = PolicyForm(posted_data(request), agents=agents, initial={"issued_on": day})
    if request.method == "POST" and form.is_valid():
        recorded = {}
        if apply_service(
            form,
            lambda: recorded.setdefault(
                "policy",
                services.policy_record(
                    organization=organization,
                    membership=request.membership,
                    contest=contest,
                    **form.cleaned_data,
                ),
            ),
        ):
            policy = recorded["policy"]
            note = _("Policy %(number)s recorded.") % {"number": policy.number}
            if policy.calendar:
                note += " " + _("A desk calendar is reserved for it.")
            messages.success(request, note)
            if not request.htmx:
                return redirect("contest_entry", org_slug=organization.slug, contest_id=contest.pk)
            day = policy.issued_on
            form = PolicyForm(
                agents=agents,
                initial={
                    "issued_on": policy.issued_on,
                    "agent": policy.agent,
                    "product": policy.product,
                },
            )
    context = _entry_context(request, contest, form, day)
    template = "contests/_entry_panel.html" if request.htmx else "contests/entry.html"
    return render(request, template, context, status=400 if form.errors else 200)


def _entry_context(request, contest, form, day):
    mine = list(selectors.entries_by(contest, request.user, day))
    return {
        "contest": contest,
        "form": form,
        "day": day,
        "mine": mine,
        "mine_total": sum((p.premium for p in mine), Decimal("0")),
        "department_total": selectors.department_total(contest),
    }


@org_page(Perm.ENTER_RESULTS)
def entry_preview(request, organization, contest_id):
    """Today's total with the premium being typed (updates as the user types)."""
    contest = selectors.contest_get(organization, contest_id)
    day = timezone.localdate()
    mine_total = sum(
        (p.premium for p in selectors.entries_by(contest, request.user, day)), Decimal("0")
    )
    try:
        typed = Decimal(request.GET.get("premium", "").replace(",", "").strip() or "0")
        typed = typed if typed.is_finite() and typed > 0 else Decimal("0")
    except ArithmeticError:
        typed = Decimal("0")
    return render(
        request,
        "contests/_entry_totals.html",
        {
            "mine_total": mine_total,
            "with_typed": mine_total + typed,
            "typed": typed,
            "department_total": selectors.department_total(contest),
        },
    )


@require_POST
@org_page(Perm.ENTER_RESULTS)
def policy_void(request, organization, contest_id, policy_id):
    contest = selectors.contest_get(organization, contest_id)
    policy = selectors.policy_get(contest, policy_id)
    try:
        services.policy_void(
            organization=organization, membership=request.membership, contest=contest, policy=policy
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Policy %(number)s voided.") % {"number": policy.number})
    return redirect("contest_entry", org_slug=organization.slug, contest_id=contest.pk)


@org_page(Perm.ENTER_RESULTS)
def policy_detail(request, organization, contest_id, policy_id):
    """One entry: its figures, its history, and (for whoever may change it) the
    correction form. A stale correction (changed meanwhile) answers 409 and shows the
    entry as it is now next to what was typed."""
    contest = selectors.contest_get(organization, contest_id)
    policy = selectors.policy_in_scope(request.membership, contest, policy_id)
    refusal = _("This entry is voided.") if policy.voided else None
    if refusal is None:
        try:
            services.policy_check_changeable(membership=request.membership, policy=policy)
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
    can_change = refusal is None
    agents = selectors.agents_in_scope(request.membership).filter(active=True)
    initial = {f: getattr(policy, f) for f in services.POLICY_FIELDS} | {"version": policy.version}
    form = PolicyCorrectForm(
        posted_data(request) if can_change else None, agents=agents, initial=initial
    )
    status = 200
    if request.method == "POST" and not can_change:
        status = 403
        messages.error(request, refusal)
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            saved = apply_service(
                form,
                lambda: services.policy_correct(
                    organization=organization,
                    membership=request.membership,
                    contest=contest,
                    policy=policy,
                    version=version,
                    data=data,
                ),
            )
        except EditConflict:
            saved = False  # shown below: the entry as it is now beside what was typed
        if saved:
            messages.success(
                request, _("Policy %(number)s corrected.") % {"number": data["number"]}
            )
            return redirect(
                "contest_policy",
                org_slug=organization.slug,
                contest_id=contest.pk,
                policy_id=policy.pk,
            )
        policy.refresh_from_db()
        if policy.version != version:  # changed meanwhile: keep the typed values, shown
            status = 409  # beside the entry as it is now; saving again applies
            data = request.POST.copy()
            data["version"] = str(policy.version)
            form = PolicyCorrectForm(data, agents=agents)
            form.is_valid()
        else:
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "contests/policy.html",
        {
            "contest": contest,
            "policy": policy,
            "form": form,
            "can_change": can_change,
            "history": selectors.policy_history(policy),
            "conflict": status == 409,
            "field_labels": {f.name: f.verbose_name for f in Policy._meta.fields},
        },
        status=status,
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
        cash = request.POST.get("cash_amount", "").replace(",", "").strip()
        services.award_decide(
            organization=organization,
            membership=request.membership,
            contest=contest,
            agent=agent,
            item=item,
            choice=request.POST.get("choice", ""),
            transfer_to=request.POST.get("transfer_to", ""),
            cash_amount=Decimal(cash) if cash else None,
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
    day = _day_param(request, contest)
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
    day = _day_param(request, contest)
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


def _day_param(request, contest):
    """The day asked for (?day=), else today, kept inside the contest period."""
    from datetime import date

    try:
        day = date.fromisoformat(request.GET.get("day") or request.POST.get("day") or "")
    except ValueError:
        day = timezone.localdate()
    return min(max(day, contest.period_start), contest.period_end)


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
    today = timezone.localdate()
    services.snapshots_due(organization=organization, contest=contest, today=today)
    snapshots = selectors.snapshots_of(contest)
    by_day = {s.taken_on.isoformat(): s for s in snapshots}
    later = by_day.get(request.GET.get("b", "")) or (snapshots[-1] if snapshots else None)
    earlier = by_day.get(request.GET.get("a", ""))
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
