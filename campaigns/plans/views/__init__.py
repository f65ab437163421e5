"""Plan pages, by topic: `plan` (the list, a new plan, the plan page and its header,
checks, status and history), `parts` (the in-place editor of a plan's parts, htmx),
`copying` (copy a plan, save it as a template), `exports` (the PDF export). Mounted by
campaigns/plans/urls.py.

Every fragment also works without htmx: a normal POST redirects back to the plan page.
"""
