"""The one money input (campaigns.money, docs/money.md): the six inputs of issue #16 for
every kind of amount, through a page and the API, and an organization's raised bound."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from campaigns import money
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests.models import Policy
from tests.factories import api_token_for

pytestmark = pytest.mark.django_db

# What each input gives: an amount, or the code of its refusal.
SIX = [
    ("1e10", "scientific"),
    ("１０００", Decimal("1000.00")),
    ("1,000.5", Decimal("1000.50")),
    ("-5", "negative"),
    ("10000000000", "above_ceiling"),
    ("1.234", "decimals"),
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("kind", list(money.Kind))
@pytest.mark.parametrize(("raw", "expected"), SIX)
def test_the_six_inputs_for_every_kind(kind, raw, expected):
    if isinstance(expected, Decimal):
        assert money.parse_amount(raw, kind=kind) == expected
    else:
        with pytest.raises(ValidationError) as excinfo:
            money.parse_amount(raw, kind=kind)
        assert excinfo.value.code == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3000.00", Decimal("3000.00")),  # zeros after two decimals are no decimals
        ("¥3,000", Decimal("3000.00")),
        ("１，０００．５", Decimal("1000.50")),
        (" 12 ", Decimal("12.00")),
        (5, Decimal("5.00")),
    ],
)
def test_plain_amounts_are_read(raw, expected):
    assert money.parse_amount(raw, kind=money.Kind.PRICE) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("10,00", "separators"),
        ("1E+3", "scientific"),
        ("NaN", "invalid"),
        ("Infinity", "invalid"),
        ("abc", "invalid"),
        ("", "invalid"),
        (None, "invalid"),
        (True, "invalid"),
        (Decimal("NaN"), "invalid"),
    ],
)
def test_what_is_not_an_amount(raw, code):
    with pytest.raises(ValidationError) as excinfo:
        money.parse_amount(raw, kind=money.Kind.PRICE)
    assert excinfo.value.code == code


def test_positive_kinds_refuse_zero_and_the_bound_is_inclusive():
    with pytest.raises(ValidationError) as excinfo:
        money.parse_amount("0", kind=money.Kind.PREMIUM, positive=True)
    assert excinfo.value.code == "zero"
    assert money.parse_amount("1000000", kind=money.Kind.PREMIUM) == Decimal("1000000")
    with pytest.raises(ValidationError):
        money.parse_amount("1000000.01", kind=money.Kind.PREMIUM)


def test_an_organizations_bound_replaces_the_default_up_to_the_column():
    assert money.ceiling_for("premium", {"premium": "2000000"}) == Decimal("2000000")
    assert money.ceiling_for("premium", {}) == Decimal("1000000")
    assert money.ceiling_for("premium", {"premium": "1e20"}) == money.COLUMN_LIMIT


def test_messages_are_in_the_users_language():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        money.parse_amount("-5", kind=money.Kind.PRICE)
    assert excinfo.value.messages == ["金额不能为负数。"]


# -- through the premium: the entry page, the API, the import ------------------------------


def _api(client, world):
    token = api_token_for(world.a.members[Role.BRANCH_STAFF].user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    client.cookies["django_language"] = "en"
    return f"/api/v1/alpha/contests/{world.a.contest.pk}/policies/"


def _policies(world):
    with tenant_context(world.a.org):
        return sorted(Policy.objects.for_org(world.a.org).values_list("number", "premium"))


@pytest.mark.parametrize(("raw", "expected"), SIX)
def test_premium_through_the_api(client, world, raw, expected):
    before = _policies(world)
    response = client.post(
        _api(client, world),
        {
            "agent_code": "alpha-001",
            "number": "M-1",
            "premium": raw,
            "issued_on": str(world.a.contest.period_start),
            "card_number": "K-M-1",
        },
        content_type="application/json",
    )
    if isinstance(expected, Decimal):
        assert response.status_code == 201, response.json()
        assert response.json()["premium"] == f"{expected:.2f}"
    else:
        assert response.status_code == 400
        assert list(response.json()) == ["premium"]
        assert _policies(world) == before


@pytest.mark.parametrize(("raw", "expected"), SIX)
def test_premium_through_the_entry_page(client, world, raw, expected):
    before = _policies(world)
    client.force_login(world.a.members[Role.BRANCH_STAFF].user)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/alpha/contests/{world.a.contest.pk}/entry/",
        {
            "agent": world.a.agent.pk,
            "number": "M-2",
            "premium": raw,
            "issued_on": str(world.a.contest.period_start),
            "card_number": "K-M-2",
        },
    )
    if isinstance(expected, Decimal):
        assert response.status_code in (200, 302)
        assert ("M-2", expected) in _policies(world)
    else:
        assert response.status_code == 400
        assert _policies(world) == before


def test_an_organizations_raised_bound_lets_a_larger_premium_in(client, world):
    path = _api(client, world)
    body = {
        "agent_code": "alpha-001",
        "number": "BIG-1",
        "premium": "1,500,000",
        "issued_on": str(world.a.contest.period_start),
        "card_number": "K-BIG",
    }
    refused = client.post(path, body, content_type="application/json")
    assert refused.status_code == 400
    assert "not a plausible premium of one policy" in refused.json()["premium"][0]
    world.a.org.amount_ceilings = {"premium": "2000000"}
    world.a.org.save()
    accepted = client.post(path, body, content_type="application/json")
    assert accepted.status_code == 201
    assert accepted.json()["premium"] == "1500000.00"


# -- through a plan: budget lines (budget) and goals (targets) ------------------------------


def _plans_api(client, world):
    token = api_token_for(world.a.members[Role.MANAGER].user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    client.cookies["django_language"] = "en"
    return f"/api/v1/alpha/plans/{world.a.plan.pk}"


@pytest.mark.parametrize(("raw", "expected"), SIX)
def test_budget_line_through_the_api(client, world, raw, expected):
    response = client.post(
        f"{_plans_api(client, world)}/budget-lines/",
        {"item": "posters", "amount": raw},
        content_type="application/json",
    )
    if isinstance(expected, Decimal):
        assert response.status_code == 201, response.json()
        assert Decimal(response.json()["amount"]) == expected
    else:
        assert response.status_code == 400
        assert list(response.json()) == ["amount"]


@pytest.mark.parametrize(("raw", "expected"), SIX)
def test_budget_line_through_the_page(client, world, raw, expected):
    client.force_login(world.a.members[Role.MANAGER].user)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/alpha/plans/{world.a.plan.pk}/budget-lines/new/", {"item": "posters", "amount": raw}
    )
    assert response.status_code == (400 if not isinstance(expected, Decimal) else 302)


@pytest.mark.parametrize(("raw", "status"), [("-5", 400), ("0", 201), ("1e10", 400)])
def test_goal_targets_are_never_negative(client, world, raw, status):
    response = client.post(
        f"{_plans_api(client, world)}/goals/",
        {"metric": "new premium", "target_value": raw},
        content_type="application/json",
    )
    assert response.status_code == status


# -- the amount limits page ------------------------------------------------------------------


def test_an_admin_raises_a_bound_on_the_amount_limits_page(client, world):
    admin = world.a.members[Role.ADMIN].user
    client.force_login(admin)
    client.cookies["django_language"] = "en"
    # a section of the settings page (the old address shows that page)
    old_address = client.get("/alpha/settings/amounts/").content.decode()
    assert 'id="amounts"' in old_address and 'name="modules"' in old_address
    page = client.get("/alpha/settings/")
    assert page.status_code == 200 and "Premium of one policy" in page.content.decode()
    assert 'name="modules"' in page.content.decode()
    bad = client.post("/alpha/settings/amounts/", {"premium": "1e7"})
    assert bad.status_code == 400
    # the error is on the settings page, the modules section still there
    assert 'id="amounts"' in bad.content.decode() and 'name="modules"' in bad.content.decode()
    world.a.org.refresh_from_db()
    assert world.a.org.amount_ceilings == {}
    saved = client.post("/alpha/settings/amounts/", {"premium": "２,０００,０００", "price": ""})
    assert saved.status_code == 302
    world.a.org.refresh_from_db()
    assert world.a.org.amount_ceilings == {"premium": "2000000"}
    assert money.ceiling_for("premium", world.a.org.amount_ceilings) == Decimal("2000000")
    # a bound set back to its default is dropped: the organization follows the default again
    client.post("/alpha/settings/amounts/", {"premium": "1,000,000"})
    world.a.org.refresh_from_db()
    assert world.a.org.amount_ceilings == {}


def test_only_admins_change_the_bounds(client, world):
    client.force_login(world.a.members[Role.MANAGER].user)
    assert client.post("/alpha/settings/amounts/", {"premium": "2000000"}).status_code == 403
    world.a.org.refresh_from_db()
    assert world.a.org.amount_ceilings == {}


def test_check_amounts_names_each_field_out_of_bounds():
    with pytest.raises(ValidationError) as excinfo:
        money.check_amounts(
            {"price": "5000000"},
            {
                "price": (money.Kind.PRICE, Decimal("4000000")),  # under the raised bound
                "value": (money.Kind.REWARD, "abc"),
                "budget": (money.Kind.BUDGET, None),  # not given: not checked
                "deposit": (money.Kind.DEPOSIT, 3.5),
                "amount": (money.Kind.CONTRACT, Decimal("-1")),
            },
        )
    assert excinfo.value.message_dict == {
        "value": ["Enter an amount in yuan, e.g. 3000 or 3,000.50."],
        "amount": ["An amount cannot be negative."],
    }


def test_json_numbers():
    """A JSON number arrives as a float: read from its shortest text. 1e10 arrives as
    10000000000.0 (the kind's bound refuses it in the service); 1e16 as "1e+16"."""
    from rest_framework import serializers

    from campaigns.money.inputs import AmountSerializerField

    field = AmountSerializerField()
    assert field.to_internal_value(3000.5) == Decimal("3000.5")
    assert field.to_internal_value(1e10) == Decimal("10000000000")
    with pytest.raises(ValidationError):
        money.check_amount(field.to_internal_value(1e10), kind=money.Kind.TARGET)
    with pytest.raises(serializers.ValidationError):
        field.to_internal_value(1e16)
