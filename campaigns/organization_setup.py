"""What a new organization starts with. Each app registers its step on import (from its
`AppConfig.ready`); `services.organization_create` and the platform admin run them all in
the transaction that creates the organization, so that reading a page never writes."""

_STEPS = []


def set_up_step(step):
    """Register `step(*, organization)` to run for every new organization."""
    _STEPS.append(step)
    return step


def set_up(organization):
    for step in _STEPS:
        step(organization=organization)
