"""Channels and money: stock made, drawn, bought outright and used by registrations,
never below zero; recall refunds unsold stock at its price; penalties only for a
verified case; the monthly statement shows how every figure was computed, and its PDF
is made by the export job."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from campaigns.sms.inbound import sms_receive
from campaigns.tenancy import tenant_context
from promotions.channels import selectors as channel_selectors
from promotions.channels import services as money
from promotions.models import (
    BundleMember,
    Channel,
    ChannelStatement,
    ChannelStock,
    Penalty,
    Registration,
    StockEntry,
)
from tests.factories import BranchFactory, MembershipFactory, OrganizationFactory

from .conftest import Desk, member_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(desk):
    """市场部 makes 20 bundles of 300; 东县 (county) draws 10; 城区 (a social channel
    registering as the desk's branch) buys 4 from 东县."""
    county = money.channel_save(
        organization=desk.org, name="东县分公司", kind="county", branch=desk.other_branch
    )
    dealer = money.channel_save(
        organization=desk.org, name="城区代销点", kind="dealer", branch=desk.branch, supplier=county
    )
    tier = desk.tier(10)
    actor = desk.manager.user
    money.stock_make(organization=desk.org, actor=actor, tier=tier, quantity=20)
    money.stock_draw(organization=desk.org, actor=actor, channel=county, tier=tier, quantity=10)
    money.stock_buy(organization=desk.org, actor=actor, channel=dealer, tier=tier, quantity=4)
    return county, dealer, tier


def _stock(desk):
    with tenant_context(desk.org):
        return {
            (s.channel.name, s.tier.members): s.quantity
            for s in ChannelStock.objects.select_related("channel", "tier")
        }


def test_a_channel_for_a_branch_of_another_organization_is_refused(desk):
    other = BranchFactory(organization=OrganizationFactory(), name="外部")
    with pytest.raises(ValidationError) as refused:
        money.channel_save(organization=desk.org, name="外部渠道", kind="county", branch=other)
    assert refused.value.message_dict == {"branch": ["Choose one of this organization's entries."]}
    with tenant_context(desk.org):
        assert not Channel.objects.for_org(desk.org).filter(name="外部渠道").exists()


OTHERS = ["Choose one of this organization's entries."]


@pytest.fixture
def other_chain():
    """Another organization's channels and tier, as handed in by a caller that did not look
    them up in this organization (foreign keys bypass row-level security)."""
    other = Desk()
    county = money.channel_save(
        organization=other.org, name="外县分公司", kind="county", branch=other.other_branch
    )
    dealer = money.channel_save(
        organization=other.org,
        name="外部代销点",
        kind="dealer",
        branch=other.branch,
        supplier=county,
    )
    tier = other.tier(10)
    money.stock_make(organization=other.org, actor=None, tier=tier, quantity=5)
    money.stock_draw(organization=other.org, actor=None, channel=county, tier=tier, quantity=5)
    money.stock_buy(organization=other.org, actor=None, channel=dealer, tier=tier, quantity=2)
    return other, county, dealer, tier


def _holdings(*desks):
    """Per organization: its stock, ledger entries, penalties and statements."""
    snapshot = []
    for one in desks:
        with tenant_context(one.org):
            snapshot.append(
                (
                    sorted(
                        ChannelStock.objects.for_org(one.org).values_list(
                            "channel_id", "tier_id", "quantity"
                        )
                    ),
                    StockEntry.objects.for_org(one.org).count(),
                    Penalty.objects.for_org(one.org).count(),
                    ChannelStatement.objects.for_org(one.org).count(),
                )
            )
    return snapshot


def test_a_supplier_of_another_organization_is_refused(desk, other_chain):
    _other, county, _dealer, _tier = other_chain
    with pytest.raises(ValidationError) as refused:
        money.channel_save(
            organization=desk.org,
            name="城区代销点",
            kind="dealer",
            branch=desk.branch,
            supplier=county,
        )
    assert refused.value.message_dict == {"supplier": OTHERS}
    with tenant_context(desk.org):
        assert not Channel.objects.for_org(desk.org).filter(name="城区代销点").exists()


@pytest.mark.parametrize(
    "move,field",
    [
        ("make", "tier"),
        ("draw", "channel"),
        ("draw", "tier"),
        ("buy", "channel"),
        ("buy", "tier"),
        ("recall", "channel"),
    ],
)
def test_stock_movements_refuse_another_organizations_channel_or_tier(
    desk, chain, other_chain, move, field
):
    county, dealer, tier = chain
    other, other_county, other_dealer, other_tier = other_chain
    ours = {"draw": county, "buy": dealer, "recall": dealer}
    theirs = {"draw": other_county, "buy": other_dealer, "recall": other_dealer}
    kwargs = {"organization": desk.org, "actor": desk.manager.user}
    if move != "make":
        kwargs["channel"] = theirs[move] if field == "channel" else ours[move]
    if move != "recall":
        kwargs.update(tier=other_tier if field == "tier" else tier, quantity=1)
    before = _holdings(desk, other)
    with pytest.raises(ValidationError) as refused:
        getattr(money, f"stock_{move}")(**kwargs)
    assert refused.value.message_dict == {field: OTHERS}
    assert _holdings(desk, other) == before


@pytest.mark.parametrize("field", ["channel", "registration"])
def test_a_penalty_refuses_another_organizations_channel_or_registration(
    desk, chain, other_chain, field
):
    county, dealer, tier = chain
    other, _other_county, other_dealer, _other_tier = other_chain
    theirs = other.register(member_list(10))
    before = _holdings(desk, other)
    with pytest.raises(ValidationError) as refused:
        money.penalty_record(
            organization=desk.org,
            actor=desk.manager.user,
            channel=other_dealer if field == "channel" else dealer,
            kind="lost_form",
            case_reference="TS-7",
            verified=True,
            verified_on=timezone.localdate(),
            registration=theirs if field == "registration" else None,
        )
    assert refused.value.message_dict == {field: OTHERS}
    assert _holdings(desk, other) == before


def test_a_statement_of_another_organizations_channel_is_refused(desk, chain, other_chain):
    other, _other_county, other_dealer, _other_tier = other_chain
    before = _holdings(desk, other)
    with pytest.raises(ValidationError) as refused:
        money.statement_request(
            organization=desk.org, channel=other_dealer, month=timezone.localdate()
        )
    assert refused.value.message_dict == {"channel": OTHERS}
    assert _holdings(desk, other) == before


def test_stock_moves_and_the_ledger_records_money(desk, chain):
    county, dealer, tier = chain
    assert _stock(desk) == {("市场部", 10): 10, ("东县分公司", 10): 6, ("城区代销点", 10): 4}
    with tenant_context(desk.org):
        bought = StockEntry.objects.get(channel=dealer, kind="bought")
    assert (bought.quantity, bought.amount, bought.counterpart_id) == (
        4,
        Decimal("1200"),
        county.pk,
    )


def test_stock_never_goes_negative(desk, chain):
    county, dealer, tier = chain
    before = _stock(desk)
    with pytest.raises(ValidationError) as excinfo:
        money.stock_buy(organization=desk.org, actor=None, channel=dealer, tier=tier, quantity=7)
    assert excinfo.value.message_dict == {
        "quantity": ["东县分公司 holds only 6 bundles of 300 yuan."]
    }
    with pytest.raises(ValidationError) as excinfo:
        money.stock_draw(organization=desk.org, actor=None, channel=county, tier=tier, quantity=0)
    assert excinfo.value.message_dict == {"quantity": ["Enter a number of bundles above zero."]}
    assert _stock(desk) == before


def test_a_registration_uses_one_bundle_and_none_left_refuses_it(desk, chain):
    desk.register(member_list(10))
    assert _stock(desk)[("城区代销点", 10)] == 3
    for n in range(3):
        desk.register(member_list(10, start=100 * (n + 1)), form_number=f"F-{n + 10}")
    with pytest.raises(ValidationError) as excinfo:
        desk.register(member_list(10, start=900), form_number="F-99")
    assert excinfo.value.message_dict == {
        "tier": ["No 300 yuan bundles are left at 城区代销点; draw or buy some first."]
    }
    with tenant_context(desk.org):
        assert not Registration.objects.filter(form_number="F-99").exists()
        assert not BundleMember.objects.filter(phone="13800000900").exists()
    assert _stock(desk)[("城区代销点", 10)] == 0


def test_recall_refunds_unsold_stock_at_its_price(desk, chain):
    county, dealer, tier = chain
    desk.register(member_list(10))
    assert money.stock_recall(organization=desk.org, actor=None, channel=dealer) == Decimal("900")
    assert money.stock_recall(organization=desk.org, actor=None, channel=county) == 0
    assert _stock(desk) == {("市场部", 10): 19, ("东县分公司", 10): 0, ("城区代销点", 10): 0}


def test_a_penalty_needs_a_verified_case(desk, chain):
    county, dealer, tier = chain
    for case, verified in (("", True), ("TS-1", False)):
        with pytest.raises(ValidationError) as excinfo:
            money.penalty_record(
                organization=desk.org,
                actor=None,
                channel=dealer,
                kind="misleading",
                case_reference=case,
                verified=verified,
                verified_on=timezone.localdate(),
            )
        assert excinfo.value.message_dict == {
            "case_reference": [
                "A penalty needs a verified case: enter its case number and confirm it was "
                "verified."
            ]
        }
    with pytest.raises(ValidationError) as excinfo:
        money.penalty_record(
            organization=desk.org,
            actor=None,
            channel=dealer,
            kind="lost_form",
            case_reference="TS-2",
            verified=True,
            verified_on=timezone.localdate(),
        )
    assert excinfo.value.message_dict == {
        "registration": ["Name the registration whose form was lost."]
    }
    with tenant_context(desk.org):
        assert not Penalty.objects.exists()


@pytest.mark.parametrize(
    "kind,amount",
    [
        ("split_sale", 100),
        ("misleading", 50),
        ("wrong_data", 50),
        ("late_entry", 50),
        ("lost_form", 50),
    ],
)
def test_penalty_amounts(desk, chain, kind, amount):
    county, dealer, tier = chain
    registration = desk.register(
        member_list(10), signed_on=timezone.localdate() - timezone.timedelta(days=1)
    )
    penalty = money.penalty_record(
        organization=desk.org,
        actor=None,
        channel=dealer,
        kind=kind,
        case_reference="TS-9",
        verified=True,
        verified_on=timezone.localdate(),
        registration=registration,
    )
    assert penalty.amount == Decimal(amount)


def test_the_monthly_statement_explains_every_figure_and_prints(
    desk, chain, eager, django_capture_on_commit_callbacks
):
    county, dealer, tier = chain
    desk.register(member_list(10))
    lost = desk.register(member_list(10, start=100), form_number="F-002")
    desk.register(member_list(10, start=200), form_number="F-003")  # never activated
    for phone in ("13800000000", "13800000100"):
        sms_receive(organization=desk.org, phone=phone, text="是")
        with tenant_context(desk.org):
            member = BundleMember.objects.get(phone=phone)
        from promotions.bundles.services import member_activate

        member_activate(organization=desk.org, membership=desk.staff, member=member)
    today = timezone.localdate()
    money.penalty_record(
        organization=desk.org,
        actor=None,
        channel=dealer,
        kind="lost_form",
        case_reference="TS-7",
        verified=True,
        verified_on=today,
        registration=lost,
    )
    money.penalty_record(
        organization=desk.org,
        actor=None,
        channel=dealer,
        kind="split_sale",
        case_reference="TS-8",
        verified=True,
        verified_on=today,
    )
    month = date(today.year, today.month, 1)
    with tenant_context(desk.org):
        lines = channel_selectors.statement_lines(desk.org, dealer, month)
    assert [(line.label, line.amount) for line in lines] == [
        ("Form F-001", Decimal("30")),
        ("Form F-002", Decimal("30")),
        ("Lost a registration form", Decimal("-50")),
        ("Form F-002 lost", Decimal("-30")),
        ("Sold a bundle split up", Decimal("-100")),
    ]
    assert lines[0].explanation == (
        f"300 yuan bundle, first member activated {today}: commission 30 yuan"
    )
    assert lines[3].explanation == "Case TS-7: the bundle's commission of 30 yuan is forfeited"
    with django_capture_on_commit_callbacks(execute=True):
        statement = money.statement_request(organization=desk.org, channel=dealer, month=month)
    with tenant_context(desk.org):
        statement = ChannelStatement.objects.select_related("job").get(pk=statement.pk)
    assert statement.job.status == "done", statement.job.error
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(statement.file.read())).pages)
    assert "F-001" in text and "TS-7" in text and "-120.00" in text


def test_the_channel_pages(client, desk, chain):
    county, dealer, tier = chain
    client.force_login(desk.manager.user)
    page = client.get(f"/{desk.org.slug}/bundles/channels/").content.decode()
    assert "城区代销点" in page and "300: 4" in page
    bad = client.post(
        f"/{desk.org.slug}/bundles/channels/stock/",
        {"action": "buy", "channel": dealer.pk, "tier": tier.pk, "quantity": "99"},
    )
    assert bad.status_code == 400
    assert "东县分公司 holds only 6 bundles of 300 yuan." in bad.content.decode()
    penalty = client.post(
        f"/{desk.org.slug}/bundles/channels/{dealer.pk}/penalties/",
        {"kind": "misleading", "case_reference": "TS-1", "verified_on": "2026-01-05"},
    )
    assert penalty.status_code == 400
    assert "A penalty needs a verified case" in penalty.content.decode()
    with tenant_context(desk.org):
        assert not Penalty.objects.exists()
        assert Channel.objects.count() == 3


def test_a_late_entry_penalty_needs_a_form_entered_late(desk, chain):
    county, dealer, tier = chain
    on_time = desk.register(member_list(10))
    with pytest.raises(ValidationError) as excinfo:
        money.penalty_record(
            organization=desk.org,
            actor=None,
            channel=dealer,
            kind="late_entry",
            case_reference="TS-3",
            verified=True,
            verified_on=timezone.localdate(),
            registration=on_time,
        )
    assert excinfo.value.message_dict == {
        "registration": ["This form was entered the day it was signed, not late."]
    }
    with tenant_context(desk.org):
        assert not Penalty.objects.exists()


def test_branch_staff_see_their_own_channel_and_its_statement_only(client, desk, chain):
    from campaigns import jobs
    from tests.factories import api_token_for

    county, dealer, tier = chain  # the desk's staff work at 城区, which 城区代销点 registers as
    month = timezone.localdate().replace(day=1)
    for channel in (dealer, county):
        statement = money.statement_request(
            organization=desk.org, channel=channel, month=month, actor=desk.manager.user
        )
        jobs.job_run(organization_id=desk.org.pk, job_id=statement.job_id)  # the export job
    with tenant_context(desk.org):
        made = {s.channel_id: s for s in ChannelStatement.objects.select_related("job")}
    assert [s.job.status for s in made.values()] == ["done", "done"]
    client.force_login(desk.staff.user)
    base = f"/{desk.org.slug}/bundles/channels/"
    listing = client.get(base).content.decode()
    assert "城区代销点" in listing and "东县分公司" not in listing and "市场部" not in listing
    assert client.get(f"{base}{dealer.pk}/").status_code == 200
    pdf = client.get(f"{base}{dealer.pk}/statements/{made[dealer.pk].pk}/download/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf))).pages)
    assert pdf.status_code == 200 and "城区代销点" in text
    # Another channel, its statement, and the manager's forms: 404 / 403, as if missing.
    assert client.get(f"{base}{county.pk}/").status_code == 404
    assert (
        client.get(f"{base}{county.pk}/statements/{made[county.pk].pk}/download/").status_code
        == 404
    )
    assert (
        client.get(f"{base}{dealer.pk}/statements/{made[county.pk].pk}/download/").status_code
        == 404
    )
    assert (
        client.post(f"{base}{dealer.pk}/statement/", {"month": f"{month:%Y-%m}"}).status_code == 403
    )
    # The API says the same.
    client.logout()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {api_token_for(desk.staff.user)}"
    api = f"/api/v1/{desk.org.slug}/bundles/channels/"
    assert [c["name"] for c in client.get(api).json()["results"]] == ["城区代销点"]
    assert client.get(f"{api}{dealer.pk}/statement/?month={month:%Y-%m}").status_code == 200
    assert client.get(f"{api}{county.pk}/statement/?month={month:%Y-%m}").status_code == 404
    assert client.get(f"{api}{county.pk}/ledger/").status_code == 404
    assert (
        client.post(
            f"{api}{dealer.pk}/statement/",
            {"month": f"{month:%Y-%m}"},
            content_type="application/json",
        ).status_code
        == 403
    )
    # Staff of a branch no channel registers as see no channel at all.
    loose = MembershipFactory(
        organization=desk.org,
        role="branch_staff",
        branch=BranchFactory(organization=desk.org, name="南区"),
    )
    client.defaults.pop("HTTP_AUTHORIZATION")
    client.force_login(loose.user)
    assert "城区代销点" not in client.get(base).content.decode()
    assert client.get(f"{base}{dealer.pk}/").status_code == 404


def test_a_statement_for_an_unreadable_month_is_not_queued(client, desk, chain):
    county, dealer, tier = chain
    client.force_login(desk.manager.user)
    client.cookies["django_language"] = "en"
    base = f"/{desk.org.slug}/bundles/channels/{dealer.pk}/"
    for month in ("", "2026-13", "99999999999999999999-01"):
        response = client.post(f"{base}statement/", {"month": month}, follow=True)
        assert "Give the month as YYYY-MM." in response.content.decode()
    with tenant_context(desk.org):
        assert not ChannelStatement.objects.exists()
    assert client.get(f"{base}?month=99999999999999999999-01").status_code == 400
    api = f"/api/v1/{desk.org.slug}/bundles/channels/{dealer.pk}/statement/"
    client.logout()
    from tests.factories import api_token_for

    client.defaults["HTTP_AUTHORIZATION"] = f"Token {api_token_for(desk.manager.user)}"
    assert client.get(f"{api}?month=99999999999999999999-01").json() == {
        "month": ["Give the month as YYYY-MM."]
    }
