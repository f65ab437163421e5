"""Settings shared by every environment; everything variable comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "campaigns",
    "contests",
    "franchise",
    "promotions",
    "promotions.events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "campaigns.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF and tenancy: a control character answers 400 before anything reads it.
    "campaigns.middleware.ControlCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so CSRF and auth have run before it opens the tenant transaction.
    "campaigns.middleware.TenantMiddleware",
]

# Content-Security-Policy on every response (django-csp; docs/production.md): scripts and
# styles only from our own files — no inline <script>, no on…= handlers, no style
# attributes, no eval (htmx's allowEval is off). Images may be data: URLs (ECharts'
# "save as image", Swagger UI's icons). The API docs page is the sidecar's Swagger UI with
# its init script served as a file (SpectacularSwaggerSplitView), so it needs nothing more.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "campaigns.context_processors.tenant",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default serves several people at once. Every request runs in a
    # transaction (the tenant context); SQLite's default DEFERRED transaction takes the
    # write lock only at its first write, and a reader that then writes while another
    # holds the lock fails at once with "database is locked" (the busy timeout does not
    # apply to that upgrade). IMMEDIATE takes the write lock at BEGIN: requests that
    # write queue up behind each other for up to `timeout` seconds instead. WAL lets
    # readers outside a transaction run alongside the writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT_SECONDS", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: a blocked address is refused before any password is checked.
    "campaigns.signin_throttle.AddressThrottleBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username from one IP after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list("AXES_IP_HEADERS", default=["REMOTE_ADDR"])
# The lockout answers JSON with Retry-After under /api/, a translated page elsewhere.
AXES_LOCKOUT_CALLABLE = "campaigns.signin_throttle.lockout_response"

# Password spraying (docs/production.md, "Sign-in and API tokens"): this many failed
# sign-ins from one address, whatever the usernames, within the window refuse every
# sign-in from that address (page, token endpoint, platform admin) for the block time.
# Higher than AXES_FAILURE_LIMIT: a whole branch office may share one address.
SIGNIN_ADDRESS_FAILURE_LIMIT = env.int("SIGNIN_ADDRESS_FAILURE_LIMIT", default=20)
SIGNIN_ADDRESS_WINDOW_SECONDS = env.int("SIGNIN_ADDRESS_WINDOW_SECONDS", default=900)
SIGNIN_ADDRESS_BLOCK_SECONDS = env.int("SIGNIN_ADDRESS_BLOCK_SECONDS", default=900)

# The counters above live in the cache: shared by every web worker only with a shared
# cache (Redis in production, CACHE_URL=redis://...); the default is per process.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# API tokens (django-rest-knox, hashed, one per device): a token unused for
# API_TOKEN_IDLE_DAYS expires; each use pushes its expiry on (AUTO_REFRESH).
API_TOKEN_IDLE_DAYS = env.int("API_TOKEN_IDLE_DAYS", default=30)
API_TOKENS_PER_USER = env.int("API_TOKENS_PER_USER", default=20)
KNOX_TOKEN_MODEL = "campaigns.ApiToken"
# knox's own migrations create its AuthToken table even when the model is swapped for
# ours; nothing uses it, and on PostgreSQL its foreign key to auth_user makes the tests'
# TRUNCATE of the users fail. Without migrations a swapped model gets no table.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_IDLE_DAYS),
    "AUTO_REFRESH": True,
    "MIN_REFRESH_INTERVAL": 60,  # at most one write per token and minute
    "AUTH_HEADER_PREFIX": "Token",  # clients keep sending `Authorization: Token <key>`
    "TOKEN_MODEL": "campaigns.ApiToken",
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated API calls get 401 with WWW-Authenticate: Token.
        "campaigns.api_tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "campaigns.api_schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "campaigns.api_errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "campaigns.api_errors.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Campaigns API",
    "DESCRIPTION": "Marketing campaign plans, per organization. Authenticate with "
    "`Authorization: Token <key>` from POST /api/v1/auth/token/ (one token per device; "
    "it expires after 30 days unused by default, and when the password changes or a "
    "membership ends). List and revoke your tokens at /api/v1/auth/tokens/. Too many "
    "failed sign-ins answer 429 with a `Retry-After` header (seconds).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "campaigns.idempotency.document_header",  # the optional Idempotency-Key on POSTs
        "campaigns.api_schema.declare_errors",  # 400/401/403/404/409/429 on every operation
    ],
    # Swagger UI served from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "campaigns.plans.models.PlanStatus",
        "TaskStatusEnum": "campaigns.plans.models.TaskStatus",
        "MaterialStatusEnum": "campaigns.plans.models.Material.Status",
        "PlanKindEnum": "campaigns.plans.models.PlanKind",
        "ChannelKindEnum": "promotions.models.Channel.Kind",
        "StockEntryKindEnum": "promotions.models.StockEntry.Kind",
        "SmsStatusEnum": "campaigns.sms.models.SmsMessage.Status",
        "DepositKindEnum": "promotions.events.models.DepositEntry.Kind",
        "FollowUpOutcomeEnum": "promotions.events.models.FollowUp.Outcome",
        "GiftItemKindEnum": "promotions.events.models.GiftItem.Kind",
        "GiftMovementKindEnum": "promotions.events.models.GiftMovement.Kind",
    },
}

# Celery: with no broker configured, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
# A worker killed mid-task puts the message back instead of acknowledging it.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Publishing must fail fast while Redis is down: a request that committed its write sends
# its job ids after the commit, and a failure there is logged and left to the sweeper
# (campaigns.claimable.enqueue_on_commit), so it must not hold the request for long.
# Connection refused fails at once; an unreachable or hung Redis within ~2 x 2 s.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 5.0,  # above the worker's 1 s BRPOP poll
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # The one sweeper of claimable rows: background jobs and SMS messages (docs/jobs.md).
    "sweep-stale-jobs": {"task": "campaigns.tasks.sweep_stale_jobs", "schedule": 60.0},
    "battle-reports": {"task": "contests.tasks.schedule_battle_reports", "schedule": 300.0},
    "evaluation-snapshots": {"task": "contests.tasks.take_evaluation_snapshots", "schedule": 300.0},
    "bundle-expire-unconfirmed": {
        "task": "promotions.tasks.expire_unconfirmed_members",
        "schedule": 300.0,
    },
    "bundle-daily-reports": {"task": "promotions.tasks.schedule_daily_reports", "schedule": 300.0},
    "idempotency-keys": {
        "task": "campaigns.tasks.delete_expired_idempotency_keys",
        "schedule": 3600.0,
    },
    # Uploaded import files older than UPLOAD_RETENTION_DAYS are deleted; rows stay.
    "expire-uploads": {"task": "campaigns.tasks.expire_uploads", "schedule": 3600.0},
    # API tokens past their expiry (refused anyway) are deleted.
    "purge-expired-tokens": {"task": "campaigns.tasks.purge_expired_tokens", "schedule": 3600.0},
    # Telecom Day: invitation campaigns waiting for the sending hours; the daily ranking PDF.
    "event-invitations-due": {
        "task": "promotions.events.tasks.start_due_invitation_campaigns",
        "schedule": 60.0,
    },
    "event-ranking-reports": {
        "task": "promotions.events.tasks.schedule_ranking_reports",
        "schedule": 300.0,
    },
}
# Uploaded import files (media/imports/…) are kept this many days (docs/production.md).
UPLOAD_RETENTION_DAYS = env.int("UPLOAD_RETENTION_DAYS", default=30)
# A queued job untouched this long is assumed lost and enqueued again.
JOB_STALE_AFTER_SECONDS = env.int("JOB_STALE_AFTER_SECONDS", default=300)
# A running job (or SMS being sent) holds a lease this long, renewed every third of it
# while its worker lives; once it expires a redelivered message or the sweeper takes the
# row over (docs/jobs.md): a killed worker's job resumes about this long after the kill.
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", default=60)
# How long the API keeps a POST's answer for retries with the same Idempotency-Key.
IDEMPOTENCY_KEY_HOURS = env.int("IDEMPOTENCY_KEY_HOURS", default=24)

# Policy imports (docs/contests.md): a batch writing more rows than this commits as a
# background job that shows its progress, this many rows of the file per step.
CONTEST_IMPORT_JOB_THRESHOLD = env.int("CONTEST_IMPORT_JOB_THRESHOLD", default=2000)
CONTEST_IMPORT_CHUNK_ROWS = env.int("CONTEST_IMPORT_CHUNK_ROWS", default=10000)
# Imports of uploaded files (job kinds registered with `is_import=True`, docs/jobs.md): at
# most this many of one organization run at once; the others wait, queued, and start
# when one finishes.
IMPORTS_PER_ORGANIZATION = env.int("IMPORTS_PER_ORGANIZATION", default=2)

# SMS gateway (docs/sms.md): the outbox keeps messages in the database (the default);
# campaigns.sms.backends.AliyunSmsBackend sends through Alibaba Cloud SMS (SendSms).
SMS_BACKEND = env("SMS_BACKEND", default="campaigns.sms.backends.OutboxBackend")
SMS_MAX_ATTEMPTS = env.int("SMS_MAX_ATTEMPTS", default=5)
SMS_BATCH_SIZE = env.int("SMS_BATCH_SIZE", default=50)  # messages per fan-out task
SMS_HTTP_ENDPOINT = env("SMS_HTTP_ENDPOINT", default="https://dysmsapi.aliyuncs.com/")
SMS_HTTP_TIMEOUT = env.float("SMS_HTTP_TIMEOUT", default=10.0)
SMS_ACCESS_KEY_ID = env("SMS_ACCESS_KEY_ID", default="")
SMS_ACCESS_KEY_SECRET = env("SMS_ACCESS_KEY_SECRET", default="")
SMS_SIGN_NAME = env("SMS_SIGN_NAME", default="")
SMS_TEMPLATE_CODE = env("SMS_TEMPLATE_CODE", default="")

# Resident ID numbers (Telecom Day's birthday gift, docs/events.md): only an HMAC-SHA256
# of the number under this key is stored (for "one gift per ID"), never the number. In
# development it derives from SECRET_KEY; production requires its own (production.py).
RESIDENT_ID_HMAC_KEY = env("RESIDENT_ID_HMAC_KEY", default="") or f"resident-id:{SECRET_KEY}"

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="campaigns@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
