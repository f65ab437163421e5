"""Reading a big-screen link (services/screen.py): its token, its event."""

from django.core import signing

from campaigns import modules
from campaigns.models import Organization
from campaigns.tenancy import tenant_context

from ..models import Event

SCREEN_SALT = "events.big-screen"


def screen_cache_key(organization_id, event_id, language):
    """Where the rendered board of an event is kept for a moment (views/screen.py)."""
    return f"events:screen:{organization_id}:{event_id}:{language}"


def screen_target(token):
    """(organization id, event id, key) of a well-signed token, else None. No query."""
    try:
        organization_id, event_id, key = signing.loads(token, salt=SCREEN_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not (isinstance(organization_id, int) and isinstance(event_id, int) and key):
        return None
    return organization_id, event_id, key


def screen_event(organization_id, event_id, key):
    """(organization, event) the link shows, or None: a renewed key, a deleted event or
    organization, an event of a module the organization no longer runs."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return None
    with tenant_context(organization):
        event = (
            Event.objects.for_org(organization)
            .filter(pk=event_id, screen_key=key)
            .exclude(kind__in=modules.plan_kinds_off(organization))
            .select_related("plan")
            .first()
        )
    return (organization, event) if event is not None else None
