"""An import job kind for tests/campaigns/test_import_slots.py, loaded into a real worker
process with `celery worker -I tests.campaigns.import_slot_job`: it holds its import slot
until the test creates the file its payload names (or a minute passes)."""

import os
import time

from campaigns import claimable, jobs

KIND = "test.held_import"


@jobs.job_handler(KIND, is_import=True)
def held_import(job):
    release = job.payload.get("release", "")
    deadline = time.monotonic() + job.payload.get("seconds", 60)
    while release and not os.path.exists(release) and time.monotonic() < deadline:
        time.sleep(0.05)
    return {"released": bool(release) and os.path.exists(release), "worker": claimable.worker_id()}
