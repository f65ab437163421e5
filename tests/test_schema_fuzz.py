"""The OpenAPI schema tells the truth (schemathesis, a bounded run; docs/production.md).

Every operation of the schema drf-spectacular serves at /api/schema/ (found there, so an
endpoint added later joins by itself) is called with generated requests, as each role of
both organizations of the test World (token sign-in), and every answer is checked against
the schema: no 5xx, the status code declared, the content type and the body matching what
is declared for it (including `nullable`), declared headers present and well-formed.

Each example gets the path of real objects of the signed-in user's organization (so the
views, not only the URL resolver, see the generated queries and bodies) or, now and then,
generated path parameters (unknown ids, another organization). Requests that fit the
schema and requests that do not (negative mode) are both sent. Each runs in a savepoint
rolled back afterwards: every example meets the same World.

The bound: SCHEMA_FUZZ_EXAMPLES examples per operation and user (default 2; 146
operations x 8 users). Raise it to run longer, e.g. `SCHEMA_FUZZ_EXAMPLES=50`; the run is
derandomized (the same examples each time) unless SCHEMA_FUZZ_SEED names a seed or is
"random". Failures are collected: one run lists every operation and check that failed.
"""

import os
import random
import re
import traceback

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

EXAMPLES = int(os.environ.get("SCHEMA_FUZZ_EXAMPLES", "2"))
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
    """The operation's path parameters naming real objects of the organization (None when
    the route takes a parameter this test cannot fill: it fails, naming it)."""
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
    real = [s for s in strategies[:1]] * 2  # positive on real objects: the most weight
    return st.one_of(*real, *strategies)


def _fuzz(operation, strategy, app, token, failures, server_errors, label):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=SEED_VALUE is None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: a bounded run
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        headers = {"Authorization": f"Token {token}"}
        with transaction.atomic():
            response = case.call(app=app, headers=headers)
            transaction.set_rollback(True)
        case.validate_response(response, checks=CHECKS, headers=headers)

    if SEED_VALUE is not None:
        run = seed(SEED_VALUE)(run)
    del server_errors[:]
    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # collected, reported together below
        text = str(exc)[:LONGEST]
        if server_errors:
            text += "\n" + server_errors[-1]
        failures.setdefault(f"{operation.method.upper()} {operation.path}", (text, []))[1].append(
            label
        )


def test_every_answer_conforms_to_the_schema(world, wsgi_app, server_errors):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 100  # the whole API, found from the schema
    if SEED_VALUE is not None:
        print(f"SCHEMA_FUZZ_SEED={SEED_VALUE} reproduces this run")  # noqa: T201
    failures = {}  # operation → (the first failure, the users it failed for)
    for label, user, org_world in _users(world):
        token_row, token = api_token_issue(user=user, name="schema fuzz")
        token_id = token_row.pk
        for operation in operations:
            path_parameters = _real_path_parameters(operation, org_world, token_id)
            strategy = _strategy(operation, path_parameters)
            _fuzz(operation, strategy, wsgi_app, token, failures, server_errors, label)
    assert not failures, f"{len(failures)} operations failed:\n\n" + "\n\n".join(
        f"{operation} as {', '.join(users)}:\n{text}" for operation, (text, users) in failures.items()
    )
