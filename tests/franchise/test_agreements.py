"""One franchisee per territory at any date: the service's message (every database) and
the exclusion constraint (PostgreSQL), adjacent and open-ended agreements, the other bad
inputs, the page and the API — and two simultaneous attempts give exactly one."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from campaigns.tenancy import tenant_context
from franchise import services
from franchise.models import Agreement, Territory
from tests.factories import OrganizationFactory, api_token_for

pytestmark = pytest.mark.django_db


def _agreements(scene, territory):
    with tenant_context(scene.org):
        return list(
            Agreement.objects.for_org(scene.org)
            .filter(territory=territory)
            .order_by("start_date")
            .values_list("franchisee__name", "start_date", "end_date")
        )


def _grant(scene, territory, start, end=None, **extra):
    values = {"model": "B", "franchise_fee": "100000", "royalty_rate": "4"} | extra
    return services.agreement_create(
        organization=scene.org,
        territory=territory,
        franchisee=scene.wang_co,
        start_date=start,
        end_date=end,
        **values,
    )


def _refusal(call):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        call()
    return excinfo.value.message_dict


def test_an_overlapping_agreement_names_the_franchisee_and_dates(scene):
    before = _agreements(scene, scene.t["长沙"])
    errors = _refusal(lambda: _grant(scene, scene.t["长沙"], date(2009, 1, 1)))
    assert errors == {
        "start_date": [
            "长沙 is already granted to 长沙康健 from 2007-09-01 to 2009-08-31: one franchisee "
            "per territory at any date."
        ]
    }
    assert _agreements(scene, scene.t["长沙"]) == before


def test_an_agreement_starting_the_day_after_the_last_one_ends_is_allowed(scene):
    _grant(scene, scene.t["长沙"], date(2009, 9, 1), date(2010, 8, 31))
    assert _agreements(scene, scene.t["长沙"]) == [
        ("长沙康健", date(2007, 9, 1), date(2009, 8, 31)),
        ("株洲颐和", date(2009, 9, 1), date(2010, 8, 31)),
    ]


def test_an_open_ended_agreement_blocks_every_later_date(scene):
    errors = _refusal(lambda: _grant(scene, scene.t["株洲"], date(2030, 1, 1), date(2030, 1, 31)))
    assert errors["start_date"] == [
        "株洲 is already granted to 株洲颐和 from 2007-10-01, open-ended: one franchisee "
        "per territory at any date."
    ]
    # ... and before it starts, the territory is free.
    _grant(scene, scene.t["株洲"], date(2007, 1, 1), date(2007, 9, 30))
    assert len(_agreements(scene, scene.t["株洲"])) == 2


def test_an_open_ended_agreement_cannot_start_before_an_existing_one(scene):
    errors = _refusal(lambda: _grant(scene, scene.t["长沙"], date(2006, 1, 1)))
    assert "长沙康健" in errors["start_date"][0]


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"end": date(2007, 12, 31)},
            "end_date",
            "The last day (2007-12-31) cannot be before the first day (2008-01-01).",
        ),
        ({"royalty_rate": "101"}, "royalty_rate", "The royalty rate must be between 0% and 100%."),
        ({"royalty_rate": "-1"}, "royalty_rate", "The royalty rate must be between 0% and 100%."),
        (
            {"royalty_rate": "abc"},
            "royalty_rate",
            "Enter a percentage between 0 and 100, e.g. 5 or 5.5.",
        ),
        (
            {"royalty_rate": "0"},
            "royalty_rate",
            "Model B charges a monthly royalty: enter its rate.",
        ),
        (
            {"model": "A", "royalty_rate": "3"},
            "royalty_rate",
            "Model A pays no monthly royalty; leave the rate at 0.",
        ),
        ({"franchise_fee": "-5"}, "franchise_fee", "An amount cannot be negative."),
        ({"allotment_share": "120"}, "allotment_share", "The share must be between 0% and 100%."),
    ],
)
def test_bad_agreements_are_refused_and_change_nothing(scene, extra, field, message):
    end = extra.pop("end", None)
    errors = _refusal(lambda: _grant(scene, scene.t["湘潭"], date(2008, 1, 1), end, **extra))
    assert errors[field] == [message]
    assert _agreements(scene, scene.t["湘潭"]) == []
    with tenant_context(scene.org):
        assert Territory.objects.get(pk=scene.t["湘潭"].pk).status == "open"


def test_signing_moves_an_open_territory_to_signed(scene):
    _grant(scene, scene.t["湘潭"], date(2008, 1, 1))
    with tenant_context(scene.org):
        assert Territory.objects.get(pk=scene.t["湘潭"].pk).status == "signed"


def test_another_organizations_territory_is_refused(scene):
    other = OrganizationFactory()
    foreign = services.territory_save(organization=other, name="长沙", planned_phase=1)
    errors = _refusal(lambda: _grant(scene, foreign, date(2008, 1, 1)))
    assert errors == {"territory": ["Choose one of this organization's entries."]}


def test_the_page_shows_the_overlap_on_the_form(client, scene):
    client.force_login(scene.manager.user)
    client.cookies["django_language"] = "en"
    url = f"/xiang/franchise/territories/{scene.t['长沙'].pk}/agreements/"
    response = client.post(
        url,
        {
            "franchisee": "株洲颐和",
            "model": "B",
            "start_date": "2008-05-01",
            "franchise_fee": "1000",
            "deposit": "0",
            "allotment_share": "0",
            "royalty_rate": "5",
        },
    )
    assert response.status_code == 400
    assert (
        "长沙 is already granted to 长沙康健 from 2007-09-01 to 2009-08-31"
        in response.content.decode()
    )
    assert len(_agreements(scene, scene.t["长沙"])) == 1


def test_the_page_signs_an_agreement(client, scene):
    client.force_login(scene.manager.user)
    url = f"/xiang/franchise/territories/{scene.t['湘潭'].pk}/agreements/"
    fields = {
        "model": "A",
        "start_date": "2008-05-01",
        "franchise_fee": "120,000",
        "deposit": "30000",
        "allotment_share": "0",
        "royalty_rate": "0",
    }
    client.cookies["django_language"] = "en"
    unknown = client.post(url, fields | {"franchisee": "株洲"})  # a part of the name only
    assert unknown.status_code == 400
    assert "No franchisee is named “株洲”. Add them under “Franchisees and agreements” first." in (
        unknown.content.decode()
    )
    assert _agreements(scene, scene.t["湘潭"]) == []
    response = client.post(url, fields | {"franchisee": " 株洲颐和 "})
    assert response.status_code == 302
    assert _agreements(scene, scene.t["湘潭"]) == [("株洲颐和", date(2008, 5, 1), None)]


def test_the_franchisee_field_suggests_names_as_one_types(client, scene):
    other = OrganizationFactory()
    services.franchisee_save(organization=other, name="株洲外人")
    for n in range(25):
        services.franchisee_save(organization=scene.org, name=f"加盟商{n:02d}")
    client.force_login(scene.manager.user)
    page = client.get(f"/xiang/franchise/territories/{scene.t['湘潭'].pk}/").content.decode()
    assert 'list="franchisee-options"' in page
    assert 'hx-get="/xiang/franchise/franchisees/options/"' in page
    assert "<option" not in page.split('id="franchisee-options"')[1].split("</datalist>")[0]
    url = "/xiang/franchise/franchisees/options/"
    typed = client.get(url, {"franchisee": "株洲"}).content.decode()
    assert typed == '<option value="株洲颐和"></option>\n'  # not the other organization's
    assert client.get(url, {"franchisee": "加盟商"}).content.decode().count("<option") == 20
    assert client.get(url, {"franchisee": "无此人"}).content.decode().strip() == ""
    client.force_login(scene.admin.user)  # admins read the network but do not sign
    assert client.get(url, {"franchisee": "株洲"}).status_code == 403


def test_the_api_answers_400_with_the_field_error(client, scene):
    token = api_token_for(scene.manager.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    client.cookies["django_language"] = "en"
    payload = {
        "territory": scene.t["长沙"].pk,
        "franchisee": scene.wang_co.pk,
        "model": "B",
        "start_date": "2008-05-01",
        "franchise_fee": "1000",
        "royalty_rate": "5",
    }
    response = client.post(
        "/api/v1/xiang/franchise/agreements/", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert "长沙康健" in response.json()["start_date"][0]
    created = client.post(
        "/api/v1/xiang/franchise/agreements/",
        payload | {"territory": scene.t["衡阳"].pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["territory_name"] == "衡阳"
    assert len(_agreements(scene, scene.t["长沙"])) == 1


@pytest.mark.postgres
def test_the_database_refuses_an_overlap_the_service_never_saw(scene):
    """Straight to the table, past the service: the exclusion constraint holds."""
    with tenant_context(scene.org), pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            organization=scene.org,
            territory=scene.t["长沙"],
            franchisee=scene.wang_co,
            model="A",
            start_date=date(2009, 8, 31),
            franchise_fee=0,
        )
    with tenant_context(scene.org):  # adjacent is fine at the database too
        Agreement.objects.create(
            organization=scene.org,
            territory=scene.t["长沙"],
            franchisee=scene.wang_co,
            model="A",
            start_date=date(2009, 9, 1),
            franchise_fee=0,
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_attempts_on_one_territory_give_exactly_one_agreement():
    from campaigns.roles import Role
    from tests.factories import MembershipFactory

    org = OrganizationFactory()
    users = [MembershipFactory(organization=org, role=Role.FRANCHISEE).user for _ in range(2)]
    territory = services.territory_save(organization=org, name="岳阳", planned_phase=2)
    franchisees = [
        services.franchisee_save(organization=org, name=f"F{i}", account=u)
        for i, u in enumerate(users)
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(franchisee, start):
        try:
            barrier.wait(timeout=30)
            translation.activate("en")
            services.agreement_create(
                organization=org,
                territory=territory,
                franchisee=franchisee,
                model="B",
                start_date=start,
                franchise_fee="1000",
                royalty_rate="5",
            )
            outcomes.append("signed")
        except ValidationError as exc:
            outcomes.append(exc.message_dict["start_date"][0])
        except Exception as exc:  # noqa: BLE001 - asserted below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(f, s))
        for f, s in zip(franchisees, (date(2008, 1, 1), date(2008, 6, 1)), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(outcomes) == 2 and outcomes.count("signed") == 1, outcomes
    assert "is already granted to" in next(o for o in outcomes if o != "signed")
    with tenant_context(org):
        assert Agreement.objects.for_org(org).filter(territory=territory).count() == 1


def test_payments_are_recorded_and_the_deposit_refunded_only_at_the_end(client, scene):
    client.force_login(scene.manager.user)
    client.cookies["django_language"] = "en"
    url = f"/xiang/franchise/agreements/{scene.a.pk}/payments/"
    early = client.post(url, {"deposit_refunded_on": "2008-01-01"})
    assert early.status_code == 400
    assert "The deposit is refunded when the agreement ends (open-ended)." in (
        early.content.decode()
    )
    future = client.post(url, {"fee_paid_on": "2099-01-01"})
    assert "A payment cannot be in the future." in future.content.decode()
    assert (
        client.post(url, {"fee_paid_on": "2007-10-08", "deposit_paid_on": "2007-10-09"}).status_code
        == 302
    )
    with tenant_context(scene.org):
        a = Agreement.objects.get(pk=scene.a.pk)
    assert (a.fee_paid_on, a.deposit_paid_on, a.deposit_refunded_on) == (
        date(2007, 10, 8),
        date(2007, 10, 9),
        None,
    )
    client.force_login(scene.wang.user)
    page = client.get(f"/xiang/franchise/territories/{scene.t['株洲'].pk}/").content.decode()
    assert "150,000 · paid 2007-10-08" in page and "50,000 · paid 2007-10-09" in page


def test_a_payment_date_entered_by_mistake_can_be_cleared(client, scene):
    client.force_login(scene.manager.user)
    url = f"/xiang/franchise/agreements/{scene.a.pk}/payments/"
    client.post(url, {"fee_paid_on": "2007-10-08", "deposit_paid_on": "2007-10-09"})
    page = client.get(f"/xiang/franchise/territories/{scene.t['株洲'].pk}/").content.decode()
    assert 'value="2007-10-08"' in page  # the form starts from the recorded dates
    assert client.post(url, {"fee_paid_on": "2007-10-08"}).status_code == 302
    with tenant_context(scene.org):
        a = Agreement.objects.get(pk=scene.a.pk)
    assert (a.fee_paid_on, a.deposit_paid_on) == (date(2007, 10, 8), None)


def test_a_deposit_is_refunded_only_after_it_was_paid(scene):
    agreement = scene.a
    agreement.end_date = date(2008, 12, 31)  # an ended agreement (in memory is enough)
    with pytest.raises(ValidationError) as refused:
        services.agreement_record_payments(
            organization=scene.org, agreement=agreement, deposit_refunded_on=date(2009, 1, 5)
        )
    assert list(refused.value.message_dict) == ["deposit_refunded_on"]
    services.agreement_record_payments(
        organization=scene.org,
        agreement=agreement,
        deposit_paid_on=date(2007, 10, 9),
        deposit_refunded_on=date(2009, 1, 5),
    )
    with tenant_context(scene.org):
        stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.deposit_paid_on, stored.deposit_refunded_on) == (
        date(2007, 10, 9),
        date(2009, 1, 5),
    )
