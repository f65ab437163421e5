"""The door and the guest desk: check-in by mobile or invitation code, registering a guest
(mobile first), the guest list and import, one guest's page (QR code, customer form,
51 cards)."""

import io

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.query_params import query_page
from campaigns.sms.rules import is_mainland_mobile, normalize_phone
from campaigns.views import apply_service, errors_to_form, org_page, posted_data

from .. import selectors, services
from ..forms import CardSellForm, DeskForm, GuestEditForm, GuestForm, ImportForm, ProfileForm
from ..permissions import Perm
from .events import event_context

PAGE_SIZE = 50


@org_page(Perm.WORK_DESK)
def desk(request, organization, event_id):
    """Check-in at the door, on a phone: type or scan, press enter."""
    event = selectors.event_get(organization, event_id)
    form = DeskForm(posted_data(request))
    result = None
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data["mobile"].strip()
        by_mobile = is_mainland_mobile(normalize_phone(typed)) or typed.isdigit()
        try:
            result = services.guest_check_in(
                organization=organization,
                event=event,
                mobile=typed if by_mobile else "",
                code="" if by_mobile else typed,
                actor=request.user,
                walk_in=form.cleaned_data["walk_in"],
            )
        except ValidationError as exc:
            errors_to_form(form, ValidationError({"mobile": exc.messages}))
        else:
            form = DeskForm()  # ready for the next guest
    template = "events/_desk_panel.html" if request.htmx else "events/desk.html"
    return render(
        request,
        template,
        {
            **event_context(request, organization, event, "desk"),
            "form": form,
            "result": result,
            "attendance": selectors.attendance(organization, event),
        },
        status=400 if form.errors else 200,
    )


@org_page(Perm.VIEW_EVENTS)
def guest_list(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    search = request.GET.get("q", "")
    page = query_page(request, selectors.guests_of(organization, event, search=search), PAGE_SIZE)
    return render(
        request,
        "events/guests.html",
        {**event_context(request, organization, event, "guests"), "page": page, "q": search},
    )


@org_page(Perm.WORK_DESK)
def guest_new(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    form = GuestForm(posted_data(request), organization=organization)
    made = {}
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: made.update(
                zip(
                    ("guest", "created"),
                    services.guest_register(
                        organization=organization,
                        event=event,
                        invited_by=request.user,
                        actor=request.user,
                        **form.cleaned_data,
                    ),
                    strict=True,
                )
            ),
        ):
            guest = made["guest"]
            if made["created"]:
                messages.success(request, _("Guest registered."))
            else:
                messages.info(request, _("This mobile is already registered: here is the guest."))
            return redirect(
                "event_guest", org_slug=organization.slug, event_id=event.pk, guest_id=guest.pk
            )
    return render(
        request,
        "events/guest_new.html",
        {**event_context(request, organization, event, "guests"), "form": form},
        status=400 if form.errors else 200,
    )


@org_page(Perm.VIEW_EVENTS)
def guest_detail(request, organization, event_id, guest_id):
    event = selectors.event_get(organization, event_id)
    guest = selectors.guest_get(organization, event, guest_id)
    edit_form = GuestEditForm(
        initial={
            "name": guest.name,
            "community": guest.community,
            "channel": guest.channel_id,
            "notes": guest.notes,
        },
        organization=organization,
    )
    profile = getattr(guest, "profile", None) if hasattr(guest, "profile") else None
    profile_form = ProfileForm(
        initial={f: getattr(profile, f) for f in ProfileForm.base_fields} if profile else None
    )
    return render(
        request,
        "events/guest.html",
        {
            **event_context(request, organization, event, "guests"),
            "guest": guest,
            "edit_form": edit_form,
            "profile_form": profile_form,
            "card_form": CardSellForm(initial={"price": event.card_price}),
            "cards": selectors.cards_of_guest(organization, guest),
            "places": selectors.places_of_guest(organization, guest),
            "signing": selectors.signings_of(organization, event, include_voided=False)
            .filter(guest=guest)
            .first(),
        },
    )


def _guest_post(
    request, organization, event_id, guest_id, form_class, call, done, form_kwargs=None
):
    """A form posted from the guest page: run the service, back to the page, or show the
    page's form with the errors."""
    event = selectors.event_get(organization, event_id)
    guest = selectors.guest_get(organization, event, guest_id)
    form = form_class(request.POST, **(form_kwargs or {}))
    if form.is_valid() and apply_service(form, lambda: call(event, guest, form.cleaned_data)):
        messages.success(request, done)
        return redirect(
            "event_guest", org_slug=organization.slug, event_id=event.pk, guest_id=guest.pk
        )
    messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("event_guest", org_slug=organization.slug, event_id=event.pk, guest_id=guest.pk)


@require_POST
@org_page(Perm.WORK_DESK)
def guest_edit(request, organization, event_id, guest_id):
    return _guest_post(
        request,
        organization,
        event_id,
        guest_id,
        GuestEditForm,
        lambda event, guest, data: services.guest_update(
            organization=organization, guest=guest, data=data
        ),
        _("Guest saved."),
        form_kwargs={"organization": organization},
    )


@require_POST
@org_page(Perm.WORK_DESK)
def guest_profile(request, organization, event_id, guest_id):
    return _guest_post(
        request,
        organization,
        event_id,
        guest_id,
        ProfileForm,
        lambda event, guest, data: services.profile_save(
            organization=organization, guest=guest, data=data
        ),
        _("Customer form saved."),
    )


@require_POST
@org_page(Perm.WORK_DESK)
def guest_check_in(request, organization, event_id, guest_id):
    event = selectors.event_get(organization, event_id)
    guest = selectors.guest_get(organization, event, guest_id)
    result = services.guest_check_in(
        organization=organization, event=event, code=guest.code, actor=request.user
    )
    if result.already:
        messages.info(request, _("Already checked in at %(at)s.") % {"at": _local(result.first_at)})
    else:
        messages.success(request, _("Checked in."))
    return redirect("event_guest", org_slug=organization.slug, event_id=event.pk, guest_id=guest.pk)


@require_POST
@org_page(Perm.WORK_DESK)
def card_sell(request, organization, event_id, guest_id):
    return _guest_post(
        request,
        organization,
        event_id,
        guest_id,
        CardSellForm,
        lambda event, guest, data: services.card_sell(
            organization=organization, event=event, buyer=guest, actor=request.user, **data
        ),
        _("51 card sold."),
    )


@require_POST
@org_page(Perm.WORK_DESK)
def card_gift(request, organization, event_id, guest_id, card_id):
    event = selectors.event_get(organization, event_id)
    guest = selectors.guest_get(organization, event, guest_id)
    card = selectors.card_get(organization, event, card_id)
    try:
        services.card_gift_collect(organization=organization, card=card)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Gift handed over."))
    return redirect("event_guest", org_slug=organization.slug, event_id=event.pk, guest_id=guest.pk)


@org_page(Perm.VIEW_EVENTS)
def guest_qr(request, organization, event_id, guest_id):
    """The guest's invitation code as a QR code (SVG): printed on the invitation or sent;
    the door's scanner types the code into the desk's field."""
    event = selectors.event_get(organization, event_id)
    guest = selectors.guest_get(organization, event, guest_id)
    out = io.BytesIO()
    segno.make(guest.code, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False)
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@org_page(Perm.WORK_DESK)
def guest_import(request, organization, event_id):
    """Upload a guest list: checked (a dry run) or imported at once. The request only
    stores the file and queues the job that reads it; the import's page follows the job."""
    event = selectors.event_get(organization, event_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            guest_import = services.guest_import_start(
                organization=organization,
                event=event,
                upload=form.cleaned_data["file"],
                actor=request.user,
                commit=request.POST.get("commit") == "1",
            )
        except ValidationError as exc:
            errors_to_form(form, ValidationError({"file": exc.messages}))
        else:
            return redirect(_import_url(organization, event, guest_import))
    return render(
        request,
        "events/import.html",
        {
            **event_context(request, organization, event, "guests"),
            "form": form,
            "imports": selectors.guest_imports_of(organization, event),
        },
        status=400 if form.errors else 200,
    )


@org_page(Perm.WORK_DESK)
def guest_import_status(request, organization, event_id, guest_import_id):
    """One upload: its job's state while it waits or runs (the page follows it), then what
    the import did or would do, the bad rows by line."""
    event = selectors.event_get(organization, event_id)
    guest_import = selectors.guest_import_get(organization, event, guest_import_id)
    return render(
        request,
        "events/import_status.html",
        {
            **event_context(request, organization, event, "guests"),
            "guest_import": guest_import,
            "job": guest_import.job,
            "report": guest_import.report or {},
        },
    )


@require_POST
@org_page(Perm.WORK_DESK)
def guest_import_commit(request, organization, event_id, guest_import_id):
    """Import the valid rows of a checked file (a job on the stored file)."""
    event = selectors.event_get(organization, event_id)
    guest_import = selectors.guest_import_get(organization, event, guest_import_id)
    try:
        services.guest_import_commit(
            organization=organization, guest_import=guest_import, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_import_url(organization, event, guest_import))


def _import_url(organization, event, guest_import):
    return reverse(
        "event_guest_import_status",
        kwargs={
            "org_slug": organization.slug,
            "event_id": event.pk,
            "guest_import_id": guest_import.pk,
        },
    )


def _local(moment):
    return timezone.localtime(moment).strftime("%H:%M")
