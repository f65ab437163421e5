"""The database half of "one franchisee per territory at any date".

An exclusion constraint (django.contrib.postgres) over organization + territory (=) and
the agreement's dates (&&). It is added by a migration operation that only runs on
PostgreSQL instead of sitting in Agreement.Meta.constraints: SQLite (the embedded
default) can neither create it (its table rebuilds would copy the EXCLUDE clause) nor
validate it (full_clean would run PostgreSQL operators). The service checks the same
rule first on every database, with a message naming the franchisee in the way.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import migrations
from django.db.models import F, Func, Value

EXCLUSIVE_TERRITORY = "agreement_one_franchisee_per_territory"


class AgreementDates(Func):
    """daterange(start, end, '[]'): the end date is inclusive; no end = open-ended. So an
    agreement ending on the 30th and the next starting on the 1st do not overlap."""

    function = "daterange"
    output_field = DateRangeField()

    def __init__(self):
        super().__init__(F("start_date"), F("end_date"), Value("[]"))


def exclusive_territory_constraint():
    return ExclusionConstraint(
        name=EXCLUSIVE_TERRITORY,
        expressions=[
            ("organization", RangeOperators.EQUAL),
            ("territory", RangeOperators.EQUAL),
            (AgreementDates(), RangeOperators.OVERLAPS),
        ],
    )


class AddPostgresOnlyConstraint(migrations.operations.base.Operation):
    """Add a constraint on PostgreSQL only; the migration state does not carry it."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name, constraint_factory_path):
        self.model_name = model_name
        self.constraint_factory_path = constraint_factory_path

    def _constraint(self):
        from django.utils.module_loading import import_string

        return import_string(self.constraint_factory_path)()

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        schema_editor.add_constraint(model, self._constraint())

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        schema_editor.remove_constraint(model, self._constraint())

    def describe(self):
        return f"Add a PostgreSQL-only constraint to {self.model_name}"

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {
                "model_name": self.model_name,
                "constraint_factory_path": self.constraint_factory_path,
            },
        )
