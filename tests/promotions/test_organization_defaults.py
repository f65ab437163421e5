"""A new organization starts with its defaults as rows (the seed's four bundle tiers, the
marketing department's channel, the family-network settings, the SMS webhook secret), so
reading a page or the API never writes; organizations from before get them by migration."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from campaigns.roles import Role
from campaigns.sms.models import SmsSettings
from campaigns.tenancy import tenant_context
from promotions.models import BundleSettings, BundleTier, Channel
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
DEFAULTS = (BundleTier, Channel, BundleSettings, SmsSettings)


def _rows(org):
    with tenant_context(org):
        return {model.__name__: model.objects.for_org(org).count() for model in DEFAULTS}


def test_a_new_organization_has_its_defaults():
    org = OrganizationFactory()
    assert _rows(org) == {"BundleTier": 4, "Channel": 1, "BundleSettings": 1, "SmsSettings": 1}
    with tenant_context(org):
        tiers = list(
            BundleTier.objects.for_org(org).order_by("members").values_list("members", "price")
        )
        channel = Channel.objects.for_org(org).get()
    assert [members for members, _price in tiers] == [10, 20, 30, 50]
    assert tiers[0][1] == 300
    assert channel.kind == "marketing"


def test_an_organization_made_in_the_platform_admin_has_them_too(client):
    from django.contrib.auth import get_user_model

    from campaigns.models import Organization

    root = get_user_model().objects.create_superuser("root", password="Root-password-1")
    client.force_login(root)
    response = client.post(
        "/platform-admin/campaigns/organization/add/",
        {
            "slug": "hengyang",
            "name": "衡阳",
            "time_zone": "Asia/Shanghai",
            "default_language": "zh-hans",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    org = Organization.objects.get(slug="hengyang")
    assert _rows(org) == {"BundleTier": 4, "Channel": 1, "BundleSettings": 1, "SmsSettings": 1}


@pytest.mark.parametrize("defaults", ["kept", "removed"])
def test_reading_pages_and_the_api_writes_nothing(client, defaults):
    org = OrganizationFactory()
    if defaults == "removed":  # pages used to make them on reading; they only show none now
        _remove_defaults(org)
    before = _rows(org)
    for role in (Role.MANAGER, Role.ADMIN):  # admins see the webhook secret on the SMS page
        client.force_login(MembershipFactory(organization=org, role=role).user)
        urls = [f"/{org.slug}/sms/"]
        if role == Role.MANAGER:
            urls += [
                f"/{org.slug}/bundles/new/",
                f"/{org.slug}/bundles/tiers/",
                f"/{org.slug}/bundles/channels/",
                f"/api/v1/{org.slug}/bundles/tiers/",
            ]
        for url in urls:
            assert client.get(url).status_code == 200, url
    assert _rows(org) == before


def _remove_defaults(org):
    with tenant_context(org):
        for model in DEFAULTS:
            model.objects.for_org(org).delete()


def test_organizations_from_before_get_their_defaults_by_migration():
    org, other = OrganizationFactory(), OrganizationFactory()
    _remove_defaults(org)
    assert _rows(org) == dict.fromkeys(_rows(other), 0)
    schema_editor = SimpleNamespace(connection=connection)
    bundles = importlib.import_module("promotions.migrations.0004_organization_defaults")
    sms = importlib.import_module("campaigns.migrations.0009_sms_settings_for_every_organization")
    bundles.create_defaults(apps, schema_editor)
    sms.create_settings(apps, schema_editor)
    assert _rows(org) == _rows(other)  # the same as a new one's, and the other's untouched
