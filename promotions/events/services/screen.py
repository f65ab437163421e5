"""The big screen's link: a signed address that shows one event's attendance board without
signing in, for the television in the hall (docs/events.md, "Big screen").

The token names the organization, the event and the event's `screen_key`; a manager's
"new link" changes the key, which ends every link given out before (within the board's
cache time). The board shows counts only: no names, no mobiles."""

import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from campaigns.tenancy import check_same_organization, tenant_context

from ..models import Event
from ..selectors.screen import SCREEN_SALT, screen_cache_key


def screen_token(*, organization, event):
    """The token of the event's big-screen link, its key made on first use."""
    check_same_organization(organization, event=event)
    if not event.screen_key:
        with tenant_context(organization):
            Event.objects.for_org(organization).filter(pk=event.pk, screen_key="").update(
                screen_key=secrets.token_hex(16)
            )
            event.refresh_from_db(fields=["screen_key"])
    return signing.dumps([organization.pk, event.pk, event.screen_key], salt=SCREEN_SALT)


def screen_link_renew(*, organization, event):
    """A new key: every link given out before stops working. Returns the new token."""
    check_same_organization(organization, event=event)
    with tenant_context(organization):
        Event.objects.for_org(organization).filter(pk=event.pk).update(
            screen_key=secrets.token_hex(16)
        )
        event.refresh_from_db(fields=["screen_key"])
    cache.delete_many(
        [screen_cache_key(organization.pk, event.pk, code) for code, _name in settings.LANGUAGES]
    )
    return screen_token(organization=organization, event=event)
