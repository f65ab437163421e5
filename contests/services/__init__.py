"""Writes of the sales contest, by topic: `contest` (set-up and settings), `agents`,
`policies` (entry, correction, void), `imports` (the policy system's export; its bulk
writer `import_store`, the commit of a large file as a job `import_job`), `awards` (award
choices), `tracking`, `evaluations` (snapshots), `battle_reports` (requesting the PDFs,
the schedule). Keyword-only, organization first, one transaction each (the import job
commits a step at a time); errors are django ValidationError (field → message in the user's
language), a stale correction `campaigns.errors.EditConflict`.

The services are re-exported here so that pages, the API, tasks and the demo call
`services.policy_record(...)`; within the package, modules import each other by topic.
"""

from .agents import agent_save
from .awards import award_decide
from .battle_reports import BATTLE_REPORT_JOB_KIND, battle_report_request, battle_reports_due
from .contest import contest_create, contest_settings_save
from .evaluations import snapshot_take, snapshots_due, snapshots_due_everywhere
from .imports import (
    IMPORT_JOB_KIND,
    import_batch_check_committable,
    policies_import_commit,
    policies_import_preview,
)
from .policies import (
    POLICY_FIELDS,
    policy_check_changeable,
    policy_correct,
    policy_record,
    policy_void,
)
from .tracking import tracking_save

__all__ = [
    "BATTLE_REPORT_JOB_KIND",
    "IMPORT_JOB_KIND",
    "POLICY_FIELDS",
    "agent_save",
    "award_decide",
    "battle_report_request",
    "battle_reports_due",
    "contest_create",
    "contest_settings_save",
    "import_batch_check_committable",
    "policies_import_commit",
    "policies_import_preview",
    "policy_check_changeable",
    "policy_correct",
    "policy_record",
    "policy_void",
    "snapshot_take",
    "snapshots_due",
    "snapshots_due_everywhere",
    "tracking_save",
]
