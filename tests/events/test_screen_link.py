"""The big screen without signing in (/screen/<token>/): a manager's link shows one
event's counts, moves with the check-ins, ends when renewed, and holds no other
organization's event even under a valid signature."""

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from campaigns.tenancy import tenant_context
from promotions.events import services
from promotions.events.selectors.screen import SCREEN_SALT
from promotions.events.services import screen
from tests.events.telecom_support import TelecomDesk

pytestmark = pytest.mark.django_db


@pytest.fixture
def tel(db):
    with translation.override("en"):
        yield TelecomDesk()


def _link(client, tel):
    client.force_login(tel.manager.user)
    page = client.get(f"/{tel.org.slug}/events/{tel.event.pk}/big-screen/link/")
    assert page.status_code == 200
    url = page.context["screen_url"]
    return url[url.index("/screen/") :]


def test_the_link_shows_the_counts_without_signing_in_and_follows_the_door(client, tel):
    url = _link(client, tel)
    guest, _created = services.guest_register(
        organization=tel.org, event=tel.event, mobile="13912345678", name="王五"
    )
    screen_tv = Client()  # nobody signed in
    page = screen_tv.get(url)
    assert page.status_code == 200
    assert b'data-testid="big-count">0<' in page.content
    assert "王五".encode() not in page.content and b"13912345678" not in page.content
    services.guest_check_in(organization=tel.org, event=tel.event, code=guest.code)
    cache.clear()  # the board is kept two seconds
    live = screen_tv.get(url + "live/")
    assert live.status_code == 200
    assert b'data-testid="big-count">1<' in live.content
    assert f'hx-get="{url}live/"'.encode() in live.content  # it keeps polling the same link


def test_a_new_link_ends_the_old_one(client, tel):
    old = _link(client, tel)
    assert Client().get(old + "live/").status_code == 200
    answer = client.post(f"/{tel.org.slug}/events/{tel.event.pk}/big-screen/link/")
    assert answer.status_code == 302
    new = _link(client, tel)
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(old + "live/").status_code == 404  # renewing dropped the cached board
    assert Client().get(new + "live/").status_code == 200


def test_a_bad_or_foreign_token_is_404(client, tel):
    url = _link(client, tel)
    anonymous = Client()
    assert anonymous.get(url[:-3] + "xx/").status_code == 404  # signature broken
    assert anonymous.get("/screen/not-a-token/live/").status_code == 404
    # Even correctly signed, an event is looked up in the organization the token names:
    # another organization's id with this event's key finds nothing.
    other = TelecomDesk()
    with tenant_context(tel.org):
        tel.event.refresh_from_db()
    forged = signing.dumps([other.org.pk, tel.event.pk, tel.event.screen_key], salt=SCREEN_SALT)
    assert anonymous.get(f"/screen/{forged}/").status_code == 404
    assert anonymous.get(f"/screen/{forged}/live/").status_code == 404


def test_only_managers_give_links(client, tel):
    for member in (tel.staff, tel.admin):
        client.force_login(member.user)
        path = f"/{tel.org.slug}/events/{tel.event.pk}/big-screen/link/"
        assert client.get(path).status_code == 403
        assert client.post(path).status_code == 403
    other = TelecomDesk()
    client.force_login(other.manager.user)
    assert (
        client.get(f"/{other.org.slug}/events/{tel.event.pk}/big-screen/link/").status_code == 404
    )


def test_a_module_switched_off_ends_the_screen(client, tel):
    token = screen.screen_token(organization=tel.org, event=tel.event)
    assert Client().get(f"/screen/{token}/").status_code == 200
    tel.org.modules = ["contest"]
    tel.org.save()
    cache.clear()
    assert Client().get(f"/screen/{token}/").status_code == 404
    assert Client().get(f"/screen/{token}/live/").status_code == 404
