"""Contest API: /api/v1/<org>/contests/..., by topic: `contests` (the list, progress),
`standings` (leaderboards, an agent's awards), `policies` (entry, correction, void) and
`imports` (the policy system's export). Thin: the same selectors and services as the
pages. Mounted by contests/api_urls.py."""
