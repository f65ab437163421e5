"""The event-day API: every endpoint's way through, 400 with field errors (and nothing
stored) on bad input, paging, the roles, and another organization's rows answering 404."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from promotions.events import services
from promotions.events.models import (
    AgendaItem,
    Card,
    DepositEntry,
    Draw,
    FollowUp,
    Guest,
    GuestImport,
    Prize,
    PrizePool,
    Quota,
    Signing,
    Vendor,
    VendorOrder,
)
from tests.factories import MembershipFactory, api_token_for

from .conftest import EventDesk

pytestmark = pytest.mark.django_db
D = Decimal


class Api:
    """A token client for one member, with the event's URL prefix."""

    def __init__(self, client, desk, user):
        token = api_token_for(user)
        self.client, self.desk = client, desk
        self.headers = {"HTTP_AUTHORIZATION": f"Token {token}"}

    def url(self, path="", event=None):
        event_id = (event or self.desk.event).pk
        return f"/api/v1/{self.desk.org.slug}/events/{event_id}/{path}"

    def get(self, path="", **params):
        return self.client.get(self.url(path), params, **self.headers)

    def _send(self, method, path, body):
        return getattr(self.client, method)(
            self.url(path), json.dumps(body), content_type="application/json", **self.headers
        )

    def post(self, path, body=None):
        return self._send("post", path, body or {})

    def patch(self, path, body):
        return self._send("patch", path, body)

    def put(self, path, body):
        return self._send("put", path, body)


@pytest.fixture
def staff(client, desk):
    return Api(client, desk, desk.staff.user)


@pytest.fixture
def manager(client, desk):
    return Api(client, desk, desk.manager.user)


@pytest.fixture
def admin(client, desk):
    member = MembershipFactory(organization=desk.org, role=Role.ADMIN)
    return Api(client, desk, member.user)


def count(desk, model, **lookups):
    with tenant_context(desk.org):
        return model.objects.filter(organization=desk.org, **lookups).count()


# --- events -----------------------------------------------------------------------------


def test_event_list_and_detail_with_the_seal_hash_attendance_and_offers(staff, desk):
    desk.stock_eggs(("Mug", 40, 1))
    guest = desk.guest("13912340001")
    services.guest_check_in(organization=desk.org, event=desk.event, code=guest.code)
    listed = staff.client.get(f"/api/v1/{desk.org.slug}/events/", **staff.headers).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == desk.event.pk
    body = staff.get().json()
    assert body["attendance"] == {"checked_in": 1, "target": 300, "percent": 0}
    assert (body["discount_zhe"], body["discount_percent_off"], body["discount_label"]) == (
        "9.5",
        "5",
        "9.5折",
    )
    (pool,) = body["pools"]
    assert len(pool["seed_sha256"]) == 64 and pool["seed"] is None  # secret until revealed
    assert (pool["left"], pool["prizes"][0]["left"]) == (40, 40)
    assert [(o["name"], o["size"], o["left"]) for o in body["offers"]] == [
        ("前30名砸金蛋", 30, 30),
        ("前5名家电大礼包", 5, 5),
    ]
    assert body["card_price"] == "99.00"


def test_a_manager_starts_an_event_from_a_plan_and_changes_its_settings(manager, desk):
    from campaigns.plans import services as plan_services

    plan = plan_services.plan_create(
        organization=desk.org,
        actor=desk.manager.user,
        title="Telecom Day",
        template_key="telecom_day",
    )
    url = f"/api/v1/{desk.org.slug}/events/"
    body = {"plan": plan.pk, "date": "2026-12-20", "venue": "营业厅", "target_attendance": 80}
    made = manager.client.post(url, body, content_type="application/json", **manager.headers)
    assert made.status_code == 201, made.content
    assert (made.json()["kind"], made.json()["date"]) == ("telecom_day", "2026-12-20")
    again = manager.client.post(url, body, content_type="application/json", **manager.headers)
    assert again.status_code == 400 and "plan" in again.json()
    changed = manager.patch("", {"discount_zhe": "8.8折", "group_min_size": 3})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["discount_zhe"], changed.json()["discount_percent_off"]) == ("8.8", "12")
    bad = manager.patch("", {"discount_zhe": "11", "group_min_size": 1})
    assert bad.status_code == 400 and set(bad.json()) == {"discount_zhe", "group_min_size"}


def test_an_event_from_another_organizations_plan_is_a_field_error(manager, desk):
    other = EventDesk()
    response = manager.client.post(
        f"/api/v1/{desk.org.slug}/events/",
        {"plan": other.plan.pk, "date": "2026-12-20"},
        content_type="application/json",
        **manager.headers,
    )
    assert response.status_code == 400
    assert response.json() == {"plan": ["Choose one of this organization's entries."]}


def test_dashboard(staff, desk):
    guest = desk.guest("13912340001", channel=desk.channels["短信"])
    desk.sign(guest, "86000")
    body = staff.get("dashboard/").json()
    assert (body["leads"], body["signings"], body["contracts_total"]) == (1, 1, "86000.00")
    assert body["by_channel"][0]["name"] == "短信" and body["by_channel"][0]["conversion"] == 100.0


# --- guests -----------------------------------------------------------------------------


def test_register_a_guest_then_the_same_mobile_finds_it(staff, desk):
    made = staff.post("guests/", {"mobile": "+86 139 1234 0001", "name": "王女士"})
    assert made.status_code == 201, made.content
    assert made.json()["created"] is True
    guest = made.json()["guest"]
    assert (guest["mobile"], guest["mobile_full"]) == ("139****0001", "13912340001")
    found = staff.post("guests/", {"mobile": "13912340001", "name": "someone else"})
    assert found.status_code == 200
    assert found.json()["created"] is False
    assert (found.json()["guest"]["id"], found.json()["guest"]["name"]) == (guest["id"], "王女士")
    assert count(desk, Guest) == 1


@pytest.mark.parametrize(
    "body,field",
    [
        ({"mobile": "12345678901"}, "mobile"),
        ({"mobile": "abc"}, "mobile"),
        ({"mobile": ""}, "mobile"),
        ({"mobile": "13912340001", "channel": 10**9}, "channel"),
        ({"mobile": "13912340001", "invited_by": 10**9}, "invited_by"),
        ({"mobile": "13912340001", "name": "x" * 61}, "name"),
    ],
)
def test_a_bad_guest_is_a_field_error_and_nothing_is_stored(staff, desk, body, field):
    response = staff.post("guests/", body)
    assert response.status_code == 400 and list(response.json()) == [field]
    assert count(desk, Guest) == 0


def test_another_organizations_channel_or_inviter_is_refused(staff, desk):
    other = EventDesk()
    channel = next(iter(other.channels.values()))
    response = staff.post("guests/", {"mobile": "13912340001", "channel": channel.pk})
    assert response.json() == {"channel": ["Choose one of this organization's entries."]}
    response = staff.post("guests/", {"mobile": "13912340001", "invited_by": other.staff.user.pk})
    assert response.json() == {"invited_by": ["Choose one of this organization's entries."]}
    assert count(desk, Guest) == 0


def test_guest_list_is_masked_searchable_and_paged(staff, desk):
    for n in range(5):
        desk.guest(f"1391234000{n}", community="阳光花园" if n < 2 else "翠湖苑")
    page = staff.get("guests/", page_size=2).json()
    assert (page["count"], len(page["results"])) == (5, 2)
    assert page["next"] and page["previous"] is None
    assert all("****" in g["mobile"] for g in page["results"])
    assert "mobile_full" not in page["results"][0]
    assert staff.get("guests/", search="阳光").json()["count"] == 2
    assert staff.get("guests/", search="0003").json()["count"] == 1
    bad = staff.get("guests/", page=9, page_size=2)
    assert bad.status_code == 400 and bad.json() == {"page": ["There are only 3 pages."]}
    assert staff.get("guests/", page_size=501).status_code == 400
    assert staff.get("guests/", search="x" * 61).status_code == 400


def test_one_guest_shows_the_whole_mobile_to_desk_roles_only(staff, admin, desk):
    guest = desk.guest("13912340001")
    assert staff.get(f"guests/{guest.pk}/").json()["mobile_full"] == "13912340001"
    seen = admin.get(f"guests/{guest.pk}/").json()
    assert (seen["mobile"], seen["mobile_full"]) == ("139****0001", None)


def test_update_a_guest(staff, desk):
    guest = desk.guest("13912340001")
    changed = staff.patch(
        f"guests/{guest.pk}/", {"name": "李先生", "channel": desk.channels["报纸"].pk}
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["name"], changed.json()["channel_name"]) == ("李先生", "报纸")
    assert changed.json()["mobile_full"] == "13912340001"


def _run_import_job(staff, desk, answer):
    """No worker in tests: run the queued job the answer names, as a worker would."""
    from campaigns import jobs

    jobs.job_run(organization_id=desk.org.pk, job_id=answer["job_id"])
    return staff.get(f"guests/imports/{answer['id']}/").json()


def test_guest_import_dry_run_then_commit_with_bad_rows_by_line(staff, desk):
    csv = "手机号,姓名,小区\n13912340001,张三,阳光花园\n1234,李四,\n13912340002,王五,\n".encode(
        "gbk"
    )

    def upload(commit):
        return staff.client.post(
            staff.url("guests/import/"),
            {"file": SimpleUploadedFile("guests.csv", csv, "text/csv"), "commit": commit},
            **staff.headers,
        )

    queued = upload("false")
    assert queued.status_code == 202, queued.content
    assert (queued.json()["status"], queued.json()["new"]) == ("queued", None)
    dry = _run_import_job(staff, desk, queued.json())
    assert (dry["status"], dry["committed"]) == ("done", False)
    assert (dry["new"], dry["found"], dry["bad"]) == (2, 0, 1)
    assert [e["line"] for e in dry["errors"]] == [3]
    assert count(desk, Guest) == 0
    # the checked file's valid rows, from the stored file
    committing = staff.post(f"guests/imports/{dry['id']}/commit/")
    assert committing.status_code == 202, committing.content
    done = _run_import_job(staff, desk, committing.json())
    assert done["committed"] is True and count(desk, Guest) == 2
    assert staff.post(f"guests/imports/{dry['id']}/commit/").status_code == 400  # once only
    again = _run_import_job(staff, desk, upload("true").json())
    assert (again["new"], again["found"], again["bad"]) == (0, 2, 1)


def test_guest_import_refuses_a_file_it_cannot_read(staff, desk):
    response = staff.client.post(
        staff.url("guests/import/"),
        {"file": SimpleUploadedFile("guests.pdf", b"%PDF-1.4", "application/pdf")},
        **staff.headers,
    )
    assert response.status_code == 400
    assert "CSV or Excel" in response.json()["non_field_errors"][0]
    missing = staff.client.post(staff.url("guests/import/"), {}, **staff.headers)
    assert missing.status_code == 400 and "file" in missing.json()


def test_check_in_once_and_the_second_says_when(staff, desk):
    guest = desk.guest("13912340001")
    first = staff.post("check-in/", {"code": guest.code})
    assert first.status_code == 200
    assert (first.json()["already"], first.json()["first_at"]) == (False, None)
    second = staff.post("check-in/", {"mobile": "13912340001"})
    assert second.status_code == 200 and second.json()["already"] is True
    when = datetime.datetime.fromisoformat(second.json()["first_at"])
    assert when.utcoffset() is not None  # ISO 8601 with the offset
    with tenant_context(desk.org):
        assert when == Guest.objects.get(pk=guest.pk).checked_in_at


def test_check_in_of_an_unknown_guest(staff, desk):
    assert list(staff.post("check-in/", {"mobile": "13700000001"}).json()) == ["mobile"]
    assert list(staff.post("check-in/", {"code": "nope"}).json()) == ["code"]
    assert list(staff.post("check-in/", {}).json()) == ["mobile"]
    assert count(desk, Guest) == 0
    walk_in = staff.post("check-in/", {"mobile": "13700000001", "walk_in": True}).json()
    assert walk_in["registered"] is True and walk_in["guest"]["channel_name"] == "自然到访"


def test_customer_profile(staff, admin, desk):
    guest = desk.guest("13912340001")
    empty = staff.get(f"guests/{guest.pk}/profile/").json()
    assert empty["style"] == "" and empty["area"] is None
    saved = staff.put(f"guests/{guest.pk}/profile/", {"area": "98.5", "style": "现代简约"})
    assert saved.status_code == 200, saved.content
    assert admin.get(f"guests/{guest.pk}/profile/").json()["area"] == "98.5"
    bad = staff.put(f"guests/{guest.pk}/profile/", {"area": "0", "budget": "-1"})
    assert bad.status_code == 400 and set(bad.json()) == {"area", "budget"}
    assert admin.put(f"guests/{guest.pk}/profile/", {"style": "x"}).status_code == 403


# --- cards ------------------------------------------------------------------------------


def test_sell_a_card_and_hand_out_its_gift_once(staff, desk):
    guest = desk.guest("13912340001")
    sold = staff.post("cards/", {"number": "51-001", "buyer": guest.pk})
    assert sold.status_code == 201, sold.content
    assert (sold.json()["price"], sold.json()["buyer_mobile"]) == ("99.00", "139****0001")
    assert staff.post("cards/", {"number": "51-001", "buyer": guest.pk}).status_code == 400
    assert staff.get("cards/").json()["count"] == 1
    card_id = sold.json()["id"]
    gift = staff.post(f"cards/{card_id}/gift/")
    assert gift.status_code == 200 and gift.json()["gift_collected_at"]
    twice = staff.post(f"cards/{card_id}/gift/")
    assert twice.status_code == 400 and "was collected at" in twice.json()["non_field_errors"][0]


# --- signings ---------------------------------------------------------------------------


def test_a_signing_with_every_offer_step_by_step(staff, desk):
    guest = desk.guest("13912340001", community="阳光花园")
    services.card_sell(organization=desk.org, event=desk.event, number="51-001", buyer=guest)
    made = staff.post(
        "signings/",
        {
            "guest": guest.pk,
            "contract_total": "100000",
            "designer": "小李",
            "card_number": "51-001",
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["contract_total"], body["card"], body["amount_due"]) == (
        "100000.00",
        "51-001",
        "94000.00",
    )
    assert [(s["code"], s["amount"]) for s in body["steps"]] == [
        ("total", "100000.00"),
        ("discount", "-5000.00"),
        ("card", "-1000.00"),
        ("due", "94000.00"),
    ]
    assert body["steps"][1]["label"] == "Signing discount 9.5折"
    assert sorted((p["offer"], p["number"]) for p in body["places"]) == [
        ("前30名砸金蛋", 1),
        ("前5名家电大礼包", 1),
    ]
    assert [h["action"] for h in body["history"]] == ["signed"]
    assert staff.get("signings/").json()["count"] == 1
    assert staff.get(f"signings/{body['id']}/").json() == body


@pytest.mark.parametrize(
    "total,message",
    [
        ("-1", "cannot be negative"),
        ("0", "more than zero"),
        ("10000000.01", "10,000,000"),
        ("1e400", "scientific notation"),
        ("abc", "Enter an amount"),
        ("NaN", "Enter an amount"),
        ("86000.123", "two decimals"),
    ],
)
def test_an_absurd_contract_total_is_a_field_error(staff, desk, total, message):
    guest = desk.guest("13912340001")
    response = staff.post("signings/", {"guest": guest.pk, "contract_total": total})
    assert response.status_code == 400
    assert message in response.json()["contract_total"][0]
    assert count(desk, Signing) == 0
    assert count(desk, Quota, taken__gt=0) == 0


def test_signing_errors_name_their_field(staff, desk):
    guest = desk.guest("13912340001")
    other = EventDesk().guest("13912340001")
    assert list(staff.post("signings/", {"guest": other.pk, "contract_total": "1"}).json()) == [
        "guest"
    ]
    unknown_card = staff.post(
        "signings/", {"guest": guest.pk, "contract_total": "1000", "card_number": "nope"}
    )
    assert unknown_card.json() == {"card": ["There is no 51 card nope."]}
    future = (desk.today + datetime.timedelta(days=2)).isoformat()
    later = staff.post(
        "signings/", {"guest": guest.pk, "contract_total": "1000", "signed_on": future}
    )
    assert list(later.json()) == ["signed_on"]
    assert count(desk, Signing) == 0


def test_correct_with_the_version_read_and_a_stale_one_is_409(staff, desk):
    signing = desk.sign(desk.guest("13912340001"), "100000")
    read = staff.get(f"signings/{signing.pk}/").json()
    corrected = staff.patch(
        f"signings/{signing.pk}/", {"version": read["version"], "contract_total": "80000"}
    )
    assert corrected.status_code == 200, corrected.content
    assert (corrected.json()["amount_due"], corrected.json()["version"]) == ("76000.00", 2)
    assert [h["action"] for h in corrected.json()["history"]] == ["signed", "corrected"]
    stale = staff.patch(
        f"signings/{signing.pk}/", {"version": read["version"], "contract_total": "1"}
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["contract_total"] == "80000.00"
    with tenant_context(desk.org):
        assert Signing.objects.get(pk=signing.pk).contract_total == D("80000")
    assert list(staff.patch(f"signings/{signing.pk}/", {}).json()) == ["version"]


def test_void_is_for_managers_and_needs_a_reason(staff, manager, desk):
    signing = desk.sign(desk.guest("13912340001"))
    assert staff.post(f"signings/{signing.pk}/void/", {"reason": "x"}).status_code == 403
    assert list(manager.post(f"signings/{signing.pk}/void/", {"reason": " "}).json()) == ["reason"]
    voided = manager.post(f"signings/{signing.pk}/void/", {"reason": "客户反悔"})
    assert voided.status_code == 200, voided.content
    assert voided.json()["void_reason"] == "客户反悔" and voided.json()["voided_at"]
    again = manager.post(f"signings/{signing.pk}/void/", {"reason": "x"})
    assert again.status_code == 400


# --- offers -----------------------------------------------------------------------------


def test_offers_their_places_and_changes(staff, manager, desk):
    guest = desk.guest("13912340001")
    desk.sign(guest)
    offers = staff.get("offers/").json()["results"]
    assert [(o["taken"], o["left"]) for o in offers] == [(1, 29), (1, 4)]
    places = staff.get(f"offers/{desk.eggs.pk}/places/").json()
    assert [(p["number"], p["guest"], p["guest_mobile"]) for p in places["results"]] == [
        (1, guest.pk, "139****0001")
    ]
    made = manager.post("offers/", {"name": "前10名送地垫", "size": 10, "value": "30"})
    assert made.status_code == 201, made.content
    assert staff.post("offers/", {"name": "x", "size": 1}).status_code == 403
    shrink = manager.put(f"offers/{desk.eggs.pk}/", {"name": desk.eggs.name, "size": 0})
    assert list(shrink.json()) == ["size"]
    changed = manager.put(
        f"offers/{desk.eggs.pk}/", {"name": desk.eggs.name, "size": 40, "pool": desk.egg_pool.pk}
    )
    assert changed.status_code == 200 and changed.json()["size"] == 40
    other = EventDesk()
    foreign_pool = manager.put(
        f"offers/{desk.eggs.pk}/", {"name": "x", "size": 40, "pool": other.egg_pool.pk}
    )
    assert foreign_pool.json() == {"pool": ["Choose a prize pool of this event."]}


# --- pools and draws --------------------------------------------------------------------


def test_a_pool_from_prizes_to_seal_draw_hand_over_reveal_and_verify(staff, manager, desk):
    guest, no_place = desk.guest("13912340001"), desk.guest("13912340002")
    pool_url = f"pools/{desk.egg_pool.pk}/"
    unsealed = staff.post(pool_url + "draws/", {"guest": guest.pk})
    assert unsealed.status_code == 400 and "not sealed" in unsealed.json()["non_field_errors"][0]
    assert staff.post(pool_url + "prizes/", {"name": "Mug", "stock": 40}).status_code == 403
    prize = manager.post(pool_url + "prizes/", {"name": "Mug", "stock": 40, "weight": 2})
    assert prize.status_code == 201 and prize.json()["left"] == 40
    assert list(manager.post(pool_url + "prizes/", {"name": "x", "stock": 0}).json()) == ["stock"]
    sealed = manager.post(pool_url + "seal/")
    assert sealed.status_code == 200 and len(sealed.json()["seed_sha256"]) == 64
    assert sealed.json()["seed"] is None
    desk.sign(guest)
    refused = staff.post(pool_url + "draws/", {"guest": no_place.pk})
    assert list(refused.json()) == ["guest"]
    drawn = staff.post(pool_url + "draws/", {"guest": guest.pk})
    assert drawn.status_code == 201, drawn.content
    assert (drawn.json()["number"], drawn.json()["prize_name"], drawn.json()["place_number"]) == (
        1,
        "Mug",
        1,
    )
    assert staff.get(pool_url + "draws/").json()["count"] == 1
    handed = staff.post(f"{pool_url}draws/{drawn.json()['id']}/hand-over/")
    assert handed.status_code == 200 and handed.json()["handed_over_at"]
    assert staff.post(f"{pool_url}draws/{drawn.json()['id']}/hand-over/").status_code == 400
    early = manager.post(pool_url + "reveal/")
    assert (
        early.status_code == 400 and "after the event ends" in early.json()["non_field_errors"][0]
    )
    assert staff.get(pool_url + "verify/").status_code == 400
    services.event_update(
        organization=desk.org,
        event=desk.event,
        data={"date": desk.today - datetime.timedelta(days=1), "ends_at": datetime.time(18)},
    )
    assert staff.post(pool_url + "reveal/").status_code == 403
    revealed = manager.post(pool_url + "reveal/").json()
    assert revealed["seed"] and revealed["revealed_at"]
    verified = staff.get(pool_url + "verify/").json()
    assert {k: verified[k] for k in ("ok", "count", "first_bad", "expected", "logged")} == {
        "ok": True,
        "count": 1,
        "first_bad": None,
        "expected": None,
        "logged": None,
    }
    assert verified["seed"] == revealed["seed"]


def test_verify_names_an_altered_draw(staff, desk):
    pool = desk.stock_eggs(("Mug", 10, 1), ("Pan", 10, 1))
    guest = desk.guest("13912340001")
    desk.sign(guest)
    draw = services.draw_take(organization=desk.org, pool=pool, guest=guest)
    services.event_update(
        organization=desk.org,
        event=desk.event,
        data={"date": desk.today - datetime.timedelta(days=1), "ends_at": datetime.time(18)},
    )
    services.pool_reveal(organization=desk.org, pool=pool)
    with tenant_context(desk.org):
        other = Prize.objects.filter(pool=pool).exclude(pk=draw.prize_id).get()
        Draw.objects.filter(pk=draw.pk).update(prize=other)
    verified = staff.get(f"pools/{pool.pk}/verify/").json()
    assert (verified["ok"], verified["first_bad"], verified["expected"], verified["logged"]) == (
        False,
        1,
        draw.prize_id,
        other.pk,
    )


def test_pools_list_and_a_new_pool(staff, manager, desk):
    made = manager.post("pools/", {"name": "Lucky draw", "no_prize_weight": 5})
    assert made.status_code == 201, made.content
    assert manager.post("pools/", {"name": "Lucky draw"}).json() == {
        "name": ["This event has a prize pool with this name."]
    }
    renamed = manager.put(f"pools/{made.json()['id']}/", {"name": "抽奖"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "抽奖"
    assert [p["name"] for p in staff.get("pools/").json()["results"]] == ["金蛋", "抽奖"]


# --- agenda -----------------------------------------------------------------------------


def test_agenda_add_start_end(staff, manager, desk):
    items = staff.get("agenda/").json()
    assert items["count"] == 5 and items["results"][1]["limit_minutes"] == 15
    assert staff.post("agenda/", {"title": "x"}).status_code == 403
    added = manager.post("agenda/", {"title": "抽奖", "limit_minutes": 5})
    assert added.status_code == 201 and added.json()["position"] == 5
    assert list(manager.post("agenda/", {"title": "x", "limit_minutes": 0}).json()) == [
        "limit_minutes"
    ]
    first = items["results"][0]["id"]
    started = staff.post(f"agenda/{first}/start/")
    assert started.status_code == 200 and started.json()["started_at"]
    assert staff.post(f"agenda/{first}/start/").status_code == 400
    ended = staff.post(f"agenda/{first}/end/")
    assert ended.status_code == 200 and ended.json()["ended_at"]


# --- vendors ----------------------------------------------------------------------------


def test_vendors_deposits_ledger_and_orders(staff, manager, desk):
    assert staff.post("vendors/", {"name": "x"}).status_code == 403
    made = manager.post("vendors/", {"name": "某某瓷砖", "deposit_due": "5000", "booth": "A1"})
    assert made.status_code == 201, made.content
    vendor = made.json()["id"]
    paid = manager.post(f"vendors/{vendor}/deposits/", {"kind": "paid", "amount": "5000"})
    assert paid.status_code == 201, paid.content
    assert list(
        manager.post(f"vendors/{vendor}/deposits/", {"kind": "kept", "amount": "100"}).json()
    ) == ["reason"]
    too_much = manager.post(f"vendors/{vendor}/deposits/", {"kind": "refunded", "amount": "6000"})
    assert too_much.json() == {
        "amount": ["Only 5000.00 of the deposit is held; it cannot be more."]
    }
    manager.post(
        f"vendors/{vendor}/deposits/", {"kind": "kept", "amount": "1000", "reason": "缺席"}
    )
    shown = staff.get(f"vendors/{vendor}/").json()
    assert (shown["paid"], shown["kept"], shown["held"]) == ("5000.00", "1000.00", "4000.00")
    assert staff.get("deposits/").json()["count"] == 2
    assert staff.get(f"vendors/{vendor}/deposits/").json()["count"] == 2
    guest = desk.guest("13912340001")
    order = staff.post(
        f"vendors/{vendor}/orders/", {"guest": guest.pk, "items": "地砖 80㎡", "amount": "9600"}
    )
    assert order.status_code == 201, order.content
    assert staff.get(f"vendors/{vendor}/orders/").json()["results"][0]["amount"] == "9600.00"
    assert staff.get("vendors/").json()["results"][0]["orders_total"] == "9600.00"
    changed = manager.patch(f"vendors/{vendor}/", {"booth": "B2", "login": desk.staff2.user.pk})
    assert changed.status_code == 200 and changed.json()["login"] == desk.staff2.user.pk


def test_a_vendor_login_records_and_sees_its_own_orders_only(client, manager, desk):
    own = manager.post("vendors/", {"name": "某某瓷砖", "login": desk.staff2.user.pk}).json()
    other = manager.post("vendors/", {"name": "某某地板"}).json()
    guest = desk.guest("13912340001")
    vendor_login = Api(client, desk, desk.staff2.user)
    body = {"guest": guest.pk, "items": "x", "amount": "10"}
    refused = vendor_login.post(f"vendors/{other['id']}/orders/", body)
    assert refused.json() == {"vendor": ["A vendor records its own orders only."]}
    assert count(desk, VendorOrder) == 0
    assert vendor_login.post(f"vendors/{own['id']}/orders/", body).status_code == 201
    assert vendor_login.get(f"vendors/{other['id']}/orders/").status_code == 404
    assert vendor_login.get(f"vendors/{own['id']}/orders/").json()["count"] == 1
    outsider = EventDesk().staff.user.pk
    assert manager.post("vendors/", {"name": "y", "login": outsider}).json() == {
        "login": ["Choose one of this organization's entries."]
    }


def test_a_vendor_agreement_scan_uploads(manager, desk):
    response = manager.client.post(
        manager.url("vendors/"),
        {
            "name": "某某橱柜",
            "agreement_signed_on": "2026-11-30",
            "agreement_file": SimpleUploadedFile("agreement.pdf", b"%PDF-1.4 scan"),
        },
        **manager.headers,
    )
    assert response.status_code == 201, response.content
    assert "vendor-agreements/agreement" in response.json()["agreement_file"]


# --- follow-ups -------------------------------------------------------------------------


def test_follow_up_split_lists_contacts_and_resplit(client, staff, manager, desk):
    guests = [
        desk.guest(f"1391234000{n}", invited_by=desk.staff.user if n < 2 else None)
        for n in range(4)
    ]
    assert manager.post("followups/split/", {"employees": []}).json() == {
        "employees": ["Choose at least one employee to split the list among."]
    }
    assert list(manager.post("followups/split/", {"employees": [10**9]}).json()) == ["employees"]
    assert count(desk, FollowUp) == 0
    assert staff.post("followups/split/", {"employees": [desk.staff.user.pk]}).status_code == 403
    split = manager.post(
        "followups/split/", {"employees": [desk.staff.user.pk, desk.staff2.user.pk]}
    )
    assert split.json() == {"dealt": 4}
    everyone = manager.get("followups/").json()
    assert everyone["count"] == 4
    own = staff.get("followups/").json()
    assert {f["guest"] for f in own["results"]} >= {guests[0].pk, guests[1].pk}
    assert all(f["assignee"] == desk.staff.user.pk for f in own["results"])
    assert staff.get("followups/", assignee=desk.staff2.user.pk).json()["count"] == own["count"]
    theirs = manager.get("followups/", assignee=desk.staff2.user.pk).json()
    assert theirs["count"] == 4 - own["count"]
    foreign = theirs["results"][0]["id"]
    assert staff.get(f"followups/{foreign}/").status_code == 404
    assert staff.post(f"followups/{foreign}/contacts/", {"outcome": "reached"}).status_code == 404
    mine = own["results"][0]["id"]
    assert list(staff.post(f"followups/{mine}/contacts/", {"outcome": "open"}).json()) == [
        "outcome"
    ]
    contact = staff.post(
        f"followups/{mine}/contacts/",
        {"outcome": "visit", "note": "周六量房", "next_date": "2026-12-12"},
    )
    assert contact.status_code == 201, contact.content
    detail = staff.get(f"followups/{mine}/").json()
    assert (detail["outcome"], detail["next_date"], detail["contacts"][0]["note"]) == (
        "visit",
        "2026-12-12",
        "周六量房",
    )
    assert detail["guest_mobile_full"].startswith("1391234000")
    moved = manager.post(
        "followups/resplit/", {"leaver": desk.staff.user.pk, "employees": [desk.staff2.user.pk]}
    )
    assert moved.json() == {"dealt": own["count"]}  # a visit booked is still open
    assert staff.get("followups/").json()["count"] == 0
    nobody = manager.post(
        "followups/resplit/", {"leaver": desk.manager.user.pk, "employees": [desk.staff2.user.pk]}
    )
    assert list(nobody.json()) == ["leaver"]


# --- roles ------------------------------------------------------------------------------


def test_admin_reads_but_does_not_write(admin, desk):
    guest = desk.guest("13912340001")
    for path in ("", "guests/", f"guests/{guest.pk}/", "signings/", "pools/", "dashboard/"):
        assert admin.get(path).status_code == 200, path
    for path, body in [
        ("guests/", {"mobile": "13912340002"}),
        ("check-in/", {"mobile": "13912340001"}),
        ("signings/", {"guest": guest.pk, "contract_total": "1000"}),
        ("offers/", {"name": "x", "size": 1}),
        ("followups/split/", {"employees": [desk.staff.user.pk]}),
    ]:
        assert admin.post(path, body).status_code == 403, path
    assert admin.get("followups/").status_code == 403  # not an employee's list
    assert count(desk, Guest) == 1 and count(desk, Signing) == 0


@pytest.mark.parametrize(
    "method,path",
    [
        ("patch", ""),
        ("post", "offers/"),
        ("post", "pools/"),
        ("post", "pools/{pool}/prizes/"),
        ("post", "pools/{pool}/seal/"),
        ("post", "pools/{pool}/reveal/"),
        ("post", "agenda/"),
        ("post", "vendors/"),
        ("post", "followups/split/"),
        ("post", "followups/resplit/"),
    ],
)
def test_branch_staff_cannot_manage(staff, desk, method, path):
    path = path.format(pool=desk.egg_pool.pk)
    response = getattr(staff, method)(path, {"name": "x", "size": 1, "stock": 1})
    assert response.status_code == 403
    with tenant_context(desk.org):
        assert PrizePool.objects.get(pk=desk.egg_pool.pk).sealed_at is None
    assert count(desk, Quota) == 2 and count(desk, Vendor) == 0


# --- another organization ---------------------------------------------------------------


def _stocked(desk, name="guest"):
    """One of everything, for the cross-tenant sweep."""
    guest = desk.guest("13912340001", name=name)
    lead = desk.guest("13912340002")
    card = services.card_sell(organization=desk.org, event=desk.event, number="51-9", buyer=guest)
    desk.stock_eggs(("Mug", 40, 1))
    signing = desk.sign(guest)
    draw = services.draw_take(organization=desk.org, pool=desk.egg_pool, guest=guest)
    vendor = services.vendor_save(organization=desk.org, event=desk.event, data={"name": "V"})
    services.followups_split(organization=desk.org, event=desk.event, employees=[desk.staff.user])
    with tenant_context(desk.org):
        item = AgendaItem.objects.filter(event=desk.event).first()
        followup = FollowUp.objects.get(guest=lead)
    guest_import = services.guest_import_start(  # a checked guest list (its job run)
        organization=desk.org,
        event=desk.event,
        upload=SimpleUploadedFile(f"{name}.csv", f"手机,姓名\n13912340009,{name}\n".encode()),
    )
    from campaigns import jobs

    jobs.job_run(organization_id=desk.org.pk, job_id=guest_import.job_id)
    from promotions.events.services import invitations

    campaign = invitations.invitation_campaign_save(  # Telecom Day's invitations
        organization=desk.org, event=desk.event, name=name, body="{code}"
    )
    from tests.telecom_world import telecom_world

    telecom = telecom_world(desk.org, name, desk.event, guest, desk.staff)  # items 5–9
    return {
        "gift_id": telecom["gift"].pk,
        "movement_id": telecom["gift_issue"].pk,
        "quiz_question_id": telecom["quiz_question"].pk,
        "wheel_id": telecom["wheel"].pk,
        "spin_id": telecom["spin"].pk,
        "campaign_id": campaign.pk,
        "guest_import_id": guest_import.pk,
        "guest_id": guest.pk,
        "card_id": card.pk,
        "signing_id": signing.pk,
        "quota_id": desk.eggs.pk,
        "pool_id": desk.egg_pool.pk,
        "draw_id": draw.pk,
        "agenda_item_id": item.pk,
        "vendor_id": vendor.pk,
        "followup_id": followup.pk,
    }


def _snapshot(desk):
    with tenant_context(desk.org):
        return {
            model.__name__: sorted(
                json.dumps(row, default=str)
                for row in model.objects.filter(organization=desk.org).values()
            )
            for model in (Guest, Card, Signing, Quota, PrizePool, Prize, Draw, Vendor)
            + (DepositEntry, VendorOrder, FollowUp, GuestImport)
        }


def _event_routes():
    from tests.urlwalk import org_routes

    return [r for r in org_routes() if r.name.startswith("api_event") and r.kwarg_names]


NESTED_ROUTES = [r for r in _event_routes() if set(r.kwarg_names) - {"event_id"}]


@pytest.mark.parametrize("route", NESTED_ROUTES, ids=str)
def test_another_organizations_rows_under_ones_own_event_are_404(client, route):
    from django.urls import reverse
    from django.utils import translation

    with translation.override("en"):
        ours, theirs = EventDesk(), EventDesk()
        ours_ids, theirs_ids = _stocked(ours), _stocked(theirs, name="B-CANARY")
    api = Api(client, ours, ours.manager.user)
    kwargs = {name: theirs_ids[name] for name in route.kwarg_names if name != "event_id"}
    url = reverse(
        route.name, kwargs={"org_slug": ours.org.slug, "event_id": ours.event.pk, **kwargs}
    )
    assert ours_ids  # ours has rows of every kind too: only the foreign ids can miss
    before = _snapshot(theirs)
    for method in ("get", "post", "put", "patch"):
        body = {} if method == "get" else {"data": "{}", "content_type": "application/json"}
        response = getattr(client, method)(url, **body, **api.headers)
        assert response.status_code in (404, 405), (method, response.status_code)
        assert b"B-CANARY" not in response.content
    assert _snapshot(theirs) == before


def test_another_organizations_event_is_404_everywhere(client, desk):
    from django.urls import reverse

    other = EventDesk()
    ids = _stocked(other)
    api = Api(client, desk, desk.manager.user)
    for route in [r for r in _event_routes() if "event_id" in r.kwarg_names]:
        kwargs = {name: ids.get(name, other.event.pk) for name in route.kwarg_names}
        kwargs["event_id"] = other.event.pk
        url = reverse(route.name, kwargs={"org_slug": desk.org.slug, **kwargs})
        for method in ("get", "post"):
            status = getattr(client, method)(url, **api.headers).status_code
            assert status in (404, 405), (url, method, status)
