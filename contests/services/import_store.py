"""Writing an import's new policies in bulk.

On PostgreSQL the rows go through COPY into a temporary table and then one INSERT …
SELECT (COPY cannot write into a table with row-level security; an INSERT … SELECT can,
and the policy still checks every row). Elsewhere (SQLite, the embedded default) the
ORM's bulk_create does the same. Each new policy links to its import batch, which is
where its history starts (who imported which file, when); no history row is written per
new policy, so an import of 100,000 rows writes 100,000 rows, not 200,000.
"""

import csv
import io

from django.db import connection
from django.utils import timezone

from ..models import Policy


def policies_create(*, organization, contest, batch, actor, fresh, calendars):
    """Create the policies `fresh` (a list of field dicts, in calendar order: the first
    `calendars` of them took a desk calendar) as imported by `batch`."""
    if not fresh:
        return
    if connection.vendor == "postgresql":
        _create_by_copy(organization, contest, batch, actor, fresh, calendars)
    else:
        Policy.objects.bulk_create(
            (
                Policy(
                    organization=organization,
                    contest=contest,
                    import_batch=batch,
                    entered_by=actor,
                    calendar=index < calendars,
                    **values,
                )
                for index, values in enumerate(fresh)
            ),
            batch_size=1000,
        )


# The staging table is made once per database session and emptied at each commit (and by
# the INSERT's own DELETE, for a second import in the same transaction): creating and
# dropping it in every transaction wrote the catalogs each time (~5 ms, paid by each step
# of the import job).
_STAGING = """
CREATE TEMP TABLE IF NOT EXISTS import_policy (
    seq integer, agent_id bigint, number text, premium numeric, issued_on date,
    product text, card_number text
) ON COMMIT DELETE ROWS
"""
_COPY = "COPY import_policy FROM STDIN WITH (FORMAT csv)"
# One plain scan; the planner's JIT compilation would cost more than it saves here.
_INSERT = """
SET LOCAL jit = off;
INSERT INTO contests_policy (organization_id, contest_id, agent_id, number, premium,
    issued_on, product, card_number, calendar, voided, entered_by_id, entered_at, version,
    import_batch_id)
SELECT %(org)s, %(contest)s, agent_id, number, premium, issued_on, product, card_number,
    seq < %(calendars)s, false, %(actor)s, %(now)s, 1, %(batch)s
FROM import_policy ORDER BY seq;
DELETE FROM import_policy
"""


def _create_by_copy(organization, contest, batch, actor, fresh, calendars):
    buffer = io.StringIO()
    # Every field quoted: in COPY's CSV format an unquoted empty field is NULL.
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(
        (
            seq,
            v["agent"].pk,
            v["number"],
            v["premium"],
            v["issued_on"],
            v["product"],
            v["card_number"],
        )
        for seq, v in enumerate(fresh)
    )
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.execute(_STAGING)
        cursor.copy_expert(_COPY, buffer)
        cursor.execute(
            _INSERT,
            {
                "org": organization.pk,
                "contest": contest.pk,
                "calendars": calendars,
                "actor": actor.pk if actor else None,
                "now": timezone.now(),
                "batch": batch.pk,
            },
        )
