"""Test settings: the same stack; PostgreSQL + Redis when DATABASE_URL/CELERY_BROKER_URL are set."""

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
# pytest-xdist: each test process sends its jobs to a Celery queue of its own, so a real
# worker started by one process never takes another's job (their test databases differ).
if env("PYTEST_XDIST_WORKER", default=""):
    CELERY_TASK_DEFAULT_QUEUE = f"celery-{env('PYTEST_XDIST_WORKER')}"
