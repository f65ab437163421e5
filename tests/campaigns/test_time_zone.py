"""Pages show times in the organization's own time zone."""

from datetime import UTC, datetime

import pytest

from campaigns.models import Job, Organization
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("time_zone", "shown"),
    [
        ("Asia/Shanghai", "2026-01-01 08:00"),
        ("Asia/Urumqi", "2026-01-01 06:00"),
        ("UTC", "2026-01-01 00:00"),
    ],
)
def test_job_times_follow_the_organization_time_zone(client, world, time_zone, shown):
    Organization.objects.filter(pk=world.a.org.pk).update(time_zone=time_zone)
    job = JobFactory(organization=world.a.org)
    with tenant_context(world.a.org):
        Job.objects.filter(pk=job.pk).update(created_at=datetime(2026, 1, 1, tzinfo=UTC))
    client.force_login(world.a.members[Role.MANAGER].user)
    assert shown in client.get("/alpha/jobs/").content.decode()


def test_unknown_time_zone_is_refused(world):
    from django.core.exceptions import ValidationError

    world.a.org.time_zone = "Mars/Olympus"
    with pytest.raises(ValidationError) as excinfo:
        world.a.org.full_clean()
    assert "time_zone" in excinfo.value.message_dict
