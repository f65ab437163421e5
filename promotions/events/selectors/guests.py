"""Guests, their forms and cards, signings and the places they hold."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from campaigns.tenancy import one_or_404, tenant_context

from ..models import (
    Card,
    CustomerProfile,
    Guest,
    GuestImport,
    Place,
    Signing,
    SigningChange,
)


def guest_chosen(organization, event, guest_id, field="guest"):
    with tenant_context(organization):
        guest = Guest.objects.for_org(organization).filter(event=event, pk=guest_id).first()
    if guest is None:
        raise ValidationError({field: _("Choose a guest of this event.")})
    return guest


def guests_of(organization, event, *, search=""):
    guests = Guest.objects.for_org(organization).filter(event=event).select_related("channel")
    search = (search or "").strip()  # never NUL: campaigns.middleware refuses it with a 400
    if search:
        guests = guests.filter(
            Q(mobile__contains=search) | Q(name__icontains=search) | Q(community__icontains=search)
        )
    return guests


def guest_get(organization, event, guest_id):
    with tenant_context(organization):
        return one_or_404(
            Guest.objects.for_org(organization).filter(event=event).select_related("channel"),
            pk=guest_id,
        )


def guest_detail(organization, guest):
    """The first-N places a guest holds and the 51 cards they bought."""
    return {
        "places": places_of_guest(organization, guest),
        "cards": cards_of_guest(organization, guest),
    }


def guest_by_mobile(organization, event, mobile):
    with tenant_context(organization):
        return Guest.objects.for_org(organization).filter(event=event, mobile=mobile).first()


def profile_of(organization, guest):
    """The guest's customer information form, or an empty (unsaved) one."""
    with tenant_context(organization):
        found = CustomerProfile.objects.for_org(organization).filter(guest=guest).first()
    return found or CustomerProfile(organization=organization, guest=guest)


def signings_of(organization, event, *, include_voided=True):
    signings = (
        Signing.objects.for_org(organization).filter(event=event).select_related("guest", "card")
    )
    return signings if include_voided else signings.filter(voided_at__isnull=True)


def signing_get(organization, event, signing_id):
    with tenant_context(organization):
        return one_or_404(signings_of(organization, event), pk=signing_id)


def signing_history(organization, signing):
    with tenant_context(organization):
        return list(
            SigningChange.objects.for_org(organization).filter(signing=signing).select_related("by")
        )


def places_of_signing(organization, signing):
    with tenant_context(organization):
        return list(
            Place.objects.for_org(organization).filter(signing=signing).select_related("quota")
        )


def signing_detail(organization, signing):
    """A signing's history (oldest first) and the first-N places it earned."""
    return {
        "history": signing_history(organization, signing),
        "places": places_of_signing(organization, signing),
    }


def places_of_quota(organization, quota):
    return (
        Place.objects.for_org(organization)
        .filter(quota=quota)
        .select_related("guest", "quota")
        .order_by("number", "pk")
    )


def places_of_guest(organization, guest):
    with tenant_context(organization):
        return list(
            Place.objects.for_org(organization)
            .filter(guest=guest, voided_at__isnull=True)
            .select_related("quota")
        )


def cards_of(organization, event):
    return Card.objects.for_org(organization).filter(event=event).select_related("buyer")


def card_get(organization, event, card_id):
    with tenant_context(organization):
        return one_or_404(cards_of(organization, event), pk=card_id)


def cards_of_guest(organization, guest):
    with tenant_context(organization):
        return list(Card.objects.for_org(organization).filter(buyer=guest))


def guest_import_get(organization, event, guest_import_id):
    """One guest list import of the event, with its job (404 when not the event's)."""
    with tenant_context(organization):
        return one_or_404(
            GuestImport.objects.for_org(organization)
            .filter(event=event)
            .select_related("job", "uploaded_by"),
            pk=guest_import_id,
        )


def guest_imports_of(organization, event, limit=5):
    """The event's latest guest list imports, newest first."""
    with tenant_context(organization):
        return list(
            GuestImport.objects.for_org(organization)
            .filter(event=event)
            .select_related("job", "uploaded_by")[:limit]
        )
