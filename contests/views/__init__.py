"""The contest's pages, by topic: `contest` (set-up, progress, settings, risks,
evaluations), `agents` (agents, awards, tracking), `entry` (daily entry, one entry's page),
`imports` (the policy system's export), `reports` (the battle report). Mounted by
contests/urls.py."""
