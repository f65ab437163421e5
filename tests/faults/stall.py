"""Stall points for the fault suite, loaded into one worker process only
(`celery worker -I tests.faults.stall`, FAULT_STALL=<point>): when the job reaches the
point, the worker writes FAULT_STALL_MARKER (so the test knows the job is in the middle of
its work) and waits there, long enough for the test to kill it. Nothing else changes: a
worker started without it runs the real code.

- `pdf`: inside the plan PDF export, when WeasyPrint is about to render;
- `import`: inside the policy import job, before its third step's writes (two steps
  committed, the third's transaction open).
"""

import os
import time

from campaigns import printing
from contests.services import imports

POINT = os.environ.get("FAULT_STALL", "")
MARKER = os.environ.get("FAULT_STALL_MARKER", "")
STALL_SECONDS = 600


def _stall():
    with open(MARKER, "w") as marker:
        marker.write(str(os.getpid()))
    time.sleep(STALL_SECONDS)


if POINT == "pdf":
    _render = printing.render_pdf

    def render_pdf(*args, **kwargs):
        _stall()
        return _render(*args, **kwargs)

    printing.render_pdf = render_pdf

elif POINT == "import":
    _write = imports.import_write
    _calls = []

    def import_write(*args, **kwargs):
        _calls.append(1)
        if len(_calls) == 3:
            _stall()
        return _write(*args, **kwargs)

    imports.import_write = import_write
