"""Every tenant model gets row-level security in its app's migrations (checked on any
database; tests/test_row_level_security.py checks the live tables on PostgreSQL)."""

from django.apps import apps
from django.db.migrations.loader import MigrationLoader

from campaigns.models import TenantModel
from campaigns.rls import EnableRowLevelSecurity


def test_every_tenant_model_has_an_enable_rls_operation():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    covered = {
        (app_label, op.model_name.lower())
        for (app_label, _name), migration in loader.disk_migrations.items()
        for op in migration.operations
        if isinstance(op, EnableRowLevelSecurity)
    }
    tenant_models = {
        (m._meta.app_label, m._meta.model_name)
        for m in apps.get_models()
        if issubclass(m, TenantModel)
    }
    assert ("campaigns", "plan") in tenant_models
    assert tenant_models - covered == set()
