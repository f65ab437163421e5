"""What an event adds to its plan's PDF (campaigns.plans.kinds hook): the event's day and
offers, the first-N offers, and each prize pool with its prizes and the SHA-256 of its
sealed seed, so the printed plan commits to the draws before the event."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from campaigns.plans.kinds import register_kind
from campaigns.plans.models import PlanKind

from . import selectors
from .rules import offers


def event_chapters(plan, organization):
    event = selectors.events_of(organization).filter(plan=plan).first()
    if event is None:
        return []
    html = render_to_string(
        "exports/_event_chapter.html",
        {
            "event": event,
            "discount": offers.zhe_label(event.discount_zhe),
            "percent_off": offers.percent_off(event.discount_zhe),
            "quotas": selectors.quotas_of(organization, event),
            "pools": selectors.pools_of(organization, event),
        },
    )
    return [(_("The event day: offers and prize draws"), html)]


for kind in (PlanKind.DECORATION_EVENT, PlanKind.TELECOM_DAY):
    register_kind(kind, pdf_chapters=event_chapters)
