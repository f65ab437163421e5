"""Bad input never answers 500: every write endpoint, fed malformed values, answers a 4xx
(the API with field errors, pages with their form errors) or succeeds.

API routes: the OpenAPI schema (drf-spectacular) names each write operation's body
properties and their types; each property in turn gets values of the wrong type and odd
values of the right one, on top of an otherwise plausible body (so the services, not only
the serializers, see them). Pages: every POST form a page renders (and every POST-only
action) gets odd values in every field it names. Every role is signed in in turn (each
reaches its own write paths: branch staff their entries, a franchisee their revenue and
questions). The provider webhook and the token endpoint get the same treatment, and every
page and API read odd query strings.

Each request runs in a savepoint rolled back afterwards: every body meets the same world,
and one request's effects cannot hide (or cause) another's error. Failures are collected,
so one run lists every (method, URL, body) that answered 500, with the traceback's tail.
"""

import functools
import html
import json
import logging
import re
import time
import traceback
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from campaigns.roles import Role
from tests.factories import PASSWORD, api_token_for
from tests.urlwalk import org_routes, url_for

pytestmark = pytest.mark.django_db

ROUTES = org_routes()
ROLES = tuple(Role)  # every role: each reaches its own write paths
WRITE_METHODS = ("post", "put", "patch")
LONG = "x" * 5000
NUL = "a\x00b"
# A JSON document nested deeper than any parser's recursion limit.
DEEP_JSON = b"[" * 100_000 + b"]" * 100_000


def _module_of(route):
    """The module of a route's view: the tests are grouped by it."""
    kwargs = {"org_slug": "x", **route.fixed, **{name: 1 for name in route.kwarg_names}}
    func = resolve(reverse(route.name, kwargs=kwargs)).func
    return getattr(func, "cls", func).__module__


def _write_methods(url):
    """The write methods an API view answers."""
    cls = resolve(url).func.cls
    return [m for m in WRITE_METHODS if hasattr(cls, m) and m in cls.http_method_names]


def _api_groups():
    """{view module: its API routes that take writes}."""
    groups = {}
    for route in ROUTES:
        kwargs = {"org_slug": "x", **route.fixed, **{name: 1 for name in route.kwarg_names}}
        if route.api and _write_methods(reverse(route.name, kwargs=kwargs)):
            groups.setdefault(_module_of(route), []).append(route)
    return groups


API_GROUPS = _api_groups()
PAGE_ROUTE_NAMES = {route.name for route in ROUTES if not route.api}


@pytest.fixture(autouse=True)
def _quiet_logs():
    """Thousands of 4xx (and any 5xx, and failed sign-ins) would each log a line; the
    failures carry their own traceback tails."""
    loggers = [logging.getLogger(name) for name in ("django.request", "axes")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


# -- sending and recording -----------------------------------------------------------------


class Body:
    """One request body: JSON (any value), raw bytes sent as application/json, or a
    multipart form (files included)."""

    def __init__(self, kind, payload, label=None):
        self.kind, self.payload, self.label = kind, payload, label

    def __str__(self):
        if self.label:
            return self.label
        if self.kind == "raw":
            return f"raw {_abbrev(self.payload)!r}"
        return f"{self.kind} {_abbrev(self.payload)!r}"


def _abbrev(value):
    """The value with long strings shortened, for readable failure messages."""
    if isinstance(value, str | bytes) and len(value) > 60:
        return f"<{len(value)} {type(value).__name__}: {value[:12]!r}…>"
    if isinstance(value, dict):
        return {k: _abbrev(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_abbrev(v) for v in value[:5]] + (["…"] if len(value) > 5 else [])
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**18:
        return f"<int {str(value)[:6]}… ({len(str(value))} digits)>"
    return value


PROJECT = str(Path(__file__).resolve().parents[1])


def _tail(response):
    """The exception's telling frames, outermost first: the innermost of the project's
    code, the innermost of a library's below it, and the last two; then the exception."""
    info = getattr(response, "exc_info", None)
    if not info:
        return "    (no exception recorded)"
    frames = traceback.extract_tb(info[2])
    ours = [
        n
        for n, f in enumerate(frames)
        if f.filename.startswith(PROJECT) and "/.venv/" not in f.filename
    ]
    libraries = [
        n
        for n, f in enumerate(frames)
        if "site-packages" in f.filename and n > max(ours, default=-1)
    ]
    shown = sorted({*ours[-1:], *libraries[-1:], *range(len(frames))[-2:]})
    lines = [
        f"{f.filename.removeprefix(PROJECT + '/')}:{f.lineno} in {f.name}: {f.line}"
        for f in (frames[n] for n in shown)
    ]
    lines.append(traceback.format_exception_only(info[0], info[1])[-1].strip())
    return "\n".join("    " + line for line in lines)


def _send(client, method, url, body, **extra):
    """One request inside a savepoint that is rolled back afterwards."""
    if body.kind == "multipart":
        for value in body.payload.values():
            if isinstance(value, SimpleUploadedFile):
                value.seek(0)
    with transaction.atomic():
        if body.kind == "json":
            response = getattr(client, method)(
                url, json.dumps(body.payload), content_type="application/json", **extra
            )
        elif body.kind == "raw":
            response = getattr(client, method)(
                url, body.payload, content_type="application/json", **extra
            )
        else:
            response = getattr(client, method)(url, body.payload, **extra)
        transaction.set_rollback(True)
    return response


class Sweep:
    """Sends bodies, collects every 5xx, and counts the answers: a sweep whose bodies all
    stopped at the door (signed out, a bad signature, 404) would prove nothing, so each
    test also says which answers it must have seen."""

    def __init__(self):
        self.failures = []
        self.sent = 0
        self.answers = Counter()

    def send(self, who, client, method, url, body, **extra):
        self.sent += 1
        response = _send(client, method, url, body, **extra)
        self.answers[response.status_code] += 1
        if response.status_code >= 500:
            self.failures.append(
                f"[{who}] {method.upper()} {url} {body} → {response.status_code}\n{_tail(response)}"
            )
        return response

    def check(self, *, refused=True, accepted=True):
        """`refused`: some body reached validation (400); `accepted`: some succeeded."""
        assert self.sent, "nothing was sent"
        if self.failures:
            pytest.fail(
                f"{len(self.failures)} of {self.sent} requests answered 5xx:\n"
                + "\n".join(self.failures),
                pytrace=False,
            )
        if refused:
            assert self.answers[400], f"no request reached validation: {dict(self.answers)}"
        if accepted:
            assert any(200 <= status < 400 for status in self.answers), (
                f"no request succeeded: {dict(self.answers)}"
            )


# -- the API: bodies from the OpenAPI schema -----------------------------------------------


@functools.cache
def _schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@functools.cache
def _schema_paths():
    return [
        (re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"), item)
        for path, item in _schema()["paths"].items()
    ]


def _operation(url, method):
    """The schema's operation for a concrete URL; where several paths match (a parameter
    also matches a literal segment: policies/{policy_id}/ and policies/import/), the one
    with the fewest parameters."""
    matches = [
        (pattern.pattern.count("[^/]+"), item)
        for pattern, item in _schema_paths()
        if pattern.match(url)
    ]
    if not matches:
        return None
    return min(matches, key=lambda match: match[0])[1].get(method)


def _resolve(schema):
    """Follow $ref and single-element allOf (keeping the outer keys: nullable, title)."""
    schema = dict(schema or {})
    while "$ref" in schema or len(schema.get("allOf", ())) == 1:
        ref = schema.pop("$ref", None) or schema.pop("allOf")[0].get("$ref")
        target = _schema()["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        schema = {**target, **schema}
    return schema


def _request_schema(operation):
    """(properties, content types) of the operation's request body."""
    body = (operation or {}).get("requestBody")
    if not body:
        return {}, ()
    content = body["content"]
    chosen = content.get("application/json") or next(iter(content.values()))
    schema = _resolve(chosen.get("schema"))
    props = {
        name: _resolve(prop)
        for name, prop in schema.get("properties", {}).items()
        if not prop.get("readOnly")
    }
    return props, tuple(content)


def _odd_values(prop):
    """Wrong types and odd values for one property."""
    kind, fmt = prop.get("type"), prop.get("format")
    odd = [None, {"x": 1}]
    if "enum" in prop:
        return [*odd, ["x"], "no-such-choice", 1, LONG, NUL]
    if kind == "string":
        odd += [
            ["x"],
            12345,
            True,
            LONG,
            NUL,
            "",
            "abc",
            "1e400",
            "NaN",
            "-0",
            "9" * 40,
            "2026-13-45",
            "9999999-01-01",
        ]
        if fmt in ("date", "date-time"):
            odd += ["2026-02-30", "0000-01-01", "2026-01-01T25:61:00"]
        return odd
    if kind in ("integer", "number"):
        return [
            *odd,
            ["x"],
            "abc",
            10**40,
            -(10**40),
            -1,
            0,
            2**63,
            1.5,
            "1e400",
            "NaN",
            "-0",
            "9" * 40,
            True,
            LONG,
        ]
    if kind == "boolean":
        return [*odd, ["x"], "abc", 2, LONG]
    if kind == "array":
        odd += ["abc", 1, [None], [[]], [{}], [LONG], [1] * 1000]
        item = _resolve(prop.get("items"))
        if item.get("properties"):
            base = {name: _plausible_by_type(p) for name, p in item["properties"].items()}
            odd += [
                [{**base, name: value}]
                for name, p in item["properties"].items()
                for value in _odd_values(_resolve(p))
            ]
        return odd
    return [*odd, ["x"], "abc", LONG]


def _plausible_by_type(prop):
    if "enum" in prop:
        return next(v for v in prop["enum"] if v not in ("", None))
    kind, fmt = prop.get("type"), prop.get("format")
    if kind == "string":
        return {"date": "2026-01-05", "date-time": "2026-01-05T10:00:00Z", "decimal": "1.00"}.get(
            fmt, "plausible"
        )
    return {"integer": 1, "number": 1, "boolean": True, "array": [], "object": {}}.get(kind)


def _plausible(o, extra, route_name, name, prop):
    """A value the endpoint would likely accept, so the odd value next to it gets as far
    into the code as it can."""
    by_route = {
        ("api_franchise_agreements", "territory"): extra["open_territory"].pk,
        ("api_plans", "template"): "",
        ("api_plan_transition", "status"): "approved",
        ("api_token", "username"): o.members[Role.MANAGER].user.username,
        ("api_tasks", "due_date"): None,  # a task has a due date or an offset, not both
        ("api_tasks_item", "due_date"): None,
        ("api_event_followups_split", "employees"): [o.members[Role.BRANCH_STAFF].user.pk],
        ("api_event_followups_resplit", "leaver"): o.members[Role.BRANCH_STAFF].user.pk,
        ("api_event_followups_resplit", "employees"): [o.members[Role.MANAGER].user.pk],
        ("api_event_followup_contacts", "outcome"): "reached",
        ("api_event_cards", "buyer"): o.events.guest.pk,
        ("api_event_vendor_orders", "guest"): o.events.guest.pk,
        ("api_event_pool_draws", "guest"): o.events.guest.pk,
        ("api_bundle_registrations", "members"): [
            {"phone": f"1380001{n:04d}", "short_number": str(661101 + n)} for n in range(10)
        ],
    }
    by_name = {
        "agent_code": o.agent.code,
        "number": "BAD-INPUT-1",
        "premium": "1000",
        "card_number": "C-BAD-INPUT",
        "territory": o.franchise.territory.pk,
        "franchisee": o.franchise.franchisee.pk,
        "model": "B",
        "franchise_fee": "1000",
        "deposit": "0",
        "allotment_share": "30",
        "royalty_rate": "5",
        "month": "2026-02",
        "revenue": "1000",
        "hospital": o.franchise.hospital.pk,
        "service": o.franchise.service.number,
        "branch": o.branch.pk,
        "tier": o.registration.tier_id,
        "form_number": "BAD-INPUT-FORM",
        "initiator_phone": "13900000001",
        "phone": "13800000999",
        "members": "Zhang San",
        "code": extra["coupon_code"],
        "short_number": None,
        "stage": o.parts["stages"].pk,
        "activated": True,
        "reason": "",
        "password": PASSWORD,
        "direction": "down",
        "offset_days": 1,
    }
    if (route_name, name) in by_route:
        return by_route[route_name, name]
    if name in by_name:
        return by_name[name]
    return _plausible_by_type(prop)


def _find_version(data):
    if isinstance(data, dict):
        if isinstance(data.get("version"), int):
            return data["version"]
        for value in data.values():
            found = _find_version(value)
            if found is not None:
                return found
    return None


def _api_bodies(o, extra, route_name, operation, version):
    """Every body for one write operation."""
    props, content_types = _request_schema(operation)
    yield Body("json", None)
    yield Body("json", {})
    yield Body("json", [])
    yield Body("json", [{}])
    yield Body("json", "abc")
    yield Body("json", 12345)
    yield Body("raw", b'{"title": ', "raw: truncated JSON")
    yield Body("raw", b"this is not JSON", "raw: not JSON")
    yield Body("raw", b"\xff\xfe\x00\x00", "raw: not UTF-8")
    yield Body("raw", b"", "raw: empty")
    if not props:
        return
    base = {
        name: _plausible(o, extra, route_name, name, prop)
        for name, prop in props.items()
        if prop.get("format") != "binary"
    }
    if "version" in props and version is not None:
        base["version"] = version
    yield Body("json", base, f"json plausible body {_abbrev(base)!r}")
    yield Body("json", {name: None for name in props})
    yield Body("json", [base])
    nan_literals = ", ".join(f'"{name}": NaN' for name in props)
    yield Body("raw", ("{" + nan_literals + "}").encode(), "raw: NaN literals")
    for name, prop in props.items():
        if prop.get("format") == "binary":
            for label, upload in _odd_files():
                yield Body("multipart", {name: upload}, f"multipart {name}={label}")
            yield Body("multipart", {name: "not a file"})
            yield Body("multipart", {})
            continue
        for value in _odd_values(prop):
            yield Body(
                "json", {**base, name: value}, f"json {{…plausible, {name!r}: {_abbrev(value)!r}}}"
            )
    if "multipart/form-data" in content_types:
        yield Body("multipart", {name: LONG for name in props})
        yield Body("multipart", {name: NUL for name in props})


CSV_HEADER = "业务员代码,保单号,保费,承保日期,卡单号,险种\n"


def _odd_files():
    """(label, upload) pairs: files a user might upload by mistake, or on purpose."""

    def csv(*rows):
        return (CSV_HEADER + "".join(",".join(r) + "\n" for r in rows)).encode()

    good_row = ("alpha-001", "GOOD-1", "1000", "2026-01-05", "C-9", "x")
    odd_rows = [
        ("alpha-001", "BAD-1", "1e400", "2026-01-05", "C-1", "x"),
        ("alpha-001", "BAD-2", "NaN", "2026-13-45", "C-2", "x"),
        ("alpha-001", "BAD-3", "-0", "9999999-01-01", "C-3", "x"),
        ("alpha-001", "BAD-4", "9" * 40, "20261345", "C-4", "x"),
        ("alpha-001", "BAD-5", "Infinity", "99999", "C-5", LONG),
        (LONG, LONG, "1,000", "2026/1/5", LONG, LONG),
        ("a\x00b", "BAD-6", "1000", "2026-01-05", "C\x00", "x"),
        ("alpha-001",),
        ("alpha-001", "BAD-7", "1000", "2026-01-05", "C-7", "x", "extra", "columns"),
    ]
    files = [
        ("empty", SimpleUploadedFile("empty.csv", b"", "text/csv")),
        ("header only", SimpleUploadedFile("header.csv", CSV_HEADER.encode(), "text/csv")),
        ("all odd rows", SimpleUploadedFile("odd.csv", csv(*odd_rows), "text/csv")),
        *(
            (
                f"odd row {_abbrev(list(row))!r}",
                SimpleUploadedFile(f"odd-{n}.csv", csv(row), "text/csv"),
            )
            for n, row in enumerate(odd_rows)
        ),
        ("binary", SimpleUploadedFile("binary.csv", b"\xff\xfe\x00\x00\x01\x02" * 50, "text/csv")),
        ("GBK", SimpleUploadedFile("gbk.csv", CSV_HEADER.encode("gbk") + b"\xa1\n", "text/csv")),
        (
            "fake xlsx",
            SimpleUploadedFile(
                "fake.xlsx", b"PK\x03\x04 not a zip at all", "application/vnd.ms-excel"
            ),
        ),
        (
            "a zip without a sheet",
            SimpleUploadedFile("empty.xlsx", _empty_zip(), "application/zip"),
        ),
        ("long name", SimpleUploadedFile("n" * 300 + ".csv", csv(good_row), "text/csv")),
        ("NUL name", SimpleUploadedFile("a\x00b.csv", csv(good_row), "text/csv")),
    ]
    return files


def _empty_zip():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


def _extras(world):
    """A few objects plausible bodies name: a territory without an agreement, the coupon."""
    from campaigns.tenancy import tenant_context
    from franchise.models import Territory
    from promotions.models import Coupon

    with tenant_context(world.a.org):
        territory = Territory.objects.create(
            organization=world.a.org, name="open territory", status="open"
        )
        coupon = Coupon.objects.filter(organization=world.a.org).first()
    return {"open_territory": territory, "coupon_code": coupon.code}


def _token_client(user):
    token = api_token_for(user)
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token}")


def _sweep_api_route(sweep, world, extra, route, role, client):
    url = url_for(route, world.a)
    cls = resolve(url).func.cls
    for method in _write_methods(url):
        operation = _operation(url, method)
        version = None
        if "get" in cls.http_method_names and hasattr(cls, "get"):
            response = client.get(url)
            if response.status_code == 200 and response.get("Content-Type", "").startswith(
                "application/json"
            ):
                version = _find_version(response.json())
        for body in _api_bodies(world.a, extra, route.name, operation, version):
            sweep.send(role, client, method, url, body)


@pytest.mark.parametrize("module", sorted(API_GROUPS))
def test_api_writes_never_answer_500(world, module):
    extra = _extras(world)
    sweep = Sweep()
    for role in ROLES:
        client = _token_client(world.a.members[role].user)
        for route in API_GROUPS[module]:
            _sweep_api_route(sweep, world, extra, route, role, client)
    sweep.check()


def test_schema_documents_every_api_write():
    """The sweep reads bodies from the schema: a write it does not document would only get
    the generic bodies."""
    missing = []
    for routes in API_GROUPS.values():
        for route in routes:
            kwargs = {"org_slug": "x", **route.fixed, **{name: 1 for name in route.kwarg_names}}
            url = reverse(route.name, kwargs=kwargs)
            missing += [
                f"{method.upper()} {url}"
                for method in _write_methods(url)
                if _operation(url, method) is None
            ]
    assert not missing, missing


def test_token_endpoint_never_answers_500(world):
    extra = _extras(world)
    sweep = Sweep()
    url = reverse("api_token")
    client = Client(raise_request_exception=False)
    for body in _api_bodies(world.a, extra, "api_token", _operation(url, "post"), None):
        sweep.send("anonymous", client, "post", url, body)
    sweep.send(
        "anonymous", client, "post", url, Body("raw", DEEP_JSON, "raw: JSON nested 100,000 deep")
    )
    sweep.check()


def test_sms_webhook_never_answers_500(world):
    """Signed calls (the signature is right, the content is not) with odd events."""
    from campaigns.sms.webhook import sign, webhook_secret_of

    org = world.a.org
    secret = webhook_secret_of(org)  # made with the organization
    url = reverse("sms_webhook", kwargs={"hook_org": org.slug})
    client = Client(raise_request_exception=False)
    sweep = Sweep()

    def signed(raw, label, timestamp=None):
        stamp = str(int(time.time())) if timestamp is None else timestamp
        sweep.send(
            "webhook",
            client,
            "post",
            url,
            Body("raw", raw, label),
            HTTP_X_SMS_TIMESTAMP=stamp,
            HTTP_X_SMS_SIGNATURE=sign(secret, stamp, raw),
        )

    reply = {"phone_number": "13800000002", "content": "yes", "sequence_id": "s1"}
    report = {
        "success": True,
        "err_code": "",
        "err_msg": "",
        "biz_id": "b1",
        "out_id": str(world.a.sms_message.pk),
    }
    odd = [
        None,
        {"x": 1},
        ["x"],
        12345,
        10**40,
        -1,
        1.5,
        True,
        "",
        LONG,
        NUL,
        "1e400",
        "NaN",
        "-0",
        "9" * 40,
        "2026-13-45",
    ]
    for event in (reply, report):
        for name in event:
            for value in odd:
                raw = json.dumps([{**event, name: value}]).encode()
                signed(raw, f"[{{…, {name!r}: {_abbrev(value)!r}}}]")
    for raw, label in [
        (b"", "empty"),
        (b"not json", "not JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"null", "null"),
        (b"[]", "[]"),
        (b"{}", "{}"),
        (b"[1, null]", "[1]"),
        (b'"abc"', "a string"),
        (b"[NaN]", "NaN"),
        (b"1e400", "1e400"),
        (json.dumps([reply] * 1000).encode(), "1,000 replies"),
        (DEEP_JSON, "JSON nested 100,000 deep"),
    ]:
        signed(raw, f"raw: {label}")
    raw = json.dumps([reply]).encode()
    for stamp in ("", "abc", "9" * 40, "9" * 400, "-1", "1e400", "NaN", NUL, LONG):
        signed(raw, f"timestamp {_abbrev(stamp)!r}", timestamp=stamp)
    sweep.check()
    good = Sweep()  # the signature the sweep uses is one the webhook accepts
    stamp = str(int(time.time()))
    good.send(
        "webhook",
        client,
        "post",
        url,
        Body("raw", raw, "one reply"),
        HTTP_X_SMS_TIMESTAMP=stamp,
        HTTP_X_SMS_SIGNATURE=sign(secret, stamp, raw),
    )
    assert good.answers == {200: 1}


# -- pages: the forms they render ----------------------------------------------------------

FORM_RE = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD_RE = re.compile(r"<(input|button|select|textarea)\b([^>]*)>", re.I)
SELECT_RE = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S | re.I)
TEXTAREA_RE = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.S | re.I)
OPTION_RE = re.compile(r"<option\b([^>]*)>", re.I)
ODD_FORM_VALUES = ("\x00", LONG, "9" * 40, "2026-13-45")
# More for fields that look numeric (type=number, inputmode, a numeric value) or dated.
ODD_BY_KIND = {
    "number": ("1e400", "NaN", "-0", "-1", "Infinity", "1,000"),
    "date": ("9999999-01-01", "2026-02-30", "0000-01-01"),
    "month": ("2026-13", "9999999-01", "0000-00"),
}
NUMERIC = re.compile(r"^-?\d+(\.\d+)?$")


def _attr(attrs, name):
    found = re.search(rf'\b{name}="([^"]*)"', attrs, re.I)
    return html.unescape(found.group(1)) if found else None


def _field_kind(field_attrs, value):
    kind = (_attr(field_attrs, "type") or "").lower()
    if kind in ("date", "datetime-local", "month"):
        return "month" if kind == "month" else "date"
    if kind == "number" or (_attr(field_attrs, "inputmode") or "") in ("decimal", "numeric"):
        return "number"
    if value and NUMERIC.match(value):
        return "number"
    if value and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return "date"
    if value and re.match(r"^\d{4}-\d{2}$", value):
        return "month"
    return None


def _forms(page, page_url):
    """(action, {name: default}, {name: kind}, {file input names}) of each POST form."""
    for attrs, inner in FORM_RE.findall(page):
        if (_attr(attrs, "method") or "get").lower() != "post":
            continue
        action = _attr(attrs, "action") or page_url
        defaults, kinds, files = {}, {}, set()
        for tag, field_attrs in FIELD_RE.findall(inner):
            name = _attr(field_attrs, "name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            kind = (_attr(field_attrs, "type") or "").lower()
            if kind == "file":
                files.add(name)
            elif kind in ("checkbox", "radio"):
                value = _attr(field_attrs, "value") or ("on" if kind == "checkbox" else "")
                if re.search(r"\bchecked\b", field_attrs):
                    defaults[name] = value
                else:  # unchecked: an unticked box sends nothing, a radio its first value
                    defaults.setdefault(name, "" if kind == "checkbox" else value)
                kinds[name] = "choice"
            elif tag.lower() in ("input", "button"):
                defaults[name] = _attr(field_attrs, "value") or ""
                kinds[name] = kinds.get(name) or _field_kind(field_attrs, defaults[name])
            else:
                defaults.setdefault(name, "")
        for select_attrs, options in SELECT_RE.findall(inner):
            values = [
                (_attr(o, "value") or "", re.search(r"\bselected\b", o))
                for o in OPTION_RE.findall(options)
            ]
            # The selected option, unless it is the empty one: then the first real choice.
            chosen = [v for v, selected in values if selected and v] or [v for v, _s in values if v]
            defaults[_attr(select_attrs, "name")] = chosen[0] if chosen else ""
        for area_attrs, text in TEXTAREA_RE.findall(inner):
            defaults[_attr(area_attrs, "name")] = html.unescape(text).strip()
        defaults.pop(None, None)
        yield action, defaults, kinds, files


class Target:
    def __init__(self):
        self.defaults, self.kinds, self.files = {}, {}, set()


def _page_targets(sweep, role, client, world):
    """{url: Target} of every POST target: the forms the pages render (those aimed at an
    organization page route) and the POST-only actions."""
    targets = {}
    for route in ROUTES:
        if route.api:
            continue
        url = url_for(route, world.a)
        response = sweep.send(role, client, "get", url, Body("get", {}, "GET"))
        if response.status_code == 405:
            targets.setdefault(url, Target())
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for action, defaults, kinds, files in _forms(response.content.decode(), url):
            action_path = urlsplit(action).path
            try:
                match = resolve(action_path)
            except Resolver404:  # a form aimed outside the app
                continue
            if match.url_name not in PAGE_ROUTE_NAMES:
                continue  # logout, language switch: not this sweep's business
            target = targets.setdefault(action, Target())
            for name, value in defaults.items():
                target.defaults.setdefault(name, value)
                target.kinds[name] = target.kinds.get(name) or kinds.get(name)
            target.files |= files
    return targets


PLAUSIBLE_BY_KIND = {"date": "2026-01-05", "month": "2026-01", "number": "1"}


def _plausible_form_value(o, extra, url_name, name, kind, value):
    """A field's rendered value or, for an empty one, a value it would likely accept: an
    odd value in one field then meets otherwise valid ones and gets past the form."""
    by_route = {
        ("bundle_coupon_redeem", "code"): extra["coupon_code"],
        ("bundle_member_join", "form_number"): o.registration.form_number,
    }
    if (url_name, name) in by_route:
        return by_route[url_name, name]
    if value or name in ("version", "due_date") or kind == "choice":
        return value  # due_date: a task takes a due date or an offset, not both
    if "phone" in name:
        return "13800000999"
    if name == "members":
        return "\n".join(f"1380001{n:04d} {661101 + n}" for n in range(10))
    if "email" in name:
        return "someone@example.com"
    return PLAUSIBLE_BY_KIND.get(kind, f"bad-input {name}")


def _page_bodies(o, extra, url, target):
    """(body, also as HTMX?) pairs for one target."""
    names, url_name = list(target.defaults), resolve(urlsplit(url).path).url_name
    defaults = {
        name: _plausible_form_value(o, extra, url_name, name, target.kinds.get(name), value)
        for name, value in target.defaults.items()
    }
    yield Body("multipart", {}, "form {} (nothing)"), True
    for odd in ODD_FORM_VALUES:
        if names:
            yield (
                Body(
                    "multipart",
                    dict.fromkeys(names, odd),
                    f"form every field = {_abbrev(odd)!r} ({', '.join(names)})",
                ),
                True,
            )
            yield (
                Body(
                    "multipart",
                    {name: [odd, odd] for name in names},
                    f"form every field twice = {_abbrev(odd)!r}",
                ),
                False,
            )
    yield Body("multipart", defaults, f"form plausible {_abbrev(defaults)!r}"), True
    for name in names:
        for odd in ODD_FORM_VALUES + ODD_BY_KIND.get(target.kinds.get(name), ()):
            yield (
                Body(
                    "multipart",
                    {**defaults, name: odd},
                    f"form {{…defaults, {name!r}: {_abbrev(odd)!r}}}",
                ),
                False,
            )
    for name in target.files:
        for label, upload in _odd_files():
            yield Body("multipart", {**defaults, name: upload}, f"form {name}={label}"), False


@pytest.mark.parametrize("role", ROLES)
def test_page_forms_never_answer_500(world, role):
    extra = _extras(world)
    sweep = Sweep()
    client = Client(raise_request_exception=False)
    client.force_login(world.a.members[role].user)
    targets = _page_targets(sweep, role, client, world)
    assert targets
    for url, target in targets.items():
        for body, as_htmx in _page_bodies(world.a, extra, url, target):
            sweep.send(role, client, "post", url, body)
            if as_htmx:
                sweep.send(role, client, "post", url, body, HTTP_HX_REQUEST="true")
    sweep.check()


# -- query strings ---------------------------------------------------------------------------

QUERY_NAMES = (
    "page",
    "page_size",
    "status",
    "phone",
    "name",
    "planned_phase",
    "month",
    "day",
    "q",
    "tier",
    "branch",
    "territory",
    "agent",
    "team",
    "kind",
    "format",
    "next",
)
ODD_QUERY_VALUES = ("\x00", NUL, LONG, "9" * 40, "-1", "2026-13-45", "1e400", "[]")


@pytest.mark.parametrize("role", ROLES)
def test_odd_query_strings_never_answer_500(world, role):
    """Every page and API read with every usual filter and paging parameter set to an odd
    value (NUL, which PostgreSQL cannot take in text, among them)."""
    sweep = Sweep()
    client = Client(raise_request_exception=False)
    member = world.a.members[role]
    client.force_login(member.user)
    api = _token_client(member.user)
    for route in ROUTES:
        url = url_for(route, world.a)
        for value in ODD_QUERY_VALUES:
            params = dict.fromkeys(QUERY_NAMES, value)
            sweep.send(
                role,
                api if route.api else client,
                "get",
                url,
                Body("multipart", params, f"?all={_abbrev(value)!r}"),
            )
    sweep.check(refused=False)  # odd filters are mostly ignored; the pages must still show
