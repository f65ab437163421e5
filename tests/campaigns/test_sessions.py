"""Signing out ends the session for every worker: another client holding the same cookie
is sent to sign in."""

from django.test import Client
from django.urls import reverse

from campaigns.roles import Role


def test_signing_out_ends_the_session_everywhere(world):
    first = Client()
    first.force_login(world.a.members[Role.MANAGER].user)
    second = Client()
    second.cookies = first.cookies  # the same session, as another worker would see it
    assert second.get("/alpha/").status_code == 200
    first.post(reverse("logout"))
    response = second.get("/alpha/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
