"""Test settings: the same stack; PostgreSQL + Redis when DATABASE_URL/CELERY_BROKER_URL are set."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT = 3
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media" / "test"))  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Lets parallel runs on one PostgreSQL server use separate test databases.
if env("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}  # noqa: F405
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not SQLite's in-memory test database: with an in-memory database Django
    # shares one connection between the test and the live server's threads, and two htmx
    # requests arriving at once then interleave their savepoints on it ("no such
    # savepoint", a 500). On a file each thread has its own connection, and the base
    # settings' immediate transactions and busy timeout make them queue. One file per
    # process (each pytest-xdist worker is one), so parallel runs do not clobber each
    # other; Django deletes it afterwards.
    # In RAM when the machine has /dev/shm: a file's speed then stays close to :memory:'s.
    # Durability is no concern for a test database: no fsync.
    import tempfile
    from pathlib import Path

    # (A throw-away database on a test machine: a predictable name there is harmless.)
    _shm = Path("/dev/shm")  # noqa: S108
    _directory = _shm if _shm.is_dir() else Path(tempfile.gettempdir())
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(_directory / f"campaigns-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
    )
# pytest-xdist: each test process sends its jobs to a Celery queue of its own, so a real
# worker started by one process never takes another's job (their test databases differ).
if env("PYTEST_XDIST_WORKER", default=""):
    CELERY_TASK_DEFAULT_QUEUE = f"celery-{env('PYTEST_XDIST_WORKER')}"
