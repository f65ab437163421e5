"""Telecom Day's API and pages (items 5–9): the whole path through the endpoints, field
errors as 400s, tenant rules (another organization's rows are 404 or a field error) and
role rules (403), the pages at a desk, the recipients' XLSX and the plan task that turns
red when gifts are not in stock by T−3."""

import datetime
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from campaigns.models import Membership
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from tests.factories import MembershipFactory

from .telecom_gifts_support import TelecomDesk

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(db):
    with translation.override("en"):
        yield TelecomDesk(), TelecomDesk()


def api(member):
    client = APIClient()
    client.force_authenticate(member.user)
    return client


def url(tc, tail=""):
    return f"/api/v1/{tc.org.slug}/events/{tc.event.pk}/{tail}"


def test_the_telecom_day_path_through_the_api(two):
    tc, _other = two
    manager, staff = api(tc.manager), api(tc.staff)
    guest = tc.guest("13912340001", name="张三")
    # gifts: add, order, receive, issue, return
    r = manager.post(url(tc, "gifts/"), {"name": "电信日大礼包", "kind": "gift_bag"}, format="json")
    assert r.status_code == 201, r.content
    gift = r.json()["id"]
    assert manager.post(url(tc, f"gifts/{gift}/order/"), {"quantity": 2}).status_code == 200
    r = manager.post(url(tc, f"gifts/{gift}/receive/"), {"quantity": 1})
    assert r.json()["left"] == 1
    issue = staff.post(
        url(tc, f"gifts/{gift}/movements/"), {"guest": guest.pk, "reason": "gift_bag"}
    )
    assert issue.status_code == 201, issue.content
    r = staff.post(url(tc, f"gifts/{gift}/movements/"), {"guest": guest.pk, "reason": "gift_bag"})
    assert r.status_code == 400 and "out of stock" in r.content.decode()
    r = staff.post(url(tc, f"gift-issues/{issue.json()['id']}/return/"), {})
    assert r.status_code == 201
    assert manager.get(url(tc, f"gifts/{gift}/")).json()["left"] == 1
    assert manager.get(url(tc, f"gifts/{gift}/movements/")).json()["count"] == 4
    # birthday
    number = tc.birthday_id(1979)
    r = staff.post(url(tc, "birthday/check/"), {"id_number": number})
    assert r.status_code == 200 and r.json()["id_masked"].startswith("110105********")
    r = staff.post(url(tc, "birthday/"), {"id_number": number, "desk": "A"})
    assert r.status_code == 201 and number not in r.content.decode()
    r = staff.post(url(tc, "birthday/"), {"id_number": number, "desk": "B"})
    assert r.status_code == 400 and "desk “A”" in r.json()["id_number"][0]
    r = staff.post(url(tc, "birthday/"), {"id_number": "110105197905171230"})
    assert r.status_code == 400 and "id_number" in r.json()
    assert manager.get(url(tc, "birthday/")).json()["count"] == 1
    # quiz and wheel
    r = manager.post(
        url(tc, "quiz/"), {"text": "问?", "choices": ["对", "错"], "answer": 0}, format="json"
    )
    assert r.status_code == 201
    r = manager.post(
        url(tc, "quiz/"), {"text": "问?", "choices": ["x"], "answer": 0}, format="json"
    )
    assert r.status_code == 400 and "choices" in r.json()
    wheel = manager.get(url(tc, "wheels/")).json()["results"][0]
    pool = wheel["pool"]
    assert (
        manager.post(
            url(tc, f"pools/{pool}/prizes/"), {"name": "流量包", "stock": 2, "weight": 1}
        ).status_code
        == 201
    )
    spin = staff.post(url(tc, f"wheels/{wheel['id']}/spins/"), {"guest": guest.pk}).json()
    with tenant_context(tc.org):
        from promotions.events.models import QuizQuestion

        right = QuizQuestion.objects.get(pk=spin["question"]).answer
    r = staff.post(url(tc, f"wheels/{wheel['id']}/spins/{spin['id']}/answer/"), {"answer": right})
    assert r.status_code == 200 and r.json()["correct"] is True
    r = staff.post(url(tc, f"wheels/{wheel['id']}/spins/{spin['id']}/draw/"), {})
    assert r.status_code == 400 and "not sealed" in r.content.decode()
    assert manager.post(url(tc, f"pools/{pool}/seal/"), {}).status_code == 200
    r = staff.post(url(tc, f"wheels/{wheel['id']}/spins/{spin['id']}/draw/"), {})
    assert r.status_code == 200 and r.json()["draw"] is not None
    r = staff.post(url(tc, f"wheels/{wheel['id']}/spins/{spin['id']}/answer/"), {"answer": right})
    assert r.status_code == 400 and "spin is used" in r.json()["answer"][0]
    # desk sales and their totals
    r = staff.post(url(tc, "desk-sales/"), {"guest": guest.pk, "line": "bundle", "amount": "1,200"})
    assert r.status_code == 201, r.content
    r = staff.post(
        url(tc, "desk-sales/"),
        {"guest": guest.pk, "line": "data", "amount": "30", "staff": tc.staff2.user_id},
    )
    assert r.status_code == 400 and "staff" in r.json()
    r = manager.get(url(tc, "desk-sales/totals/"))
    assert r.json()[0]["amount"] == "1200.00"
    # after the event
    r = manager.put(
        url(tc, "telecom-settings/"),
        {"second_development_days": 14, "second_development_target": "90"},
        format="json",
    )
    assert r.status_code == 200
    r = manager.put(
        url(tc, "telecom-settings/"),
        {"second_development_days": 0, "second_development_target": "190"},
        format="json",
    )
    assert r.status_code == 400 and set(r.json()) == {
        "second_development_days",
        "second_development_target",
    }
    r = manager.put(url(tc, "telecom-settings/"), {}, format="json")
    assert r.status_code == 400 and "second_development_days" in r.json()
    assert manager.post(url(tc, "telecom-lists/split/"), {}).status_code == 200
    figures = manager.get(url(tc, "second-development/")).json()
    assert figures["period_days"] == 14 and figures["target"] == "90.00"
    xlsx = manager.get(url(tc, "gift-recipients.xlsx"))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][5] == "ID number (masked)"
    masked = [r[5] for r in rows[1:] if r[5]]
    assert masked == [number[:6] + "********" + number[14:]]
    assert all(number not in str(cell) for row in rows for cell in row)


def test_another_organizations_rows_are_404_or_a_field_error(two):
    a, b = two
    b_guest = b.guest("13912340002")
    staff = api(a.staff)
    gift_b = b.birthday_gift.pk
    assert staff.get(url(a, f"gifts/{gift_b}/")).status_code == 404
    assert staff.post(url(b, "birthday/"), {"id_number": b.birthday_id()}).status_code == 404
    r = staff.post(
        url(a, f"gifts/{a.birthday_gift.pk}/movements/"), {"guest": b_guest.pk, "reason": "other"}
    )
    assert r.status_code == 400 and "guest" in r.json()
    r = staff.post(url(a, f"wheels/{a.wheel.pk}/spins/"), {"guest": b_guest.pk})
    assert r.status_code == 400 and "guest" in r.json()
    assert staff.post(url(a, f"wheels/{b.wheel.pk}/spins/"), {"guest": 1}).status_code == 404
    r = staff.post(url(a, "desk-sales/"), {"guest": b_guest.pk, "line": "data", "amount": "5"})
    assert r.status_code == 400 and "guest" in r.json()
    manager = api(a.manager)
    r = manager.post(
        url(a, "desk-sales/"),
        {
            "guest": a.guest("13912340003").pk,
            "line": "data",
            "amount": "5",
            "staff": b.staff.user_id,
        },
    )
    assert r.status_code == 400 and "staff" in r.json()
    with tenant_context(b.org):
        from promotions.events.models import Prize

        b_prize = Prize.objects.create(organization=b.org, pool=b.wheel.pool, name="x", stock=1)
    r = manager.post(url(a, "gifts/"), {"name": "x", "prize": b_prize.pk}, format="json")
    assert r.status_code == 400 and "prize" in r.json()
    assert manager.get(url(b, "second-development/")).status_code == 404
    assert manager.get(url(b, "gift-recipients.xlsx")).status_code == 404


def test_roles(two):
    tc, _other = two
    admin = MembershipFactory(organization=tc.org, role=Role.ADMIN)
    with tenant_context(tc.org):
        admin = Membership.objects.select_related("user").get(pk=admin.pk)
    guest = tc.guest("13912340004")
    staff, admin_api = api(tc.staff), api(admin)
    gift = tc.birthday_gift.pk
    assert staff.post(url(tc, "gifts/"), {"name": "x"}).status_code == 403
    assert staff.post(url(tc, f"gifts/{gift}/order/"), {"quantity": 1}).status_code == 403
    assert staff.post(url(tc, "quiz/"), {}).status_code == 403
    assert staff.post(url(tc, "wheels/"), {}).status_code == 403
    assert staff.post(url(tc, "telecom-lists/split/"), {}).status_code == 403
    assert staff.get(url(tc, "gift-recipients.xlsx")).status_code == 403
    assert staff.get(url(tc, "second-development/")).status_code == 200
    assert admin_api.get(url(tc, "gifts/")).status_code == 200
    assert admin_api.post(url(tc, "birthday/"), {"id_number": tc.birthday_id()}).status_code == 403
    r = admin_api.post(url(tc, f"wheels/{tc.wheel.pk}/spins/"), {"guest": guest.pk})
    assert r.status_code == 403
    r = admin_api.post(url(tc, "desk-sales/"), {"guest": guest.pk, "line": "data", "amount": "5"})
    assert r.status_code == 403
    assert admin_api.get(url(tc, "quiz/")).status_code == 403  # the answers are the desks'


def test_the_pages_at_the_desk(two, client):
    tc, _other = two
    client.force_login(tc.staff.user)
    base = f"/{tc.org.slug}/events/{tc.event.pk}/telecom/"
    for tail in (
        "",
        "birthday/",
        "gifts/",
        f"gifts/{tc.birthday_gift.pk}/",
        "quiz/",
        "wheels/",
        f"wheels/{tc.wheel.pk}/",
        "desk-sales/",
        "second-development/",
    ):
        assert client.get(base + tail).status_code == 200, tail
    number = tc.birthday_id(1990)
    r = client.post(base + "birthday/", {"id_number": number, "desk": "D1", "action": "give"})
    assert r.status_code == 200 and "birthday-given" in r.content.decode()
    r = client.post(base + "birthday/", {"id_number": number, "desk": "D2", "action": "give"})
    assert r.status_code == 400 and "D1" in r.content.decode()
    assert client.post(base + "gifts/", {"name": "x", "kind": "other"}).status_code == 403
    dashboard = client.get(f"/{tc.org.slug}/events/{tc.event.pk}/dashboard/").content.decode()
    assert 'data-testid="dashboard-gifts"' in dashboard
    assert f'data-testid="left-{tc.birthday_gift.pk}">49<' in dashboard
    assert client.get(base + "gift-recipients.xlsx").status_code == 403


def test_the_gift_task_turns_red_when_gifts_are_not_in_stock_by_t_minus_3(db, client):
    with translation.override("en"):
        soon = datetime.date.today() + datetime.timedelta(days=2)  # T−3 is yesterday
        tc = TelecomDesk(date=soon, birthday_stock=0)
        from promotions.events.services import gift_stock

        gift_stock.gift_order(organization=tc.org, item=tc.birthday_gift, quantity=30)
    client.force_login(tc.manager.user)
    page = client.get(f"/{tc.org.slug}/plans/{tc.plan.pk}/").content.decode()
    assert 'data-testid="task-late"' in page
    assert "礼品全部到位" in page and "生日礼品 0/30" in page
    gift_stock.gift_receive(organization=tc.org, item=tc.birthday_gift, quantity=30)
    page = client.get(f"/{tc.org.slug}/plans/{tc.plan.pk}/").content.decode()
    assert 'data-testid="task-late"' not in page
