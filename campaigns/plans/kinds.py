"""The hook where a plan kind adds its own data.

A kind may also add chapters to the plan's PDF (`pdf_chapters`: the event kinds print
their offers and the sealed prize pools' hashes).

A spec's "extra" holds kind-specific data (the contest's reward rules, the bundle's
tiers, ...). By default it is kept as-is on Plan.extra, so nothing a template carries is
lost. The issue that builds a kind registers hooks here to turn it into that kind's own
rows when a plan is made, and to write them back when a plan is copied or saved as a
template.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace


def _keep_on_plan(plan, extra):
    plan.extra = extra
    plan.save(update_fields=["extra"])


def _read_from_plan(plan):
    return dict(plan.extra)


def _no_chapters(plan, organization):
    return []


def _no_alerts(plan, organization):
    return {}


@dataclass(frozen=True)
class KindHooks:
    apply_extra: Callable = _keep_on_plan  # (plan, extra) → None, inside the tenant context
    dump_extra: Callable = _read_from_plan  # (plan) → dict
    # (plan, organization) → [(title, body HTML)], inside the tenant context; the body is
    # sanitized like a section's before it is printed
    pdf_chapters: Callable = _no_chapters
    # (plan, organization) → {task id: message}: timeline tasks the kind's own data says are
    # late (Telecom Day: gifts not in stock by T−3); shown red on the task and as findings
    task_alerts: Callable = _no_alerts


_HOOKS: dict[str, KindHooks] = {}


def register_kind(
    kind: str, *, apply_extra=None, dump_extra=None, pdf_chapters=None, task_alerts=None
):
    """Register hooks for a kind; a later call for the same kind keeps the hooks it does
    not name (two modules of one app may each register their own)."""
    given = {
        name: hook
        for name, hook in (
            ("apply_extra", apply_extra),
            ("dump_extra", dump_extra),
            ("pdf_chapters", pdf_chapters),
            ("task_alerts", task_alerts),
        )
        if hook is not None
    }
    _HOOKS[kind] = replace(_HOOKS.get(kind, KindHooks()), **given)


def hooks_for(kind: str) -> KindHooks:
    return _HOOKS.get(kind, KindHooks())
