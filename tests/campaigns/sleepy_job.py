"""A job kind for tests/campaigns/test_lease_recovery.py, loaded into a real worker process
with `celery worker -I tests.campaigns.sleepy_job`: its first attempt sleeps (long enough
for the test to kill the worker), a later one answers at once with the worker it ran on."""

import time

from campaigns import claimable, jobs


@jobs.job_handler("test.sleepy")
def sleepy(job):
    if job.attempts == 1:
        time.sleep(job.payload.get("seconds", 60))
    return {"attempt": job.attempts, "worker": claimable.worker_id()}
