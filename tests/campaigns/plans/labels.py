"""Plan status labels as the error messages show them (unknown statuses as given)."""

LABELS = {
    "draft": "Draft",
    "approved": "Approved",
    "running": "Running",
    "closed": "Closed",
    "archived": "archived",
}
