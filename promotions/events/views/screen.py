"""The big screen without signing in (`/screen/<token>/`): the television in the hall
shows one event's attendance board from a link a manager gave it (services/screen.py).

The board is rendered once per SCREEN_SECONDS and event and served from the cache to every
screen polling it: 200 screens cost one count and one rendering, and a poll costs a
signature check and a cache read, no query."""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from campaigns.tenancy import activate_organization_locale

from ..selectors import telecom as telecom_selectors
from ..selectors.screen import screen_cache_key, screen_event, screen_target

SCREEN_SECONDS = 2  # the screens poll every 5 s


@require_GET
def screen_page(request, screen_token):
    organization, event = _shown(screen_token)
    activate_organization_locale(request, organization)
    return render(
        request, "events/telecom/big_screen.html", _board_context(screen_token, organization, event)
    )


@require_GET
def screen_live(request, screen_token):
    target = screen_target(screen_token)
    if target is None:
        raise Http404
    organization_id, event_id, key = target
    cache_key = screen_cache_key(organization_id, event_id, translation.get_language())
    cached = cache.get(cache_key)
    if cached is None or cached[0] != key:
        organization, event = _shown(screen_token)
        with translation.override(translation.get_language()):
            activate_organization_locale(request, organization)
            html = render_to_string(
                "events/telecom/_big_screen_board.html",
                _board_context(screen_token, organization, event),
            )
        cached = (key, html)
        cache.set(cache_key, cached, SCREEN_SECONDS)
    return HttpResponse(cached[1])


def _shown(screen_token):
    target = screen_target(screen_token)
    shown = screen_event(*target) if target is not None else None
    if shown is None:
        raise Http404
    return shown


def _board_context(screen_token, organization, event):
    return {
        "organization": organization,
        "event": event,
        "board": telecom_selectors.attendance_breakdown(organization, event),
        "live_url": reverse("event_screen_live", kwargs={"screen_token": screen_token}),
    }
