"""Row-level security on PostgreSQL: the app role cannot escape it, every tenant table has
it enabled and forced, and raw SQL only ever sees the organization that is set."""

import os

import pytest
from django.apps import apps
from django.db import IntegrityError, ProgrammingError, connection, transaction

from campaigns.models import Branch, Membership, TenantModel
from campaigns.rls import POLICY_NAME
from campaigns.tenancy import tenant_context, tenant_context_by_slug

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def tenant_tables():
    return sorted(
        m._meta.db_table
        for m in apps.get_models()
        if issubclass(m, TenantModel) and not m._meta.proxy
    )


def _scalar(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_app_role_cannot_bypass_rls():
    row = None
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    assert row == (False, False)


def test_every_tenant_table_has_rls_enabled_and_forced():
    tables = tenant_tables()
    assert "campaigns_membership" in tables
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relname = ANY(%s)",
            [tables],
        )
        found = {name: (enabled, forced) for name, enabled, forced in cursor.fetchall()}
        cursor.execute("SELECT tablename FROM pg_policies WHERE tablename = ANY(%s)", [tables])
        with_policy = {name for (name,) in cursor.fetchall()}
    assert found == {t: (True, True) for t in tables}
    assert with_policy == set(tables)


def test_raw_sql_with_org_a_set_sees_none_of_b(world):
    with tenant_context(world.a.org):
        names = {
            table: _scalar(
                f"SELECT count(*) FROM {table} WHERE organization_id = %s",  # noqa: S608
                [world.b.org.pk],
            )
            for table in tenant_tables()
        }
        branch_names = _scalar("SELECT array_agg(name) FROM campaigns_branch")
    assert set(names.values()) == {0}
    assert branch_names == [world.a.branch.name]


def test_no_tenant_set_means_no_rows(world):
    with tenant_context(None):
        assert _scalar("SELECT count(*) FROM campaigns_branch") == 0
        assert Membership.objects.count() == 0


def test_user_sees_own_memberships_across_orgs_only(world):
    user = world.a.members["manager"].user
    with tenant_context(world.b.org):
        Membership.objects.create(organization=world.b.org, user=user, role="manager")
    with tenant_context(None, user):
        assert {m.organization_id for m in Membership.objects.all()} == {
            world.a.org.pk,
            world.b.org.pk,
        }


def test_writing_into_another_org_is_refused(world):
    with tenant_context(world.a.org), pytest.raises(ProgrammingError), transaction.atomic():
        Branch.objects.create(organization=world.b.org, name="smuggled")
    with tenant_context(world.b.org):
        assert not Branch.objects.filter(name="smuggled").exists()


def test_unique_constraints_are_per_organization(world):
    with tenant_context(world.a.org):
        Branch.objects.create(organization=world.a.org, name=world.b.branch.name)
        with pytest.raises(IntegrityError), transaction.atomic():
            Branch.objects.create(organization=world.a.org, name=world.a.branch.name)


def test_user_cannot_write_own_membership_in_another_org(world):
    """The own-rows policy is read-only: from A's context, the user cannot touch (or make
    themselves admin in) their membership of B."""
    user = world.a.members["manager"].user
    with tenant_context(world.b.org):
        theirs = Membership.objects.create(organization=world.b.org, user=user, role="manager")
    with tenant_context(world.a.org, user):
        changed = Membership.objects.filter(pk=theirs.pk).update(role="admin")
        deleted = Membership.objects.filter(pk=theirs.pk)._raw_delete(connection.alias)
    assert (changed, deleted) == (0, 0)
    with tenant_context(world.b.org):
        assert Membership.objects.get(pk=theirs.pk).role == "manager"


def test_a_page_context_by_slug_sets_that_organization(world):
    user = world.a.members["manager"].user
    with tenant_context_by_slug(world.a.org.slug, user) as organization_id:
        assert organization_id == world.a.org.pk
        assert connection.tenant_ids == (world.a.org.pk, user.pk)
        assert _scalar("SELECT array_agg(name) FROM campaigns_branch") == [world.a.branch.name]
        assert _scalar("SELECT current_setting('app.user_id')") == str(user.pk)


def test_a_missing_slug_sets_no_organization(world):
    user = world.a.members["manager"].user
    with tenant_context_by_slug("no-such-org", user) as organization_id:
        assert organization_id is None
        assert _scalar("SELECT count(*) FROM campaigns_branch") == 0
        # The user's own memberships stay readable (the organization switcher).
        assert Membership.objects.filter(user=user).count() == 1


def test_a_slug_context_nested_in_another_gives_the_outer_one_back(world):
    with tenant_context(world.b.org):
        with tenant_context_by_slug(world.a.org.slug, None):
            assert _scalar("SELECT array_agg(name) FROM campaigns_branch") == [world.a.branch.name]
        assert _scalar("SELECT array_agg(name) FROM campaigns_branch") == [world.b.branch.name]
        assert connection.tenant_ids == (world.b.org.pk, None)


RUNTIME_ROLE = os.environ.get("DATABASE_RUNTIME_ROLE", "")


@pytest.mark.skipif(not RUNTIME_ROLE, reason="needs DATABASE_RUNTIME_ROLE (CI sets it)")
def test_the_runtime_role_owns_nothing_and_cannot_switch_rls_off():
    """The web and the workers' role (here through SET ROLE, as the suite runs) may read
    and write rows but not change a table: ALTER TABLE ... NO FORCE ROW LEVEL SECURITY is
    refused, and so is dropping a policy or a table."""
    from django.db import DatabaseError, transaction

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == RUNTIME_ROLE
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relowner = "
            "(SELECT oid FROM pg_roles WHERE rolname = current_user)"
        )
        assert cursor.fetchone()[0] == 0
    for statement in (
        "ALTER TABLE campaigns_plan NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE campaigns_plan DISABLE ROW LEVEL SECURITY",
        f"DROP POLICY {POLICY_NAME} ON campaigns_plan",
        "DROP TABLE campaigns_plan",
        "CREATE TABLE escape (id int)",
    ):
        with (
            pytest.raises(DatabaseError, match="must be owner|permission denied"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'campaigns_plan'")
        assert cursor.fetchone()[0] is True
