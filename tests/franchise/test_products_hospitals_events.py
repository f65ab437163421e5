"""Products and prices (the 12-month rule through the service and the page, the yearly
new-product count), hospital channel support (the 13-item catalogue, the delivery log,
the coverage matrix) and the recruiting events with the franchisees they produced."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from campaigns.tenancy import tenant_context
from franchise import selectors, services
from franchise.models import PriceChange, Product, ServiceDelivery, SupportService
from tests.factories import api_token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkup(scene):
    return services.product_create(
        organization=scene.org,
        name="基础体检",
        line="体检",
        tier="mid",
        pricing="clear_price",
        price="380",
        launched_on=date(2007, 9, 1),
    )


def _change(scene, product, price, on):
    return services.product_change_price(
        organization=scene.org,
        actor=scene.manager.user,
        product=product,
        price=price,
        effective_on=on,
    )


def _history(scene, product):
    with tenant_context(scene.org):
        return (
            Product.objects.get(pk=product.pk).price,
            list(PriceChange.objects.for_org(scene.org).values_list("effective_on", "price")),
        )


@pytest.mark.parametrize(("days", "allowed"), [(364, False), (365, True), (366, True)])
def test_a_second_price_change_within_12_months_is_refused(scene, checkup, days, allowed):
    first = date(2008, 3, 1)
    _change(scene, checkup, "420", first)
    before = _history(scene, checkup)
    if allowed:
        _change(scene, checkup, "450", first + timedelta(days=days))
        assert _history(scene, checkup)[0] == Decimal("450")
        return
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        _change(scene, checkup, "450", first + timedelta(days=days))
    assert excinfo.value.message_dict == {
        "effective_on": [
            "The price changed on 2008-03-01; it may change at most once in any 12 months. "
            "The next change is allowed from 2009-03-01."
        ]
    }
    assert _history(scene, checkup) == before


def test_price_change_bad_input(scene, checkup):
    with translation.override("en"):
        for price, on, field, message in (
            ("-1", date(2008, 1, 1), "price", "An amount cannot be negative."),
            ("380", date(2008, 1, 1), "price", "That is the current price."),
            (
                "400",
                date(2007, 1, 1),
                "effective_on",
                "The product was launched on 2007-09-01; choose a later day.",
            ),
        ):
            with pytest.raises(ValidationError) as excinfo:
                _change(scene, checkup, price, on)
            assert excinfo.value.message_dict == {field: [message]}
    assert _history(scene, checkup) == (Decimal("380"), [])


def test_the_products_page_shows_the_refusal_and_the_yearly_count(client, scene, checkup):
    for name, launched in (
        ("陪诊", date(2008, 2, 1)),
        ("居家护理", date(2008, 5, 1)),
        ("高端体检", date(2008, 9, 1)),
    ):
        services.product_create(
            organization=scene.org,
            name=name,
            line="服务",
            tier="high",
            pricing="skimming",
            price="1000",
            launched_on=launched,
        )
    _change(scene, checkup, "420", date(2008, 3, 1))
    client.force_login(scene.manager.user)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/xiang/franchise/products/{checkup.pk}/price/",
        {"price": "500", "effective_on": "2009-02-28"},
    )
    assert response.status_code == 400
    assert "The next change is allowed from 2009-03-01." in response.content.decode()
    with tenant_context(scene.org):
        by_year = selectors.new_products_by_year(scene.org)
    assert by_year == [
        {"year": 2007, "count": 1, "verdict": "below"},
        {"year": 2008, "count": 3, "verdict": "met"},
    ]
    page = client.get("/xiang/franchise/products/").content.decode()
    assert "Below the plan" in page and "Plan met" in page


def test_the_catalogue_has_the_13_services_once(scene):
    services.support_catalogue_ensure(organization=scene.org)
    catalogue = services.support_catalogue_ensure(organization=scene.org)
    assert [s.number for s in catalogue] == list(range(1, 14))
    assert catalogue[12].name == "双向转诊协调机制"


def test_deliveries_fill_the_coverage_matrix(client, scene):
    catalogue = services.support_catalogue_ensure(organization=scene.org)
    first = services.hospital_add(
        organization=scene.org, territory=scene.t["长沙"], name="湘雅附属医院"
    )
    second = services.hospital_add(
        organization=scene.org, territory=scene.t["长沙"], name="长沙市中心医院"
    )
    for hospital, number, day in ((first, 3, 1), (first, 3, 20), (first, 13, 2), (second, 1, 5)):
        services.delivery_record(
            organization=scene.org,
            actor=scene.manager.user,
            hospital=hospital,
            service=catalogue[number - 1],
            delivered_on=date(2008, 1, day),
        )
    with tenant_context(scene.org):
        matrix = selectors.coverage_matrix(scene.org, scene.t["长沙"])
    cells = {row["hospital"].name: row["cells"] for row in matrix["rows"]}
    assert cells["湘雅附属医院"] == [0, 0, 2] + [0] * 9 + [1]
    assert cells["长沙市中心医院"] == [1] + [0] * 12
    client.force_login(scene.manager.user)
    client.cookies["django_language"] = "en"
    future = client.post(
        f"/xiang/franchise/hospitals/{first.pk}/deliveries/",
        {"service": catalogue[0].pk, "delivered_on": "2099-01-01"},
    )
    assert future.status_code == 400
    assert "A delivery cannot be in the future." in future.content.decode()
    duplicate = client.post(
        f"/xiang/franchise/territories/{scene.t['长沙'].pk}/hospitals/", {"name": "湘雅附属医院"}
    )
    assert duplicate.status_code == 400
    with tenant_context(scene.org):
        assert ServiceDelivery.objects.for_org(scene.org).count() == 4
    page = client.get(f"/xiang/franchise/hospitals/?territory={scene.t['长沙'].pk}")
    assert page.status_code == 200 and "湘雅附属医院" in page.content.decode()
    # The franchisee's dashboard lists the hospitals with their deliveries.
    client.force_login(scene.chen.user)
    dashboard = client.get(f"/xiang/franchise/territories/{scene.t['长沙'].pk}/")
    assert "湘雅附属医院" in dashboard.content.decode()


def test_the_delivery_api(client, scene):
    services.support_catalogue_ensure(organization=scene.org)
    hospital = services.hospital_add(
        organization=scene.org, territory=scene.t["长沙"], name="湘雅附属医院"
    )
    token = api_token_for(scene.manager.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    url = "/api/v1/xiang/franchise/deliveries/"
    bad = client.post(
        url,
        {"hospital": hospital.pk, "service": 14, "delivered_on": "2008-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and list(bad.json()) == ["service"]
    made = client.post(
        url,
        {"hospital": hospital.pk, "service": 13, "delivered_on": "2008-01-01"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["service_name"] == "双向转诊协调机制"
    assert len(client.get(url).json()["results"]) == 1


def test_events_show_attendance_and_the_prospects_they_produced(client, scene):
    roadshow = services.event_save(
        organization=scene.org,
        kind="roadshow",
        title="健康管理公司行·长沙站",
        held_on=date(2007, 10, 12),
        territory=scene.t["长沙"],
        attendance=220,
    )
    services.franchisee_save(organization=scene.org, name="岳阳康源", recruited_at=roadshow)
    client.force_login(scene.manager.user)
    client.cookies["django_language"] = "en"
    page = client.get("/xiang/franchise/events/").content.decode()
    assert "健康管理公司行·长沙站" in page and "220" in page and "岳阳康源" in page
    assert "<td>P1</td>" in page  # 2007-10-12 falls in the template's first phase
    bad = client.post(
        "/xiang/franchise/events/",
        {"kind": "briefing", "title": "说明会", "held_on": "", "attendance": "-3"},
    )
    assert bad.status_code == 400
    with tenant_context(scene.org):
        assert SupportService.objects.for_org(scene.org).count() == 0
        assert len(selectors.events_of(scene.org)) == 1
