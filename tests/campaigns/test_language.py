"""Language: zh-hans by default, the user's switch wins, else the organization's default."""

import pytest
from django.urls import reverse

from campaigns.models import Organization
from campaigns.roles import Role

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_by_default_even_for_english_browsers(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "登录" in body
    assert response["Content-Language"] == "zh-hans"


def test_switching_language_sets_english(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True
    )
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Sign in" in body


def test_switching_to_unknown_language_keeps_default(client):
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-hans">' in body


def test_organization_default_language_applies_until_user_switches(client, world):
    Organization.objects.filter(pk=world.a.org.pk).update(default_language="en")
    client.force_login(world.a.members[Role.MANAGER].user)
    assert '<html lang="en">' in client.get("/alpha/").content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/alpha/"})
    assert '<html lang="zh-hans">' in client.get("/alpha/").content.decode()
