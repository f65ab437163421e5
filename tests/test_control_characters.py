"""NUL and other control characters in a query parameter, a form field or a JSON body
answer 400 with a clear message, everywhere (campaigns.middleware.ControlCharacterMiddleware):
the API as field errors, pages with the 400 page; never a 500, and nothing changes."""

import json

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from campaigns.models import Branch
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from promotions.models import Registration as BundleRegistration
from tests.factories import api_token_for
from tests.urlwalk import org_routes, url_for

pytestmark = pytest.mark.django_db

MESSAGE_EN = "Control characters (such as NUL) are not accepted. Remove them and try again."
with translation.override("zh-hans"):  # the default language (as locale/ has it)
    MESSAGE_ZH = gettext(MESSAGE_EN)


def _api(user):
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {api_token_for(user)}")


def _page(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_nul_in_the_bundle_members_phone_filter_answers_400(world):
    """The one 500 the fuzzer found: ?phone=%00 on the bundle members list."""
    admin = world.a.members[Role.ADMIN].user
    response = _api(admin).get("/api/v1/alpha/bundles/members/?phone=%00")
    assert response.status_code == 400
    assert response.json() == {"phone": [MESSAGE_ZH]}
    response = _api(admin).get(
        "/api/v1/alpha/bundles/members/?phone=%00", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400  # the language comes from the cookie, not the header
    client = _page(admin)
    client.cookies["django_language"] = "en"
    response = client.get("/alpha/bundles/?phone=138%0000")
    assert response.status_code == 400
    assert MESSAGE_EN in response.content.decode()
    assert "Field: phone" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["phone=%00", "q=a%00b", "page=%01", "status=%1b", "day=2026-01-01%7f", "x%00y=1"],
)
def test_every_list_page_and_api_endpoint_answers_400(world, query):
    """Every route under an organization, page and API, for a signed-in admin."""
    admin = world.a.members[Role.ADMIN].user
    api, page = _api(admin), _page(admin)
    answers = {}
    for route in org_routes():
        url = f"{url_for(route, world.a)}?{query}"
        response = (api if route.api else page).get(url)
        answers[url] = response.status_code
        if route.api:
            field = "non_field_errors" if query.startswith("x%00") else query.split("=")[0]
            assert response.json() == {field: [MESSAGE_ZH]}, url
    assert set(answers.values()) == {400}, {u: s for u, s in answers.items() if s != 400}


def test_public_pages_and_the_sign_in_answer_400(world):
    client = Client(raise_request_exception=False)
    assert client.get("/accounts/login/?next=%00").status_code == 400
    response = client.post("/accounts/login/", {"username": "alpha_admin\x00", "password": "x"})
    assert response.status_code == 400
    assert client.post("/api/v1/auth/token/", {"username": "a\x00"}).json() == {
        "username": [MESSAGE_ZH]
    }


def test_tab_and_line_breaks_in_form_text_are_fine(world):
    admin = world.a.members[Role.ADMIN].user
    response = _page(admin).post("/alpha/branches/", {"name": "城东\t门店\r\n"})
    assert response.status_code in (200, 302)
    assert _api(admin).get("/api/v1/alpha/bundles/members/?phone=%0A").status_code == 200


def test_nul_in_a_form_field_answers_400_and_changes_nothing(world):
    admin = world.a.members[Role.ADMIN].user
    with tenant_context(world.a.org):
        before = list(Branch.objects.for_org(world.a.org).values_list("name", flat=True))
    client = _page(admin)
    response = client.post("/alpha/branches/", {"name": "城东\x00门店"})
    assert response.status_code == 400
    assert MESSAGE_ZH in response.content.decode()
    assert "<html" in response.content.decode()  # the whole 400 page
    response = client.post("/alpha/branches/", {"name": "城东\x00门店"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "<html" not in response.content.decode()  # htmx swaps the fragment in
    assert MESSAGE_ZH in response.content.decode()
    with tenant_context(world.a.org):
        after = list(Branch.objects.for_org(world.a.org).values_list("name", flat=True))
    assert after == before


def test_nul_in_a_multipart_form_field_answers_400(world):
    admin = world.a.members[Role.ADMIN].user
    response = _page(admin).post("/alpha/branches/", {"name": "a\x00"}, format="multipart")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"form_number": "F\u0000-1"}, "form_number"),
        ({"members": [{"phone": "1380000000\u0001"}]}, "members"),
        ({"form\u0000": "x"}, "non_field_errors"),
        (["\u0000"], "non_field_errors"),
        ({"form_number": "F-1\x7f"}, "form_number"),  # DEL may come raw in JSON
    ],
)
def test_nul_in_a_json_body_answers_400_and_changes_nothing(world, body, field):
    staff = world.a.members[Role.BRANCH_STAFF].user
    with tenant_context(world.a.org):
        before = BundleRegistration.objects.for_org(world.a.org).count()
    response = _api(staff).post(
        "/api/v1/alpha/bundles/registrations/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {field: [MESSAGE_ZH]}
    response = _api(staff).patch(
        f"/api/v1/alpha/bundles/registrations/{world.a.registration.pk}/",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 400
    with tenant_context(world.a.org):
        assert BundleRegistration.objects.for_org(world.a.org).count() == before


def test_an_escaped_backslash_is_not_a_control_character(world):
    """ "\\\\u0000" in JSON is the six characters \\u0000, not NUL: the view answers."""
    staff = world.a.members[Role.BRANCH_STAFF].user
    response = _api(staff).post(
        "/api/v1/alpha/bundles/registrations/",
        '{"form_number": "\\\\u0000"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "form_number" not in response.json() or response.json()["form_number"] != [MESSAGE_ZH]


def test_the_sms_webhook_cleans_its_own_fields():
    """The provider's batch is not refused for one odd field (campaigns.sms.inbound)."""
    from campaigns.sms.webhook import sms_webhook

    assert sms_webhook.control_characters_allowed is True
