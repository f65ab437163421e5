"""Reads of the sales contest, by topic: `contests` (contests and their checkpoints),
`agents` (scope, supervisors, award choices, tracking), `policies` (entries and their
history), `standings` (leaderboards and progress, awards, risks, evaluations),
`battle_reports` (the daily report's figures), `imports` (the batches a member sees).
Pages and the API both use them. Totals are aggregated in the database (one query each),
whatever the number of agents and policies.

The selectors are re-exported here so that callers write `selectors.contest_get(...)`;
within the package, modules import each other by topic.
"""

from .agents import (
    agent_get,
    agents_in_scope,
    agents_of,
    decisions_of,
    team_supervisors,
    tracking_day,
)
from .battle_reports import (
    TOP_AGENTS,
    battle_report_data,
    report_get,
    reports_of,
)
from .contests import (
    checkpoints_of,
    contest_get,
    contests_of,
)
from .imports import (
    import_batch_get,
    import_batches_visible,
)
from .policies import (
    agent_policies,
    entries_by,
    live_policies,
    policies_in_scope,
    policy_get,
    policy_history,
    policy_in_scope,
)
from .standings import (
    ZERO,
    agent_board,
    agent_standing,
    compare_snapshots,
    contest_standing,
    daily_totals,
    department_total,
    risk_lists,
    snapshots_of,
    standing_as_of,
    team_board,
)

__all__ = [
    "TOP_AGENTS",
    "ZERO",
    "agent_board",
    "agent_get",
    "agent_policies",
    "agent_standing",
    "agents_in_scope",
    "agents_of",
    "battle_report_data",
    "checkpoints_of",
    "compare_snapshots",
    "contest_get",
    "contest_standing",
    "contests_of",
    "daily_totals",
    "decisions_of",
    "department_total",
    "entries_by",
    "import_batch_get",
    "import_batches_visible",
    "live_policies",
    "policy_get",
    "policy_history",
    "policy_in_scope",
    "policies_in_scope",
    "report_get",
    "reports_of",
    "risk_lists",
    "snapshots_of",
    "standing_as_of",
    "team_board",
    "team_supervisors",
    "tracking_day",
]
