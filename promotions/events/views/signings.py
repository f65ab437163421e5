"""Signing a contract at the event desk; one signing's page with the calculation, its
history and places; correcting and voiding it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.errors import EditConflict
from campaigns.views import apply_service, org_page, posted_data

from .. import selectors, services
from ..forms import SigningCorrectForm, SigningForm, VoidForm
from ..permissions import Perm
from ..rules import offers
from .events import event_context


@org_page(Perm.VIEW_EVENTS)
def signing_list(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    return render(
        request,
        "events/signings.html",
        {
            **event_context(request, organization, event, "signings"),
            "signings": selectors.signings_of(organization, event),
        },
    )


@org_page(Perm.WORK_DESK)
def signing_new(request, organization, event_id, guest_id):
    event = selectors.event_get(organization, event_id)
    guest = selectors.guest_get(organization, event, guest_id)
    form = SigningForm(posted_data(request))
    made = {}
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: made.setdefault(
                "signing",
                services.signing_record(
                    organization=organization,
                    event=event,
                    guest=guest,
                    actor=request.user,
                    **form.cleaned_data,
                ),
            ),
        ):
            messages.success(request, _("Contract signed."))
            return redirect(
                "event_signing",
                org_slug=organization.slug,
                event_id=event.pk,
                signing_id=made["signing"].pk,
            )
    return render(
        request,
        "events/signing_new.html",
        {
            **event_context(request, organization, event, "signings"),
            "guest": guest,
            "form": form,
            "discount": offers.zhe_label(event.discount_zhe),
            "cards": selectors.cards_of_guest(organization, guest),
        },
        status=400 if form.errors else 200,
    )


def _signing_page(
    request, organization, event, signing, *, correct_form=None, void_form=None, status=200
):
    return render(
        request,
        "events/signing.html",
        {
            **event_context(request, organization, event, "signings"),
            "signing": signing,
            "history": selectors.signing_history(organization, signing),
            "places": selectors.places_of_signing(organization, signing),
            "correct_form": correct_form
            or SigningCorrectForm(
                initial={
                    "contract_total": signing.contract_total,
                    "designer": signing.designer,
                    "card_number": signing.card.number if signing.card_id else "",
                    "version": signing.version,
                }
            ),
            "void_form": void_form or VoidForm(),
        },
        status=status,
    )


@org_page(Perm.VIEW_EVENTS)
def signing_detail(request, organization, event_id, signing_id):
    event = selectors.event_get(organization, event_id)
    signing = selectors.signing_get(organization, event, signing_id)
    return _signing_page(request, organization, event, signing)


@require_POST
@org_page(Perm.WORK_DESK)
def signing_correct(request, organization, event_id, signing_id):
    event = selectors.event_get(organization, event_id)
    signing = selectors.signing_get(organization, event, signing_id)
    form = SigningCorrectForm(posted_data(request))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            ok = apply_service(
                form,
                lambda: services.signing_correct(
                    organization=organization,
                    signing=signing,
                    version=data["version"],
                    contract_total=data["contract_total"],
                    designer=data["designer"],
                    card_number=data["card_number"],
                    actor=request.user,
                ),
            )
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
            ok, status = False, 409
        if ok:
            messages.success(request, _("Signing corrected."))
            return redirect(
                "event_signing",
                org_slug=organization.slug,
                event_id=event.pk,
                signing_id=signing.pk,
            )
    signing = selectors.signing_get(organization, event, signing_id)
    return _signing_page(request, organization, event, signing, correct_form=form, status=status)


@require_POST
@org_page(Perm.MANAGE_EVENTS)
def signing_void(request, organization, event_id, signing_id):
    event = selectors.event_get(organization, event_id)
    signing = selectors.signing_get(organization, event, signing_id)
    form = VoidForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        lambda: services.signing_void(
            organization=organization,
            signing=signing,
            reason=form.cleaned_data["void_reason"],
            actor=request.user,
        ),
    ):
        messages.success(request, _("Signing voided."))
        return redirect(
            "event_signing", org_slug=organization.slug, event_id=event.pk, signing_id=signing.pk
        )
    return _signing_page(request, organization, event, signing, void_form=form, status=400)
