"""The battle report (战报) pages: a day's report on screen with the PDFs made so far,
"make the PDF now", and the download of a PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import Job
from campaigns.roles import can
from campaigns.views import org_page
from contests.permissions import Perm

from .. import battle_report_pdf, charts, selectors, services
from .contest import day_param


def _page_url(contest, day):
    return (
        reverse(
            "contest_battle_report",
            kwargs={"org_slug": contest.organization.slug, "contest_id": contest.pk},
        )
        + f"?day={day}"
    )


@org_page(Perm.VIEW_CONTESTS)
def battle_report_page(request, organization, contest_id):
    contest = selectors.contest_get(organization, contest_id)
    day = day_param(request, contest)
    data = selectors.battle_report_data(contest, day)
    reports = list(selectors.reports_of(contest))
    busy = {Job.Status.QUEUED, Job.Status.RUNNING}
    return render(
        request,
        "contests/battle_report.html",
        {
            "contest": contest,
            **data,
            "chart": charts.cumulative_chart_svg(contest, data),
            "reports": reports,
            "pending": any(r.job and r.job.status in busy for r in reports),
            "can_make": can(request.membership.role, Perm.ENTER_RESULTS),
        },
    )


@require_POST
@org_page(Perm.ENTER_RESULTS)
def battle_report_make(request, organization, contest_id):
    contest = selectors.contest_get(organization, contest_id)
    day = day_param(request, contest)
    try:
        report = services.battle_report_request(
            organization=organization, contest=contest, day=day, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if report.file:
            messages.info(request, _("The PDF of this day is ready below."))
        else:
            messages.success(request, _("The PDF is being made; it will be listed below."))
    return redirect(_page_url(contest, day))


@org_page(Perm.VIEW_CONTESTS)
def battle_report_download(request, organization, contest_id, report_id):
    contest = selectors.contest_get(organization, contest_id)
    report = selectors.report_get(contest, report_id)
    if not report.file or not report.file.storage.exists(report.file.name):
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=battle_report_pdf.report_filename(report),
        content_type="application/pdf",
    )
