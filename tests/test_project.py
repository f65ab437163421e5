"""Project-level checks: production settings pass `check --deploy`, the OpenAPI schema
validates, the demo data is idempotent, and no page references a CDN."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from campaigns.models import Membership, Organization
from campaigns.tenancy import tenant_context

ROOT = Path(__file__).resolve().parents[1]


def _manage(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
            "RESIDENT_ID_HMAC_KEY": "a-long-random-resident-id-key-" + "y" * 40,
            "ALLOWED_HOSTS": "campaigns.example.com",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", "ALLOWED_HOSTS": "x"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_the_resident_id_key():
    """The key of the ID-number hashes (docs/production.md) is never derived in production."""
    env = {k: v for k, v in os.environ.items() if k != "RESIDENT_ID_HMAC_KEY"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "ALLOWED_HOSTS": "x",
            "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "RESIDENT_ID_HMAC_KEY" in result.stderr


def test_openapi_schema_validates():
    result = _manage("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_schema_and_docs_pages_are_served_without_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/{org_slug}/me/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "drf_spectacular_sidecar" in docs
    assert not re.search(r"(src|href)=\"https?://", docs)


def test_templates_load_nothing_from_other_hosts():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "templates").rglob("*.html")
        if re.search(r"(src|href)=[\"']https?://", p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_prints_logins(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out.splitlines()
    call_command("seed_demo")
    second = capsys.readouterr().out.splitlines()
    assert first == second
    logins = [line.split(" ") for line in first[1:]]
    assert all(len(parts) == 4 for parts in logins)
    assert {role for _slug, role, _u, _p in logins} == {
        "admin",
        "manager",
        "branch_staff",
        "franchisee",
    }
    assert {slug for slug, *_ in logins} == {
        "xiangjian-health",
        "insurance-sales",
        "litian-decor",
        "mobile-city",
    }
    assert ["xiangjian-health", "franchisee", "health_franchisee", "demo-2026"] in logins
    franchisee_orgs = {slug for slug, role, *_ in logins if role == "franchisee"}
    assert franchisee_orgs == {"xiangjian-health"}
    assert Organization.objects.count() == 4
    for org in Organization.objects.all():
        with tenant_context(org):
            expected = sum(1 for slug, *_ in logins if slug == org.slug)
            assert Membership.objects.for_org(org).count() == expected


@pytest.mark.django_db
def test_demo_logins_work(client):
    call_command("seed_demo")
    response = client.post(
        "/accounts/login/", {"username": "ins_staff", "password": "demo-2026"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/insurance-sales/"


@pytest.mark.django_db
def test_create_organization_command(capsys):
    call_command(
        "create_organization",
        "--slug",
        "acme",
        "--name",
        "Acme 营销",
        "--admin-username",
        "acme_admin",
        "--admin-password",
        "a-Strong-passw0rd",
    )
    org = Organization.objects.get(slug="acme")
    with tenant_context(org):
        assert list(Membership.objects.for_org(org).values_list("user__username", "role")) == [
            ("acme_admin", "admin")
        ]


@pytest.mark.django_db
def test_create_organization_rejects_reserved_slug():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command(
            "create_organization",
            "--slug",
            "api",
            "--name",
            "x",
            "--admin-username",
            "x_admin",
            "--admin-password",
            "a-Strong-passw0rd",
        )
    assert not Organization.objects.filter(slug="api").exists()


@pytest.mark.django_db(transaction=True)
def test_the_embedded_sqlite_default_queues_writers_instead_of_failing():
    """`make run`'s SQLite: immediate transactions (the write lock at BEGIN, so a reader
    never fails upgrading to a writer), a busy timeout, the WAL journal; the tests'
    database is a file, so each thread of a live server has its own connection."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings")
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert not connection.is_in_memory_db()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_make_run_settings_put_sqlite_in_wal_with_immediate_transactions():
    code = (
        "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS'];"
        "print(o['transaction_mode'], o['timeout'], o['init_command'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == (
        "IMMEDIATE 20 PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
