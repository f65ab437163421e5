"""Row-level security on PostgreSQL for tenant-owned tables.

Each app's migrations end with `EnableRowLevelSecurity("<model>")` for every model that
inherits TenantModel; tests/test_row_level_security.py fails when one is missing.
The policy reads the setting made by campaigns.tenancy.tenant_context: no setting, no rows.
"""

from django.db import migrations

ORG_CONDITION = "organization_id = NULLIF(current_setting('app.org_id', true), '')::bigint"
USER_CONDITION = "user_id = NULLIF(current_setting('app.user_id', true), '')::bigint"
POLICY_NAME = "tenant_isolation"
OWN_ROWS_POLICY = "own_rows_read"


class EnableRowLevelSecurity(migrations.operations.base.Operation):
    """Enable and force RLS on a model's table with the tenant policy (all commands).

    `own_rows_column` adds a second, read-only policy: a signed-in user may also *read*
    their own rows in other organizations (memberships, for the organization switcher);
    writing them still needs that organization's context.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name, own_rows_column=None):
        self.model_name = model_name
        self.own_rows_column = own_rows_column

    def state_forwards(self, app_label, state):
        pass

    def _table(self, app_label, state):
        return state.apps.get_model(app_label, self.model_name)._meta.db_table

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(self._table(app_label, to_state))
        schema_editor.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        schema_editor.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        schema_editor.execute(
            f"CREATE POLICY {POLICY_NAME} ON {table} "
            f"USING ({ORG_CONDITION}) WITH CHECK ({ORG_CONDITION})"
        )
        if self.own_rows_column:
            own = USER_CONDITION.replace("user_id", self.own_rows_column, 1)
            schema_editor.execute(
                f"CREATE POLICY {OWN_ROWS_POLICY} ON {table} FOR SELECT USING ({own})"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(self._table(app_label, from_state))
        schema_editor.execute(f"DROP POLICY IF EXISTS {OWN_ROWS_POLICY} ON {table}")
        schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY_NAME} ON {table}")
        schema_editor.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        schema_editor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")

    def describe(self):
        return f"Enable row-level security on {self.model_name}"

    def deconstruct(self):
        kwargs = {"model_name": self.model_name}
        if self.own_rows_column:
            kwargs["own_rows_column"] = self.own_rows_column
        return (self.__class__.__qualname__, [], kwargs)


def each_organization_id(apps, schema_editor):
    """For data migrations: yield each organization's id with the row-level security
    setting made for it (inside the migration's transaction), so the migration reads and
    writes that organization's rows, and only those."""
    from .tenancy import set_db_tenant  # lazily: migration files import this module

    Organization = apps.get_model("campaigns", "Organization")
    for org_id in Organization.objects.order_by("pk").values_list("pk", flat=True):
        set_db_tenant((org_id, None), db=schema_editor.connection)
        yield org_id
