"""Bad query parameters (dates, months, pages, ids) answer 400 with a message that names
what is wrong — the page with its navigation, or the API's field error — never a silent
fallback (`?day=2026-13-45` on the battle report used to show the report of today). An
absent parameter still takes its default; a well-formed id that is not there is a 404."""

import pytest
from django.urls import reverse

from campaigns.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_role(client, world, in_english):
    def sign_in(role):
        client.force_login(world.a.members[role].user)
        return client

    return sign_in


def _bad_query_page(response, name, message):
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="bad-query"' in page
    assert f"In “{name}”:" in page
    assert message in page
    assert '<nav class="mainnav"' in page  # the page, not a bare error


def _url(name, world, **kwargs):
    return reverse(name, kwargs={"org_slug": world.a.org.slug, **kwargs})


# -- dates -------------------------------------------------------------------------------


def test_the_battle_report_refuses_a_day_that_is_no_date(as_role, world):
    url = _url("contest_battle_report", world, contest_id=world.a.contest.pk)
    client = as_role(Role.MANAGER)
    _bad_query_page(
        client.get(url, {"day": "2026-13-45"}),
        "day",
        "“2026-13-45” is not a date: give it as YYYY-MM-DD, e.g. 2026-03-15.",
    )
    _bad_query_page(
        client.get(url, {"day": "2026-1-2"}), "day", "“2026-1-2” is not a date"
    )  # not the format the page writes
    _bad_query_page(
        client.get(url, {"day": "2025-12-31"}),
        "day",
        "2025-12-31 is outside the contest, which runs from 2026-01-01 to 2026-01-31.",
    )
    assert client.get(url, {"day": "2026-01-02"}).status_code == 200
    assert client.get(url).status_code == 200  # no day: the default one
    assert client.get(url, {"day": ""}).status_code == 200


def test_the_tracking_page_refuses_a_day_that_is_no_date(as_role, world):
    url = _url("contest_tracking", world, contest_id=world.a.contest.pk)
    _bad_query_page(
        as_role(Role.BRANCH_STAFF).get(url, {"day": "2026-02-30"}), "day", "“2026-02-30”"
    )


def test_evaluations_refuse_a_day_without_an_evaluation(as_role, world):
    url = _url("contest_evaluations", world, contest_id=world.a.contest.pk)
    client = as_role(Role.MANAGER)
    _bad_query_page(client.get(url, {"a": "soon"}), "a", "“soon” is not a date")
    _bad_query_page(
        client.get(url, {"b": "2001-01-01"}),
        "b",
        "There is no evaluation of 2001-01-01: choose one of the days listed.",
    )
    assert client.get(url).status_code == 200


def test_the_bundle_report_refuses_a_day_that_is_no_date(as_role, world):
    client = as_role(Role.MANAGER)
    for name in ("bundle_report", "bundle_report_xlsx"):
        _bad_query_page(client.get(_url(name, world), {"day": "2026-13-45"}), "day", "“2026-13-45”")
    assert client.get(_url("bundle_report", world), {"day": "2026-01-02"}).status_code == 200


def test_the_channel_statement_refuses_a_month_that_is_no_month(as_role, world):
    url = _url("bundle_channel", world, channel_id=world.a.channel.pk)
    client = as_role(Role.MANAGER)
    _bad_query_page(
        client.get(url, {"month": "2026-13"}),
        "month",
        "“2026-13” is not a month: give it as YYYY-MM, e.g. 2026-03.",
    )
    assert client.get(url, {"month": "2026-01"}).status_code == 200
    assert client.get(url).status_code == 200


# -- pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "kwargs", "role"),
    [
        ("contest_detail", lambda w: {"contest_id": w.a.contest.pk}, Role.MANAGER),
        ("sms_outbox", lambda w: {}, Role.MANAGER),
        ("franchise_territories", lambda w: {}, Role.MANAGER),
        ("event_guests", lambda w: {"event_id": w.a.events.event.pk}, Role.MANAGER),
        (
            "event_pool",
            lambda w: {"event_id": w.a.events.event.pk, "pool_id": w.a.events.pool.pk},
            Role.MANAGER,
        ),
    ],
)
def test_lists_refuse_a_page_that_is_not_there(as_role, world, route, kwargs, role):
    url = _url(route, world, **kwargs(world))
    client = as_role(role)
    for value in ("x", "0", "-1", "1e3", "٣"):
        _bad_query_page(
            client.get(url, {"page": value}),
            "page",
            f"“{value}” is not a page number: pages are numbered from 1.",
        )
    _bad_query_page(client.get(url, {"page": "99"}), "page", "There is only 1 page.")
    assert client.get(url, {"page": "1"}).status_code == 200
    assert client.get(url).status_code == 200


def test_a_long_or_nul_value_is_quoted_short_and_clean(as_role, world):
    url = _url("sms_outbox", world)
    response = as_role(Role.MANAGER).get(url, {"page": "x" + "9" * 5000})
    _bad_query_page(response, "page", "“x" + "9" * 39 + "…”")
    # A NUL is refused before any view reads the parameter (ControlCharacterMiddleware).
    response = as_role(Role.MANAGER).get(url, {"page": "x\x00" + "9" * 5000})
    assert response.status_code == 400
    assert "Control characters" in response.content.decode()
    assert "\x00" not in response.content.decode()


# -- filters and ids ---------------------------------------------------------------------


def test_the_territory_filter_says_what_it_cannot_read_and_shows_no_rows(as_role, world):
    url = _url("franchise_territories", world)
    response = as_role(Role.MANAGER).get(url, {"planned_phase": "first"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a number." in page
    assert world.a.franchise.territory.name not in page  # not every territory, unfiltered


def test_the_import_page_refuses_a_batch_that_is_no_id(as_role, world):
    url = _url("contest_import", world, contest_id=world.a.contest.pk)
    client = as_role(Role.BRANCH_STAFF)
    _bad_query_page(
        client.get(url, {"batch": "abc"}),
        "batch",
        "“abc” is not a number that names a record.",
    )
    assert client.get(url, {"batch": "999999"}).status_code == 404
    assert client.get(url, {"batch": str(world.b.import_batch.pk)}).status_code == 404
    assert client.get(url, {"batch": str(world.a.import_batch.pk)}).status_code == 200


def test_hospital_coverage_refuses_a_territory_that_is_no_id_or_not_there(as_role, world):
    url = _url("franchise_hospitals", world)
    client = as_role(Role.MANAGER)
    _bad_query_page(client.get(url, {"territory": "all"}), "territory", "“all”")
    assert client.get(url, {"territory": "999999"}).status_code == 404
    assert client.get(url, {"territory": str(world.b.franchise.territory.pk)}).status_code == 404
    chosen = client.get(url, {"territory": str(world.a.franchise.territory.pk)})
    assert chosen.status_code == 200


def test_a_followup_list_refuses_an_employee_that_is_no_id(as_role, world):
    url = _url("event_my_followups", world, event_id=world.a.events.event.pk)
    _bad_query_page(
        as_role(Role.MANAGER).get(url, {"employee": "me"}),
        "employee",
        "“me” is not a number that names a record.",
    )


def test_the_entry_preview_says_what_is_typed_is_no_amount(as_role, world):
    url = _url("contest_entry_preview", world, contest_id=world.a.contest.pk)
    client = as_role(Role.BRANCH_STAFF)
    bad = client.get(url, {"premium": "abc"}, headers={"HX-Request": "true"})
    assert bad.status_code == 400
    assert "“abc” is not an amount." in bad.content.decode()
    assert 'data-testid="entry-totals"' in bad.content.decode()  # the totals still show
    good = client.get(url, {"premium": "1,000"}, headers={"HX-Request": "true"})
    assert good.status_code == 200
    assert "is not an amount" not in good.content.decode()


# -- the API -----------------------------------------------------------------------------


def test_the_bundle_member_api_refuses_a_partial_phone(world):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.a.members[Role.MANAGER].user)
    url = reverse("api_bundle_members", kwargs={"org_slug": world.a.org.slug})
    response = api.get(url, {"phone": "1380000"})
    assert response.status_code == 400
    assert response.json()["phone"] == ["请输入11位中国大陆手机号码。"]  # the organization's
    found = api.get(url, {"phone": "138 0000 0000"})
    assert found.status_code == 200
    assert [m["phone"] for m in found.json()["results"]] == ["138****0000"]  # masked
