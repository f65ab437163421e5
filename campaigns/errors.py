"""Errors every feature raises the same way.

- `django.core.exceptions.ValidationError` (field → message): bad input. Pages show it on
  the form, the API answers 400 with field errors (`campaigns.api_errors`).
- `EditConflict`: someone saved the row after this editor loaded it (its `version` moved
  on). Pages say someone changed it and show what is stored now; the API answers 409 with
  `detail` and `current` (or, where a view says so, the row as it is now).
"""

from django.utils.translation import gettext_lazy as _

CONFLICT_MESSAGE = _("Someone else saved this first. Reload, check their change and try again.")


class EditConflict(Exception):
    """Someone saved this after the editor loaded it. `current`: field → value stored now
    (the other change); `attempted`: field → value this editor tried to save."""

    def __init__(self, *, part="", current=None, attempted=None, message=None):
        self.message = message or CONFLICT_MESSAGE
        super().__init__(str(self.message))
        self.part = part
        self.current = current or {}
        self.attempted = attempted or {}
