"""The timed agenda, for the host on a phone or tablet: the running order with each
item's limit, Start / End, a timer for the running item (static/js/agenda-timer.js; the
page shows the start time and the time run without it), the actual times and overruns of
the items done. Managers add and edit items."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.views import apply_service, org_page, posted_data

from .. import selectors, services
from ..forms import AgendaItemForm
from ..permissions import Perm
from ..rules import agenda as timer
from .access import require
from .events import event_context


def _timed(item, now):
    """The item with what the page shows: seconds run, the timer's phase, the overrun."""
    limit = item.limit_minutes * 60 if item.limit_minutes else None
    item.limit_seconds = limit
    item.amber_after = timer.amber_after(limit) if limit else None
    item.elapsed = None
    item.overrun = None
    if item.started_at is not None:
        item.elapsed = int(((item.ended_at or now) - item.started_at).total_seconds())
        item.phase = timer.phase(item.elapsed, limit)
        if item.ended_at is not None and limit and item.elapsed > limit:
            item.overrun = item.elapsed - limit
    return item


def _agenda_page(request, organization, event, *, form=None, errors=(), status=200):
    now = timezone.now()
    items = [_timed(item, now) for item in selectors.agenda_of(organization, event)]
    return render(
        request,
        "events/agenda.html",
        {
            **event_context(request, organization, event, "agenda"),
            "items": items,
            "running": [i for i in items if i.started_at and not i.ended_at],
            "done": [i for i in items if i.ended_at],
            "form": form or AgendaItemForm(),
            "errors": errors,
        },
        status=status,
    )


@org_page(Perm.VIEW_EVENTS)
def agenda(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    if request.method != "POST":
        return _agenda_page(request, organization, event)
    require(request, Perm.MANAGE_EVENTS)
    form = AgendaItemForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        lambda: services.agenda_item_save(
            organization=organization, event=event, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Agenda item added."))
        return redirect("event_agenda", org_slug=organization.slug, event_id=event.pk)
    return _agenda_page(request, organization, event, form=form, status=400)


@org_page(Perm.MANAGE_EVENTS)
def agenda_item_edit(request, organization, event_id, agenda_item_id):
    event = selectors.event_get(organization, event_id)
    item = selectors.agenda_item_get(organization, event, agenda_item_id)
    form = AgendaItemForm(
        posted_data(request),
        initial={"title": item.title, "limit_minutes": item.limit_minutes, "note": item.note},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and apply_service(
            form,
            lambda: services.agenda_item_save(
                organization=organization, event=event, item=item, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Agenda item saved."))
        return redirect("event_agenda", org_slug=organization.slug, event_id=event.pk)
    return render(
        request,
        "events/agenda_item.html",
        {**event_context(request, organization, event, "agenda"), "item": item, "form": form},
        status=400 if form.errors else 200,
    )


def _agenda_action(request, organization, event_id, agenda_item_id, call):
    event = selectors.event_get(organization, event_id)
    item = selectors.agenda_item_get(organization, event, agenda_item_id)
    try:
        call(item)
    except ValidationError as exc:
        return _agenda_page(request, organization, event, errors=exc.messages, status=400)
    return redirect("event_agenda", org_slug=organization.slug, event_id=event.pk)


@require_POST
@org_page(Perm.WORK_DESK)
def agenda_item_start(request, organization, event_id, agenda_item_id):
    return _agenda_action(
        request,
        organization,
        event_id,
        agenda_item_id,
        lambda item: services.agenda_item_start(organization=organization, item=item),
    )


@require_POST
@org_page(Perm.WORK_DESK)
def agenda_item_end(request, organization, event_id, agenda_item_id):
    return _agenda_action(
        request,
        organization,
        event_id,
        agenda_item_id,
        lambda item: services.agenda_item_end(organization=organization, item=item),
    )
