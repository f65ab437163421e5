import os

import pytest
from django.db import connection

from campaigns.roles import Role
from tests.factories import (
    BranchFactory,
    MembershipFactory,
    OrganizationFactory,
    TeamFactory,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if os.environ.get("REQUIRE_POSTGRES") == "1" and not on_postgres:
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="row-level security needs PostgreSQL"))
        if "broker" in item.keywords and not settings.CELERY_BROKER_URL:
            item.add_marker(pytest.mark.skip(reason="needs CELERY_BROKER_URL (Redis)"))


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-quic", "--no-first-run",
        ],
    }


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


class World:
    """Two organizations, each with one member per role, a branch and a team.
    B's names carry a canary string that must never show up in A's responses."""

    CANARY = "CANARY-B-7f3a"

    def __init__(self):
        self.a = self._org("alpha", "Alpha Co")
        self.b = self._org("bravo", f"Bravo {self.CANARY}")

    def _org(self, slug, name):
        org = OrganizationFactory(slug=slug, name=name)
        tag = self.CANARY if slug == "bravo" else slug
        branch = BranchFactory(organization=org, name=f"{tag} branch")
        team = TeamFactory(organization=org, name=f"{tag} team", branch=branch)
        members = {
            role: MembershipFactory(
                organization=org,
                user__username=f"{slug}_{role.value}",
                user__first_name=f"{tag} {role.value}",
                role=role,
                team=team if role == Role.BRANCH_STAFF else None,
            )
            for role in Role
        }
        return type("Org", (), {"org": org, "branch": branch, "team": team,
                                 "members": members})


@pytest.fixture
def world(db):
    return World()
