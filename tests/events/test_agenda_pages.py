"""The host's agenda page: the running order, Start / End, the timer (amber near the
limit, red past it) and the actual times; managers add and edit items."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.tenancy import tenant_context
from promotions.events.models import AgendaItem
from promotions.events.rules import agenda as timer

pytestmark = pytest.mark.django_db


def url(desk, name, **kwargs):
    return reverse(name, kwargs={"org_slug": desk.org.slug, "event_id": desk.event.pk, **kwargs})


def items(desk):
    with tenant_context(desk.org):
        return list(AgendaItem.objects.filter(event=desk.event))


@pytest.mark.parametrize(
    ("limit_minutes", "amber_at"),
    [(15, 13 * 60), (10, 8 * 60), (5, 4 * 60), (1, 48), (60, 58 * 60)],
)
def test_amber_in_the_last_two_minutes_or_at_80_percent_for_short_items(limit_minutes, amber_at):
    limit = limit_minutes * 60
    assert timer.amber_after(limit) == amber_at
    assert timer.phase(amber_at - 1, limit) == timer.NORMAL
    assert timer.phase(amber_at, limit) == timer.AMBER
    assert timer.phase(limit, limit) == timer.AMBER
    assert timer.phase(limit + 1, limit) == timer.RED
    assert timer.phase(10_000, None) == timer.NORMAL


def test_the_running_order_shows_the_limits_and_the_timer_script(client, desk, in_english):
    client.force_login(desk.staff.user)
    page = client.get(url(desk, "event_agenda")).content.decode()
    assert "家装咨询" in page and "15 min" in page and "js/agenda-timer.js" in page
    assert 'data-testid="agenda-form"' not in page  # branch staff do not edit it


def test_start_runs_the_timer_end_records_the_overrun(client, desk, in_english):
    client.force_login(desk.staff.user)
    talk = next(i for i in items(desk) if i.limit_minutes == 15)
    started = client.post(url(desk, "event_agenda_start", agenda_item_id=talk.pk))
    assert started.status_code == 302
    page = client.get(url(desk, "event_agenda")).content.decode()
    assert 'data-testid="running"' in page and "Started at" in page
    assert 'data-limit="900" data-amber="780"' in page and "timer-normal" in page
    again = client.post(url(desk, "event_agenda_start", agenda_item_id=talk.pk))
    assert again.status_code == 400 and "already started" in again.content.decode()
    # 17 minutes in: red, and the overrun is kept when it ends
    with tenant_context(desk.org):
        AgendaItem.objects.filter(pk=talk.pk).update(
            started_at=timezone.now() - datetime.timedelta(minutes=17)
        )
    assert "timer-red" in client.get(url(desk, "event_agenda")).content.decode()
    ended = client.post(url(desk, "event_agenda_end", agenda_item_id=talk.pk))
    assert ended.status_code == 302
    page = client.get(url(desk, "event_agenda")).content.decode()
    assert f'data-testid="done-{talk.pk}"' in page and "+2:00" in page
    not_running = client.post(url(desk, "event_agenda_end", agenda_item_id=talk.pk))
    assert not_running.status_code == 400
    assert "Only a running item can end." in not_running.content.decode()


def test_starting_the_next_item_ends_the_running_one(client, desk, in_english):
    client.force_login(desk.staff.user)
    first, second = items(desk)[:2]
    client.post(url(desk, "event_agenda_start", agenda_item_id=first.pk))
    client.post(url(desk, "event_agenda_start", agenda_item_id=second.pk))
    first, second = items(desk)[:2]
    assert first.ended_at is not None and second.ended_at is None


def test_managers_add_and_edit_items_branch_staff_may_not(client, desk, in_english):
    client.force_login(desk.manager.user)
    added = client.post(url(desk, "event_agenda"), {"title": "抽奖", "limit_minutes": 5})
    assert added.status_code == 302
    item = items(desk)[-1]
    assert (item.title, item.limit_minutes) == ("抽奖", 5)
    bad = client.post(url(desk, "event_agenda"), {"title": "", "limit_minutes": 0})
    assert bad.status_code == 400
    edit = url(desk, "event_agenda_item", agenda_item_id=item.pk)
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"title": "幸运抽奖", "limit_minutes": 8}).status_code == 302
    assert items(desk)[-1].title == "幸运抽奖"
    client.force_login(desk.staff.user)
    assert client.post(url(desk, "event_agenda"), {"title": "x"}).status_code == 403
    assert client.get(edit).status_code == 403
    assert len(items(desk)) == 6
