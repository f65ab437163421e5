"""The demo franchisor: 13 Hunan cities in three phases; health_franchisee sees 长沙."""

import pytest
from django.core.management import call_command

from campaigns.models import Organization
from campaigns.tenancy import tenant_context
from franchise.models import Agreement, RoyaltyStatement, Territory

pytestmark = pytest.mark.django_db


def test_the_demo_franchisor(client):
    call_command("seed_demo")
    org = Organization.objects.get(slug="xiangjian-health")
    with tenant_context(org):
        names = list(Territory.objects.for_org(org).values_list("name", flat=True))
        assert names == [
            "长沙",
            "株洲",
            "湘潭",
            "衡阳",
            "岳阳",
            "常德",
            "益阳",
            "郴州",
            "邵阳",
            "娄底",
            "永州",
            "怀化",
            "张家界",
        ]
        assert Agreement.objects.for_org(org).count() == 6
        statuses = sorted(RoyaltyStatement.objects.for_org(org).values_list("status", flat=True))
        assert statuses == ["draft", "issued", "issued", "locked"]
    client.post("/accounts/login/", {"username": "health_franchisee", "password": "demo-2026"})
    home = client.get("/xiangjian-health/franchise/").content.decode()
    assert "长沙" in home and "株洲" not in home
    client.logout()
    client.post("/accounts/login/", {"username": "health_manager", "password": "demo-2026"})
    board = client.get("/xiangjian-health/franchise/")
    assert board.status_code == 200 and 'data-testid="coverage">6 / 13<' in board.content.decode()
