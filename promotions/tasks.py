"""The module Celery autodiscovers for this app (`<app>.tasks`): it imports the
sub-packages' tasks, which keep their names `promotions.tasks.<name>` (beat uses them)."""

from .bundles.tasks import expire_unconfirmed_members, schedule_daily_reports

__all__ = ["expire_unconfirmed_members", "schedule_daily_reports"]
