"""The OpenAPI schema tells the truth (schemathesis, a bounded run; docs/production.md).

Every operation of the schema drf-spectacular serves at /api/schema/ (found there, so an
endpoint added later joins by itself) is called with generated requests, as each role of
both organizations of the test World (token sign-in) and signed out, and every answer is
checked against the schema: no 5xx, the status code declared, the content type and the
body matching what is declared for it (including `nullable`), declared headers present and
well-formed.

Each example gets the path of real objects of the signed-in user's organization (so the
views, not only the URL resolver, see the generated queries and bodies) or, now and then,
generated path parameters (unknown ids, another organization). Requests that fit the
schema and requests that do not (negative mode) are both sent. Each runs in a savepoint
rolled back afterwards: every example meets the same World.

The bound: SCHEMA_FUZZ_EXAMPLES requests per operation (default 8), each as a user drawn
among the nine. Raise it to run longer, e.g. `SCHEMA_FUZZ_EXAMPLES=200` (`make fuzz`);
the run is derandomized (the same examples each time) unless SCHEMA_FUZZ_SEED names a seed or is
"random". Failures are collected: one run lists every operation and check that failed.
"""

import json
import os
import random
import re
import traceback
from collections import defaultdict

import pytest
import schemathesis
from django.core.signals import got_request_exception, request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.urls import resolve
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from campaigns.api_tokens import api_token_issue
from campaigns.roles import Role
from tests.urlwalk import OBJECT_KWARGS, Route

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMA_FUZZ_EXAMPLES", "8"))
MOST = 0.5  # of the operations answer 2xx at least once in a run
SEED = os.environ.get("SCHEMA_FUZZ_SEED", "")
# None: derandomized (the same examples every run); else this seed.
SEED_VALUE = None if not SEED else random.randrange(2**32) if SEED == "random" else int(SEED)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
LONGEST = 4000  # characters of a failure's report
PATH_PARAMETER = re.compile(r"{(\w+)}")


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, called in the test's thread and transaction. Like
    Django's test client, requests do not close the database connection when they end."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def server_errors():
    """The traceback of each exception a request raised (a 500), to show with the failure."""
    found = []

    def note(sender, request=None, **kwargs):
        found.append(traceback.format_exc(limit=-6))

    got_request_exception.connect(note, dispatch_uid="schema-fuzz")
    yield found
    got_request_exception.disconnect(dispatch_uid="schema-fuzz")


def _users(world):
    """(label, user, World.Org) for each role of both organizations."""
    return [
        (f"{o.org.slug}:{role.value}", o.members[role].user, o)
        for o in (world.a, world.b)
        for role in Role
    ]


def _real_path_parameters(operation, org_world, token_id):
    """The operation's path parameters naming real objects of the organization; a parameter
    this test cannot fill fails the test, naming it (as the route walk does)."""
    names = PATH_PARAMETER.findall(operation.path)
    dummy = operation.path
    for name in names:
        dummy = dummy.replace("{" + name + "}", "org" if name == "org_slug" else "1")
    match = resolve(dummy)
    route = Route(
        match.url_name,
        tuple(n for n in names if n != "org_slug"),
        True,
        {"part": match.kwargs["part"]} if "part" in match.kwargs else {},
    )
    values = {}
    for name in names:
        if name == "org_slug":
            values[name] = org_world.org.slug
        elif name == "token_id":
            values[name] = token_id
        elif name in OBJECT_KWARGS:
            values[name] = OBJECT_KWARGS[name](org_world, route)
        else:
            raise AssertionError(f"tests/urlwalk.py: add {name!r} to OBJECT_KWARGS")
    return values


def _strategy(operation, path_parameters):
    """Requests that fit the schema and requests that do not, mostly on real objects."""
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for fixed in (path_parameters, None):
            try:
                strategies.append(
                    operation.as_strategy(generation_mode=mode, path_parameters=fixed)
                )
            except Exception:  # noqa: BLE001 - nothing to negate in this operation
                continue
    return st.one_of(strategies[0], *strategies)  # positive on real objects: double weight


def _fuzz(operation, users, app, statuses, server_errors):
    """EXAMPLES requests to the operation, each as one of the users (drawn with the
    request); the first failure found (none: None)."""
    own = "{token_id}" in operation.path  # the user's own token: a strategy per user
    strategies = {}
    for label, _token, org_world, token_id in users:
        key = label if own else org_world.org.pk
        if key not in strategies:
            path_parameters = _real_path_parameters(operation, org_world, token_id)
            strategies[key] = _strategy(operation, path_parameters)

    def with_user(user):
        return strategies[user[0] if own else user[2].org.pk].map(lambda case: (user, case))

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=SEED_VALUE is None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: a bounded run
        suppress_health_check=list(HealthCheck),
    )
    @given(user_case=st.sampled_from(users).flatmap(with_user))
    def run(user_case):
        (label, token, _org_world, _token_id), case = user_case
        headers = {"Authorization": f"Token {token}"} if token else {}
        with transaction.atomic():
            response = case.call(app=app, headers=headers)
            transaction.set_rollback(True)
        statuses[f"{operation.method.upper()} {operation.path}"].add(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except BaseExceptionGroup as exc:
            exc.add_note(f"as {label}")
            raise

    if SEED_VALUE is not None:
        run = seed(SEED_VALUE)(run)
    del server_errors[:]
    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # collected, reported together
        text = str(exc)[:LONGEST] + "".join(f"\n{note}" for note in getattr(exc, "__notes__", []))
        if server_errors:
            text += "\n" + server_errors[-1]
        return text
    return None


def test_every_answer_conforms_to_the_schema(world, wsgi_app, server_errors):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 100  # the whole API, found from the schema
    if SEED_VALUE is not None:
        print(f"SCHEMA_FUZZ_SEED={SEED_VALUE} reproduces this run")  # noqa: T201
    users = []
    for label, user, org_world in _users(world):
        token_row, token = api_token_issue(user=user, name="schema fuzz")
        users.append((label, token, org_world, token_row.pk))
    users.append(("anonymous", None, world.a, 0))  # no token: 401 where one is needed
    statuses = defaultdict(set)
    failures = {}
    for operation in operations:
        failure = _fuzz(operation, users, wsgi_app, statuses, server_errors)
        if failure is not None:
            failures[f"{operation.method.upper()} {operation.path}"] = failure
    for name, seen in sorted(statuses.items()):  # shown with -s, or when the test fails
        print(name, sorted(seen))  # noqa: T201
    assert not failures, f"{len(failures)} operations failed:\n\n" + "\n\n".join(
        f"{operation}: {text}" for operation, text in failures.items()
    )
    # The requests reached the views: most operations answered a success at least once.
    succeeded = [name for name, seen in statuses.items() if any(200 <= s < 300 for s in seen)]
    assert len(succeeded) >= len(operations) * MOST, sorted(statuses.items())


def test_control_characters_answer_the_declared_400_on_every_operation(world, wsgi_app):
    """NUL in a query parameter answers 400 on every operation (campaigns/middleware.py),
    as JSON field errors that the schema declares for it."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    manager = world.a.members[Role.MANAGER].user
    token_row, token = api_token_issue(user=manager, name="schema fuzz")
    headers = {"Authorization": f"Token {token}"}
    wrong = []
    for result in schema.get_all_operations():
        operation = result.ok()
        path_parameters = _real_path_parameters(operation, world.a, token_row.pk)
        case = operation.Case(path_parameters=path_parameters, query={"note": "a\x00b"})
        with transaction.atomic():
            response = case.call(app=wsgi_app, headers=headers)
            transaction.set_rollback(True)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except BaseExceptionGroup as exc:
            wrong.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:LONGEST]}")
            continue
        if response.status_code != 400 or "note" not in response.json():
            wrong.append(f"{operation.method.upper()} {operation.path}: {response.status_code}")
    assert wrong == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/alpha/no-such-thing/",
        "/api/v1/%F0%B2%A4%9A/bundles/channels/",  # not a slug
        "/api/v1/alpha/bundles/channels/x/ledger/",  # not an id
        "/api/nothing",
    ],
)
def test_a_path_no_api_route_matches_answers_json_404(world, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_pages_keep_their_404_page(world, client):
    client.force_login(world.a.members[Role.MANAGER].user)
    response = client.get("/alpha/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_unhandled_error_under_the_api_answers_json_500(rf):
    from campaigns import api_errors

    response = api_errors.server_error(rf.get("/api/v1/alpha/contests/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert set(json.loads(response.content)) == {"detail"}
    assert api_errors.server_error(rf.get("/alpha/"))["Content-Type"].startswith("text/html")


def test_every_api_operation_declares_the_shared_error_answers(wsgi_app):
    """400, 403, 404, 409 and 429 on every operation (401 where a token is needed), each
    with a JSON body; nullable fields of answers declared nullable (StockEntry)."""
    document = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app).raw_schema
    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            needed = {"400", "403", "404", "409", "429"}
            if operation.get("security", [{}]) != [{}]:
                needed.add("401")
            for status in sorted(needed):
                answer = operation["responses"].get(status, {})
                if "application/json" not in answer.get("content", {}):
                    missing.append(f"{method.upper()} {path} {status}")
    assert missing == []
    entry = document["components"]["schemas"]["StockEntry"]["properties"]
    assert entry["form_number"]["nullable"] is True
    assert entry["counterpart"]["nullable"] is True
