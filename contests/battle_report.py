"""The daily battle report (战报) of a sales contest: the day's data, its chart, and the
job (kind "contest.battle_report") that prints it to PDF.

Every figure is "as of the end of day D" (org-local): policies issued after D do not
count, so a report made again for a past day shows what that day showed. This is why the
progress is computed here with pace.progress over the total up to D, the same inputs
selectors.contest_standing uses for "today" (there the total counts every policy).

The PDF goes through the core's printing (campaigns.printing: the page frame, render_pdf
and its local-only URL fetcher), the print CSS of templates/exports/plan.css and the SVG
chart primitives of campaigns.svg_charts.
"""

import logging
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from campaigns import jobs, printing
from campaigns import svg_charts as charts
from campaigns.models import Team
from campaigns.tenancy import get_for_org_or_404

from . import selectors
from .models import BattleReport
from .rules import awards, pace, rewards
from .services.battle_reports import BATTLE_REPORT_JOB_KIND

logger = logging.getLogger(__name__)

TOP_AGENTS = 10
ZERO = Decimal("0")
LINE_COLOR = "#2563eb"


class BattleReportError(Exception):
    """The PDF cannot be made at all; the job fails with this (readable) message."""


# -- reads ----------------------------------------------------------------------------------


def reports_of(contest):
    """The reports made for the contest so far, newest day first, with their jobs."""
    return (
        BattleReport.objects.for_org(contest.organization_id)
        .filter(contest=contest)
        .select_related("job")
        .order_by("-day")
    )


def report_get(contest, report_id):
    return get_for_org_or_404(BattleReport, contest.organization_id, contest=contest, pk=report_id)


def battle_report_data(contest, day):
    """Everything the report shows for `day`: the day's top agents (by premium issued that
    day), the day's and the cumulative department total, team standings with their fund
    tier, and the progress against the checkpoints — all as of the end of `day`."""
    reward_rules = rewards.rules_from_extra(contest.rules)
    live = selectors.live_policies(contest)
    up_to_day = live.filter(issued_on__lte=day)
    on_day = live.filter(issued_on=day)

    top = list(
        on_day.values("agent_id", "agent__code", "agent__name", "agent__team__name")
        .annotate(total=Sum("premium"), policies=Count("id"))
        .order_by("-total", "agent__code")[:TOP_AGENTS]
    )
    top_agents = [
        {
            "rank": rank,
            "code": row["agent__code"],
            "name": row["agent__name"],
            "team": row["agent__team__name"],
            "premium": row["total"],
            "policies": row["policies"],
        }
        for rank, row in enumerate(top, 1)
    ]
    today = on_day.aggregate(total=Sum("premium"), policies=Count("id"))
    daily = dict(up_to_day.values_list("issued_on").annotate(Sum("premium")))
    cumulative = sum(daily.values(), ZERO)

    team_totals = dict(up_to_day.values_list("agent__team_id").annotate(Sum("premium")))
    teams = sorted(
        (
            {"name": team.name, "total": team_totals.get(team.pk, ZERO)}
            for team in Team.objects.for_org(contest.organization_id).order_by("name")
        ),
        key=lambda row: (-row["total"], row["name"]),
    )
    for rank, row in enumerate(teams, 1):
        row["rank"] = rank
        row["award"] = awards.team_award(row["total"], reward_rules)

    checkpoints = [
        pace.Checkpoint(s.name, s.start_date, s.end_date, s.cumulative_target)
        for s in selectors.checkpoints_of(contest)
    ]
    progress = pace.progress(
        checkpoints, contest.goal, contest.period_start, contest.period_end, day, cumulative
    )
    return {
        "day": day,
        "top_agents": top_agents,
        "day_total": today["total"] or ZERO,
        "day_policies": today["policies"],
        "cumulative": cumulative,
        "goal": contest.goal,
        "goal_share": _share(cumulative, contest.goal),
        "teams": teams,
        "checkpoints": checkpoints,
        "progress": progress,
        "daily": daily,
    }


def _share(part, whole):
    if not whole:
        return None
    return f"{(Decimal(part) / Decimal(whole) * 100):.1f}%"


# -- the chart --------------------------------------------------------------------------------


def cumulative_chart_svg(contest, data, *, width=640, height=300):
    """Cumulative premium by day up to the report's day (a line), against each
    checkpoint's cumulative target over its dates (dashed steps) and the goal."""
    start, end, day = contest.period_start, contest.period_end, data["day"]
    span = max(1, (end - start).days)
    running, points = ZERO, []
    current = start
    while current <= min(day, end):
        running += data["daily"].get(current, ZERO)
        points.append((current, running))
        current += timedelta(days=1)
    targets = [c.cumulative_target for c in data["checkpoints"]]
    top = max([data["goal"], running, *targets, Decimal(1)])
    ticks = charts.nice_ticks(Decimal(top))
    scale_max = ticks[-1] or Decimal(1)

    left, right, top_pad, bottom = 78, 24, 34, 40
    plot_w, plot_h = width - left - right, height - top_pad - bottom

    def x_of(when):
        return left + (when - start).days / span * plot_w

    def y_of(value):
        return top_pad + plot_h - float(Decimal(value) / scale_max) * plot_h

    out = [charts.svg_open(width, height, _("Cumulative premium against the checkpoints"))]
    for tick in ticks:
        out.append(charts.line(left, y_of(tick), left + plot_w, y_of(tick), charts.GRID))
        out.append(
            charts.text(
                left - 8,
                y_of(tick) + 4,
                charts.number_grouped(tick),
                size=10,
                anchor="end",
                fill=charts.MUTED,
            )
        )
    axis_y = top_pad + plot_h
    out.append(charts.line(left, top_pad, left, axis_y, charts.INK))
    out.append(charts.line(left, axis_y, left + plot_w, axis_y, charts.INK))
    for when in charts.date_ticks(start, end):
        out.append(charts.line(x_of(when), axis_y, x_of(when), axis_y + 4, charts.INK))
        out.append(
            charts.text(
                x_of(when),
                axis_y + 16,
                when.strftime("%m-%d"),
                size=9,
                anchor="middle",
                fill=charts.MUTED,
            )
        )
    out.append(
        charts.text(
            left,
            14,
            _("Cumulative premium"),
            size=11,
            anchor="start",
            fill=charts.INK,
            weight="bold",
        )
    )
    # The checkpoints: each target held over its dates, named at its end.
    for checkpoint in data["checkpoints"]:
        y = y_of(checkpoint.cumulative_target)
        x1, x2 = x_of(max(checkpoint.start, start)), x_of(min(checkpoint.end, end))
        out.append(
            f'<line x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}" '
            f'stroke="{charts.ACCENT}" stroke-width="1.4" stroke-dasharray="5 3"/>'
        )
        out.append(f'<circle cx="{x2:.1f}" cy="{y:.1f}" r="3" fill="{charts.ACCENT}"/>')
        label = charts.fit(checkpoint.name, 110, size=9)
        target = charts.number_grouped(checkpoint.cumulative_target)
        out.append(
            charts.text(
                x2 - 2, y - 5, f"{label} {target}", size=9, anchor="end", fill=charts.ACCENT
            )
        )
    if data["goal"] and data["goal"] not in targets:
        y = y_of(data["goal"])
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="{charts.MUTED}" stroke-width="1" stroke-dasharray="2 3"/>'
        )
        out.append(
            charts.text(
                left + 6,
                y - 5,
                _("Goal %(value)s") % {"value": charts.number_grouped(data["goal"])},
                size=9,
                anchor="start",
                fill=charts.MUTED,
            )
        )
    # The actual cumulative premium.
    if points:
        path = " ".join(f"{x_of(when):.1f},{y_of(value):.1f}" for when, value in points)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{LINE_COLOR}" stroke-width="2"/>'
        )
        last_day, last_value = points[-1]
        x, y = x_of(last_day), y_of(last_value)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE_COLOR}"/>')
        near_right = x > left + plot_w - 80
        out.append(
            charts.text(
                x - 7 if near_right else x + 7,
                y - 7,
                charts.number_grouped(last_value),
                size=10,
                anchor="end" if near_right else "start",
                fill=LINE_COLOR,
                weight="bold",
            )
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text is escaped by charts._text


# -- print ---------------------------------------------------------------------------------


def render_battle_report_html(contest, day, *, organization):
    """The report as one print-ready HTML document in the organization's language. Call
    it inside the organization's tenant context."""
    with translation.override(organization.default_language):
        data = battle_report_data(contest, day)
        now = timezone.localtime(timezone.now(), organization.zoneinfo)
        title = _("Battle report %(day)s") % {"day": day.isoformat()}
        return render_to_string(
            "exports/battle_report.html",
            {
                **printing.page_frame(organization, f"{contest.plan.title} · {title}"),
                "organization": organization,
                "contest": contest,
                "plan": contest.plan,
                "title": title,
                "long_day": formats.date_format(day, "DATE_FORMAT"),
                "generated_at": formats.date_format(now, "DATETIME_FORMAT"),
                "chart": cumulative_chart_svg(contest, data),
                **data,
            },
        )


def report_filename(report):
    """The name the user downloads: the plan's title and the day, without characters
    that file systems refuse."""
    name = printing.safe_filename(report.contest.plan.title, most=150)
    name = name or f"contest-{report.contest_id}"
    return f"{name} {_('Battle report')} {report.day.isoformat()}.pdf"


@jobs.job_handler(BATTLE_REPORT_JOB_KIND)
def make_battle_report_pdf(job):
    """Render the day's report and store the PDF on its BattleReport row. A report that
    already has an up-to-date file (made by an earlier job) is left as it is; an outdated
    one is printed again and its old file removed once the new one is committed."""
    report = (
        BattleReport.objects.for_org(job.organization_id)
        .filter(pk=job.payload.get("report_id"))
        .select_related("contest", "contest__plan")
        .first()
    )
    if report is None:
        raise BattleReportError(_("The battle report was deleted before its PDF could be made."))
    if report.file and not report.outdated:
        return {"skipped": True}
    # The figures as of `changes`: nothing is written (or locked) until the PDF is made, so
    # entries never wait for it; a change made meanwhile leaves the report outdated below.
    changes_seen = report.changes
    old_name = report.file.name
    try:
        html = render_battle_report_html(report.contest, report.day, organization=job.organization)
        pdf, pages = printing.render_pdf(html)
    except Exception as exc:  # the reason goes to the log; the user gets a readable one
        logger.exception("battle report %s of contest %s failed", report.pk, report.contest_id)
        raise BattleReportError(
            _(
                "The PDF could not be made; the error was logged for the "
                "support team. Try again later."
            )
        ) from exc
    report.file.save(
        f"battle-report-{report.contest_id}-{report.day.isoformat()}.pdf",
        ContentFile(pdf),
        save=False,
    )
    report.made_at = timezone.now()
    report.save(update_fields=["file", "made_at"])
    BattleReport.objects.for_org(job.organization_id).filter(
        pk=report.pk, changes=changes_seen
    ).update(outdated=False)
    if old_name and old_name != report.file.name:
        storage = report.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return {"bytes": len(pdf), "pages": pages}
