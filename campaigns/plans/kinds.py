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
from dataclasses import dataclass


def _keep_on_plan(plan, extra):
    plan.extra = extra
    plan.save(update_fields=["extra"])


def _read_from_plan(plan):
    return dict(plan.extra)


def _no_chapters(plan, organization):
    return []


@dataclass(frozen=True)
class KindHooks:
    apply_extra: Callable = _keep_on_plan  # (plan, extra) → None, inside the tenant context
    dump_extra: Callable = _read_from_plan  # (plan) → dict
    # (plan, organization) → [(title, body HTML)], inside the tenant context; the body is
    # sanitized like a section's before it is printed
    pdf_chapters: Callable = _no_chapters


_HOOKS: dict[str, KindHooks] = {}


def register_kind(kind: str, *, apply_extra=None, dump_extra=None, pdf_chapters=None):
    _HOOKS[kind] = KindHooks(
        apply_extra=apply_extra or _keep_on_plan,
        dump_extra=dump_extra or _read_from_plan,
        pdf_chapters=pdf_chapters or _no_chapters,
    )


def hooks_for(kind: str) -> KindHooks:
    return _HOOKS.get(kind, KindHooks())
