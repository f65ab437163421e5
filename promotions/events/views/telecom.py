"""Telecom Day's pages: the hub, the customers to invite and the invitation campaigns
(with their figures), staff quotas, the staff member's phone page (my invitations and
pre-orders), the pre-order ranking and its daily PDFs, the big screen."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.query_params import query_page
from campaigns.views import apply_service, errors_to_form, org_page, posted_data

from .. import selectors
from ..forms import ImportForm
from ..permissions import Perm
from ..rules import telecom as rules
from ..selectors import telecom as telecom_selectors
from ..selectors.followups import members_who_can
from ..services import invitations, quotas, screen
from ..telecom_forms import CampaignForm, InviteForm, PreOrderForm, QuotaForm
from .access import may, require
from .events import event_context

PAGE_SIZE = 50


def _context(request, organization, event):
    return {
        **event_context(request, organization, event, "telecom"),
        "mobilisation_day": rules.mobilisation_day(event.date),
        "ranking_opens_on": rules.ranking_opens_on(event.date),
    }


# -- customers to invite and invitation campaigns -------------------------------------------


@org_page(Perm.MANAGE_EVENTS)
def invitations_page(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    form = CampaignForm(
        posted_data(request),
        initial={
            "body": _("Telecom Day, %(day)s at %(venue)s: show your code {code} at the door.")
            % {"day": event.date.strftime("%m-%d"), "venue": event.venue or "—"}
        },
    )
    made = {}
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: made.setdefault(
                "campaign",
                invitations.invitation_campaign_save(
                    organization=organization, event=event, actor=request.user, **form.cleaned_data
                ),
            ),
        ):
            messages.success(request, _("Campaign saved. Check the text, then send it."))
            return redirect(
                "event_invitation",
                org_slug=organization.slug,
                event_id=event.pk,
                campaign_id=made["campaign"].pk,
            )
    rows = [
        (c, telecom_selectors.campaign_stats(organization, c))
        for c in telecom_selectors.campaigns_of(organization, event)
    ]
    return render(
        request,
        "events/telecom/invitations.html",
        {
            **_context(request, organization, event),
            "form": form,
            "campaigns": rows,
            "invitees": telecom_selectors.sms_invitees_count(organization, event),
        },
        status=400 if form.errors else 200,
    )


@org_page(Perm.MANAGE_EVENTS)
def invitees_import(request, organization, event_id):
    """Upload the customers to invite: the request stores the file and queues the
    guest-list import job; the import's page follows it (and commits a checked file)."""
    event = selectors.event_get(organization, event_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            guest_import = invitations.invitees_upload(
                organization=organization,
                event=event,
                upload=form.cleaned_data["file"],
                actor=request.user,
                commit=request.POST.get("commit") == "1",
            )
        except ValidationError as exc:
            errors_to_form(form, ValidationError({"file": exc.messages}))
        else:
            return redirect(
                "event_guest_import_status",
                org_slug=organization.slug,
                event_id=event.pk,
                guest_import_id=guest_import.pk,
            )
    return render(
        request,
        "events/telecom/invitees_import.html",
        {**_context(request, organization, event), "form": form},
        status=400 if form.errors else 200,
    )


@org_page(Perm.MANAGE_EVENTS)
def invitation_detail(request, organization, event_id, campaign_id):
    event = selectors.event_get(organization, event_id)
    campaign = telecom_selectors.campaign_get(organization, event, campaign_id)
    return render(
        request,
        "events/telecom/invitation.html",
        {
            **_context(request, organization, event),
            "campaign": campaign,
            "stats": telecom_selectors.campaign_stats(organization, campaign),
            "invitees": telecom_selectors.sms_invitees_count(organization, event),
        },
    )


@require_POST
@org_page(Perm.MANAGE_EVENTS)
def invitation_send(request, organization, event_id, campaign_id):
    event = selectors.event_get(organization, event_id)
    campaign = telecom_selectors.campaign_get(organization, event, campaign_id)
    try:
        campaign = invitations.invitation_campaign_send(
            organization=organization, campaign=campaign, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if campaign.status == campaign.Status.SCHEDULED:
            messages.info(request, _("Outside the sending hours: it goes out when they open."))
        else:
            messages.success(request, _("Sending the invitations."))
    return redirect(
        "event_invitation", org_slug=organization.slug, event_id=event.pk, campaign_id=campaign.pk
    )


# -- quotas, my page, pre-orders, the ranking ----------------------------------------------


@org_page(Perm.VIEW_EVENTS)
def quotas_page(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    can_manage = may(request, Perm.MANAGE_EVENTS)
    form = None
    if can_manage:
        form = QuotaForm(
            posted_data(request), members=members_who_can(organization, Perm.WORK_DESK)
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            member = data.pop("member")
            if apply_service(
                form,
                lambda: quotas.quota_save(
                    organization=organization, event=event, member=member, data=data
                ),
            ):
                messages.success(request, _("Quota saved."))
                return redirect("event_quotas", org_slug=organization.slug, event_id=event.pk)
    elif request.method == "POST":
        require(request, Perm.MANAGE_EVENTS)
    return render(
        request,
        "events/telecom/quotas.html",
        {
            **_context(request, organization, event),
            "form": form,
            "quotas": telecom_selectors.staff_quotas_of(organization, event),
        },
        status=400 if form is not None and form.errors else 200,
    )


@org_page(Perm.WORK_DESK)
def my_telecom(request, organization, event_id):
    """The staff member's phone page: my quota, the guests I invite, the pre-orders I take."""
    event = selectors.event_get(organization, event_id)
    invite_form = InviteForm(request.POST if request.POST.get("form") == "invite" else None)
    order_form = PreOrderForm(request.POST if request.POST.get("form") == "preorder" else None)
    if request.method == "POST" and invite_form.is_bound and invite_form.is_valid():
        made = {}
        if apply_service(
            invite_form,
            lambda: made.update(
                zip(
                    ("guest", "created"),
                    quotas.staff_invite(
                        organization=organization,
                        event=event,
                        actor=request.user,
                        **invite_form.cleaned_data,
                    ),
                    strict=True,
                )
            ),
        ):
            if made["created"]:
                messages.success(request, _("Guest recorded as your invitation."))
            else:
                messages.info(request, _("This mobile is already registered for the event."))
            return redirect("event_my_telecom", org_slug=organization.slug, event_id=event.pk)
    if request.method == "POST" and order_form.is_bound and order_form.is_valid():
        if apply_service(
            order_form,
            lambda: quotas.preorder_record(
                organization=organization,
                event=event,
                actor=request.user,
                **order_form.cleaned_data,
            ),
        ):
            messages.success(request, _("Pre-order recorded."))
            return redirect("event_my_telecom", org_slug=organization.slug, event_id=event.pk)
    ranking = telecom_selectors.preorder_ranking(organization, event)
    mine = next((r for r in ranking["rows"] if r["user_id"] == request.user.pk), None)
    bad = (invite_form.is_bound and invite_form.errors) or (
        order_form.is_bound and order_form.errors
    )
    return render(
        request,
        "events/telecom/mine.html",
        {
            **_context(request, organization, event),
            "invite_form": invite_form,
            "order_form": order_form,
            "mine": mine,
            "quota": telecom_selectors.staff_quota_of(organization, event, request.user),
            "orders": telecom_selectors.preorders_query(organization, event, request.user)[:50],
        },
        status=400 if request.method == "POST" and bad else 200,
    )


@org_page(Perm.VIEW_EVENTS)
def preorders_page(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    page = query_page(request, telecom_selectors.preorders_query(organization, event), PAGE_SIZE)
    return render(
        request,
        "events/telecom/preorders.html",
        {**_context(request, organization, event), "page": page},
    )


@org_page(Perm.VIEW_EVENTS)
def ranking_page(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    is_open = telecom_selectors.ranking_open(organization, event)
    return render(
        request,
        "events/telecom/ranking.html",
        {
            **_context(request, organization, event),
            "open": is_open,
            "ranking": telecom_selectors.preorder_ranking(organization, event) if is_open else None,
            "reports": telecom_selectors.ranking_reports_of(organization, event),
        },
    )


@org_page(Perm.VIEW_EVENTS)
def ranking_report_download(request, organization, event_id, ranking_report_id):
    event = selectors.event_get(organization, event_id)
    report = telecom_selectors.ranking_report_get(organization, event, ranking_report_id)
    if not report.file:
        raise Http404
    name = f"ranking-{event.date.isoformat()}-{report.day.isoformat()}.pdf"
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=name)


# -- the big screen -----------------------------------------------------------------------


@org_page(Perm.VIEW_EVENTS)
def big_screen(request, organization, event_id):
    """Attendance against the target, by source and per hour, in type readable across a
    hall; htmx refreshes the figures every 5 seconds."""
    event = selectors.event_get(organization, event_id)
    return render(
        request,
        "events/telecom/big_screen.html",
        {
            "organization": organization,
            "event": event,
            "board": telecom_selectors.big_screen_board(organization, event),
            "live_url": _live_url(organization, event),
        },
    )


@org_page(Perm.VIEW_EVENTS)
def big_screen_live(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    return render(
        request,
        "events/telecom/_big_screen_board.html",
        {
            "organization": organization,
            "event": event,
            "board": telecom_selectors.big_screen_board(organization, event),
            "live_url": _live_url(organization, event),
        },
    )


def _live_url(organization, event):
    return reverse(
        "event_big_screen_live", kwargs={"org_slug": organization.slug, "event_id": event.pk}
    )


@org_page(Perm.MANAGE_EVENTS)
def screen_link(request, organization, event_id):
    """The big screen's link for a television that nobody signs in on: shown to managers;
    "New link" ends every link given out before."""
    event = selectors.event_get(organization, event_id)
    if request.method == "POST":
        screen.screen_link_renew(organization=organization, event=event)
        messages.success(request, _("New link made; the links given out before no longer work."))
        return redirect("event_screen_link", org_slug=organization.slug, event_id=event.pk)
    token = screen.screen_token(organization=organization, event=event)
    return render(
        request,
        "events/telecom/screen_link.html",
        {
            **_context(request, organization, event),
            "screen_url": request.build_absolute_uri(
                reverse("event_screen", kwargs={"screen_token": token})
            ),
        },
    )
