"""The events list, starting one from its plan, the event page (with the live attendance
count), its settings and offers, the dashboard."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.views import apply_service, org_page, posted_data

from .. import charts, report_pdf, selectors, services
from ..forms import EventSettingsForm, EventStartForm
from ..permissions import Perm
from ..rules import offers
from .access import abilities, require


@org_page(Perm.VIEW_EVENTS)
def event_list(request, organization):
    form = EventStartForm(posted_data(request), organization=organization)
    made = {}
    if request.method == "POST":
        require(request, Perm.MANAGE_EVENTS)
        if form.is_valid() and apply_service(
            form,
            lambda: made.setdefault(
                "event", services.event_start(organization=organization, **form.cleaned_data)
            ),
        ):
            messages.success(
                request, _("Event started. Set its offers, then seal its prize pools.")
            )
            return redirect("event_detail", org_slug=organization.slug, event_id=made["event"].pk)
    return render(
        request,
        "events/list.html",
        {"events": selectors.events_of(organization), "form": form, **abilities(request)},
        status=400 if form.errors else 200,
    )


def event_context(request, organization, event, tab):
    return {"event": event, "tab": tab, **abilities(request)}


@org_page(Perm.VIEW_EVENTS)
def event_detail(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    return render(
        request,
        "events/detail.html",
        {
            **event_context(request, organization, event, "overview"),
            "attendance": selectors.attendance(organization, event),
            "telecom_attendance": _telecom_attendance(organization, event),
            "quotas": selectors.quotas_of(organization, event),
            "pools": selectors.pools_of(organization, event),
            "discount": offers.zhe_label(event.discount_zhe),
            "percent_off": offers.percent_off(event.discount_zhe),
        },
    )


def _telecom_attendance(organization, event):
    """Telecom Day's event page: attendance by source and per hour."""
    from ..selectors.telecom import attendance_breakdown

    if event.kind != "telecom_day":
        return None
    return attendance_breakdown(organization, event)


@org_page(Perm.VIEW_EVENTS)
def event_attendance(request, organization, event_id):
    """The live count (htmx polls it every few seconds)."""
    event = selectors.event_get(organization, event_id)
    return render(
        request,
        "events/_attendance.html",
        {"event": event, "attendance": selectors.attendance(organization, event)},
    )


@org_page(Perm.MANAGE_EVENTS)
def event_settings(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    form = EventSettingsForm(posted_data(request), instance=event)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        form.instance = event  # the service saves; the form only reads
        if apply_service(
            form, lambda: services.event_update(organization=organization, event=event, data=data)
        ):
            messages.success(request, _("Event settings saved."))
            return redirect("event_detail", org_slug=organization.slug, event_id=event.pk)
    return render(
        request,
        "events/settings.html",
        {**event_context(request, organization, event, "settings"), "form": form},
        status=400 if form.errors else 200,
    )


@org_page(Perm.VIEW_EVENTS)
def event_dashboard(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    board = selectors.event_dashboard(organization, event)
    return render(
        request,
        "events/dashboard.html",
        {
            **event_context(request, organization, event, "dashboard"),
            "board": board,
            "channel_chart": charts.leads_by_channel(board["by_channel"]),
            "prize_chart": charts.prizes_left(board["pools"]),
            "reports": selectors.reports_of(organization, event),
        },
    )


@require_POST
@org_page(Perm.VIEW_EVENTS)
def report_create(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    report = services.event_report_request(
        organization=organization, event=event, actor=request.user
    )
    if request.htmx:
        return render(request, "events/_report.html", {"event": event, "report": report})
    return redirect("event_dashboard", org_slug=organization.slug, event_id=event.pk)


@org_page(Perm.VIEW_EVENTS)
def report_status(request, organization, event_id, event_report_id):
    event = selectors.event_get(organization, event_id)
    report = selectors.report_get(organization, event, event_report_id)
    return render(request, "events/_report.html", {"event": event, "report": report})


@org_page(Perm.VIEW_EVENTS)
def report_download(request, organization, event_id, event_report_id):
    event = selectors.event_get(organization, event_id)
    report = selectors.report_get(organization, event, event_report_id)
    if not report.file or not report.file.storage.exists(report.file.name):
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report_pdf.report_filename(event),
        content_type="application/pdf",
    )
