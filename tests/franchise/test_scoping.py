"""A franchisee sees only their own territory, everywhere: pages, API, PDFs, rankings.
Another territory's URL or object answers 404, exactly like a missing one."""

from datetime import date

import pytest
from django.core.files.base import ContentFile

from campaigns.tenancy import tenant_context
from franchise import services
from tests.factories import api_token_for

pytestmark = pytest.mark.django_db

SECRET_REVENUE = "987654.32"  # 王海's revenue: never on 陈立's screens


@pytest.fixture
def two(scene):
    """陈立 (长沙, model B) and 王海 (株洲 model A, 湘潭 model B) both report; each
    has an issued statement with its PDF; each territory has a partner hospital."""
    wang_b = services.agreement_create(
        organization=scene.org,
        territory=scene.t["湘潭"],
        franchisee=scene.wang_co,
        model="B",
        start_date=date(2008, 1, 1),
        franchise_fee="1",
        royalty_rate="6",
    )
    services.revenue_submit(
        organization=scene.org,
        membership=scene.chen,
        territory=scene.t["长沙"],
        month="2008-01",
        revenue="500000",
    )
    services.revenue_submit(
        organization=scene.org,
        membership=scene.wang,
        territory=scene.t["湘潭"],
        month="2008-01",
        revenue=SECRET_REVENUE,
    )
    statements = {}
    for name, agreement in (("chen", scene.b), ("wang", wang_b)):
        statement = services.statement_compute(
            organization=scene.org, agreement=agreement, month="2008-01"
        )
        services.statement_issue(organization=scene.org, statement=statement)
        with tenant_context(scene.org):
            statement.refresh_from_db()
            if not statement.file:
                statement.file.save(f"{name}.pdf", ContentFile(b"%PDF " + name.encode()), save=True)
        statements[name] = statement
    draft_month = services.revenue_submit(
        organization=scene.org,
        membership=scene.chen,
        territory=scene.t["长沙"],
        month="2008-02",
        revenue="1000",
    )
    draft = services.statement_compute(
        organization=scene.org, agreement=scene.b, month=draft_month.month
    )
    hospitals = {
        name: services.hospital_add(
            organization=scene.org, territory=scene.t[name], name=f"{name}人民医院"
        )
        for name in ("长沙", "湘潭")
    }
    return statements, draft, hospitals


def test_the_franchisee_home_is_their_dashboard_or_lists_only_theirs(client, scene, two):
    client.force_login(scene.chen.user)
    page = client.get("/xiang/franchise/").content.decode()
    assert 'data-testid="territory-name">长沙<' in page
    assert "株洲" not in page and "湘潭" not in page
    client.force_login(scene.wang.user)  # two territories: a list of just those
    page = client.get("/xiang/franchise/").content.decode()
    assert 'data-testid="my-territories"' in page
    assert "株洲" in page and "湘潭" in page and "长沙" not in page


def test_another_territory_statement_or_pdf_is_404_like_a_missing_one(client, scene, two):
    statements, draft, hospitals = two
    client.force_login(scene.chen.user)
    for url in (
        f"/xiang/franchise/territories/{scene.t['湘潭'].pk}/",
        f"/xiang/franchise/territories/{scene.t['株洲'].pk}/",
        f"/xiang/franchise/statements/{statements['wang'].pk}/",
        f"/xiang/franchise/statements/{statements['wang'].pk}/pdf/",
        f"/xiang/franchise/statements/{draft.pk}/",  # not issued yet
        "/xiang/franchise/territories/999999/",
        "/xiang/franchise/statements/999999/",
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (
            f"/xiang/franchise/territories/{scene.t['湘潭'].pk}/revenue/",
            {"month": "2008-03", "revenue": "1"},
        ),
        (f"/xiang/franchise/statements/{statements['wang'].pk}/questions/", {"text": "?"}),
    ):
        assert client.post(url, data).status_code == 404, url
    own = client.get(f"/xiang/franchise/statements/{statements['chen'].pk}/pdf/")
    assert own.status_code == 200


def test_the_dashboard_shows_the_rank_never_other_figures(client, scene, two):
    client.force_login(scene.chen.user)
    client.cookies["django_language"] = "en"
    page = client.get(f"/xiang/franchise/territories/{scene.t['长沙'].pk}/").content.decode()
    assert 'data-testid="rank">2 of 4<' in page  # 王海's 湘潭 sold more
    for secret in ("987,654.32", "987654", "株洲颐和", "湘潭人民医院"):
        assert secret not in page
    assert "500,000" in page and "长沙人民医院" in page
    client.force_login(scene.wang.user)
    page = client.get(f"/xiang/franchise/territories/{scene.t['湘潭'].pk}/").content.decode()
    assert 'data-testid="rank">1 of 4<' in page and "500,000" not in page


def test_the_board_pages_are_not_for_franchisees(client, scene, two):
    client.force_login(scene.chen.user)
    for url in (
        "/xiang/franchise/territories/",
        "/xiang/franchise/franchisees/",
        "/xiang/franchise/products/",
        "/xiang/franchise/hospitals/",
        "/xiang/franchise/events/",
    ):
        assert client.get(url).status_code == 403, url


def test_the_api_shows_a_franchisee_only_their_own(client, scene, two):
    statements, draft, hospitals = two
    token = api_token_for(scene.chen.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    api = "/api/v1/xiang/franchise"
    assert [t["name"] for t in client.get(f"{api}/territories/").json()["results"]] == ["长沙"]
    assert {a["territory_name"] for a in client.get(f"{api}/agreements/").json()["results"]} == {
        "长沙"
    }
    assert [r["month"] for r in client.get(f"{api}/revenue/").json()["results"]] == [
        "2008-01",
        "2008-02",
    ]
    assert [s["id"] for s in client.get(f"{api}/statements/").json()["results"]] == [
        statements["chen"].pk
    ]
    assert [h["name"] for h in client.get(f"{api}/hospitals/").json()["results"]] == [
        "长沙人民医院"
    ]
    dashboard = client.get(f"{api}/territories/{scene.t['长沙'].pk}/").json()
    assert (dashboard["rank"], dashboard["out_of"]) == (2, 4)
    assert SECRET_REVENUE not in str(dashboard)
    for url in (
        f"{api}/territories/{scene.t['湘潭'].pk}/",
        f"{api}/statements/{statements['wang'].pk}/",
        f"{api}/statements/{draft.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    refused = client.post(
        f"{api}/revenue/",
        {"territory": scene.t["湘潭"].pk, "month": "2008-03", "revenue": "1"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 400
    assert refused.json() == {"territory": ["没有这个区域。"]}  # the message, in Chinese
    made = client.post(
        f"{api}/revenue/",
        {"territory": scene.t["长沙"].pk, "month": "2008-03", "revenue": "12000"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["revenue"] == "12000.00"
    assert client.post(f"{api}/deliveries/", {}, content_type="application/json").status_code == 403


def test_a_manager_sees_every_territory(client, scene, two):
    statements, draft, hospitals = two
    token = api_token_for(scene.manager.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    api = "/api/v1/xiang/franchise"
    assert len(client.get(f"{api}/territories/").json()["results"]) == 4
    assert len(client.get(f"{api}/statements/").json()["results"]) == 3  # with the draft
    detail = client.get(f"{api}/statements/{statements['wang'].pk}/").json()
    assert detail["lines"][0]["calculation"] == "987,654.32 × 6.00% = 59,259.26"


@pytest.mark.parametrize(
    "endpoint, visible",
    [
        ("territories", "territories_visible"),
        ("agreements", "agreements_visible"),
        ("revenue", "revenue_visible"),
        ("statements", "statements_visible"),
        ("hospitals", "hospitals_visible"),
        ("deliveries", "deliveries_visible"),
    ],
)
def test_every_list_api_comes_a_page_at_a_time(client, scene, two, endpoint, visible):
    from franchise import selectors

    if endpoint == "deliveries":
        service = services.support_catalogue_ensure(organization=scene.org)[0]
        for day in (date(2008, 1, 2), date(2008, 1, 3)):
            services.delivery_record(
                organization=scene.org,
                actor=scene.manager.user,
                hospital=two[2]["长沙"],
                service=service,
                delivered_on=day,
            )
    token = api_token_for(scene.manager.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    with tenant_context(scene.org):
        expected = getattr(selectors, visible)(scene.manager).count()
    assert expected >= 2
    url = f"/api/v1/xiang/franchise/{endpoint}/"
    everything = client.get(url, {"page_size": 500}).json()
    first = client.get(url, {"page_size": 1}).json()
    second = client.get(url, {"page_size": 1, "page": 2}).json()
    assert everything["count"] == first["count"] == expected == len(everything["results"])
    assert len(first["results"]) == len(second["results"]) == 1 and first["next"]
    assert [first["results"][0], second["results"][0]] == everything["results"][:2]
