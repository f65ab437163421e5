"""The event day's panel on the organization's home (campaigns/home.py): today's event
desk, with the check-ins so far."""

from campaigns.home import register_home_panel

from . import selectors
from .permissions import Perm


def desk_panel(request, organization, today):
    events = selectors.events_of(organization).filter(date__lte=today, last_day__gte=today)
    rows = [
        {"event": event, "attendance": selectors.attendance(organization, event)}
        for event in events
    ]
    return {"events": rows} if rows else None


def register():
    register_home_panel(
        "event_desk",
        template="events/_home_desk.html",
        permission=Perm.WORK_DESK,
        build=desk_panel,
        order=2,
    )
