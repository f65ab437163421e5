"""The one pagination of list APIs (campaigns.pagination), through the SMS message list."""

import pytest

from campaigns.sms import sending
from tests.factories import MembershipFactory, OrganizationFactory, api_token_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def org():
    return OrganizationFactory(slug="pager")


@pytest.fixture
def api(client, org):
    manager = MembershipFactory(organization=org, role="manager")
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {api_token_for(manager.user)}"
    return client


def _send(org, n):
    sending.sms_send_many(
        organization=org,
        messages=[{"to": f"1381234{i:04d}", "body": f"第{i}条"} for i in range(n)],
    )


def test_pages_count_every_row_and_link_the_next(api, org):
    _send(org, 7)
    url = f"/api/v1/{org.slug}/sms/messages/"
    first = api.get(url, {"page_size": 3}).json()
    assert (first["count"], len(first["results"]), first["previous"]) == (7, 3, None)
    assert first["next"].endswith("page=2&page_size=3")
    last = api.get(url, {"page_size": 3, "page": 3}).json()
    assert (len(last["results"]), last["next"]) == (1, None)
    seen = [
        m["id"]
        for page in (1, 2, 3)
        for m in api.get(url, {"page_size": 3, "page": page}).json()["results"]
    ]
    assert len(seen) == len(set(seen)) == 7


def test_the_default_page_is_100_and_says_how_many_there_are(api, org):
    _send(org, 101)
    answer = api.get(f"/api/v1/{org.slug}/sms/messages/").json()
    assert (answer["count"], len(answer["results"])) == (101, 100)
    assert answer["next"] is not None


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"page_size": 501}, {"page_size": ["Ensure this value is less than or equal to 500."]}),
        ({"page_size": 0}, {"page_size": ["Ensure this value is greater than or equal to 1."]}),
        ({"page": "x"}, {"page": ["A valid integer is required."]}),
        ({"page": 0}, {"page": ["Ensure this value is greater than or equal to 1."]}),
        ({"page": 3}, {"page": ["There is only 1 page."]}),
    ],
)
def test_a_bad_page_or_page_size_is_a_400_naming_the_field(api, org, query, errors):
    _send(org, 2)
    answer = api.get(f"/api/v1/{org.slug}/sms/messages/", query)
    assert (answer.status_code, answer.json()) == (400, errors)
