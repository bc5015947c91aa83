"""Settings of the SMM platform: one module, driven by environment variables.

Without DATABASE_URL the platform runs on a SQLite file (the zero-setup demo); without
CELERY_BROKER_URL background tasks run eagerly in-process. See README.md for the variables.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "csp",
    "accounts",
    "campaigns",
    "planning",
    "partners",
    "negativity",
    "reports",
    "social",
    # Last: an app's Russian catalogue wins over those of the apps after it, and every area's own
    # labels (e.g. a partner's stage "Active") must win over the webhook log's.
    "integrations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "integrations.middleware.ApiRequestGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "integrations.middleware.IdempotencyMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "smm_platform.urls"
WSGI_APPLICATION = "smm_platform.wsgi.application"
ASGI_APPLICATION = "smm_platform.asgi.application"

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
                "accounts.context_processors.workspace_nav",
            ],
            # Numbers, money, percents and dates for people: one helper (smm_platform/formatting.py).
            "libraries": {"formatting": "smm_platform.formatting"},
        },
    },
]

# --- Database --------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Redis -------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "smm"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env_list("PASSWORD_HASHERS") or [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed logins are throttled per email and address, and per address alone against password
# spraying (django-axes; the rule is accounts.security.failure_limit).
AXES_ACCOUNT_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 20)
AXES_FAILURE_LIMIT = "accounts.security.failure_limit"
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files are private: no URL serves MEDIA_ROOT; views that check the
# workspace and role deliver them (smm_platform/files.py), optionally through the web server.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
PRIVATE_FILES_SERVER = env_str("PRIVATE_FILES_SERVER", "")  # "", "x-accel-redirect", "x-sendfile"
PRIVATE_FILES_INTERNAL_URL = env_str("PRIVATE_FILES_INTERNAL_URL", "/protected-media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)

# --- Email -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SMM Platform <noreply@smm.local>")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; keep default
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy (django-csp): scripts, styles, fonts and images come from this site only;
# no inline script or event handler runs (templates load static files; data goes in json_script
# blocks, which are not executed). CSP_REPORT_ONLY=1 reports violations instead of blocking.
_CSP_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP_POLICY
else:
    CONTENT_SECURITY_POLICY = _CSP_POLICY

# --- Django REST framework -------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "smm_platform.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "accounts.filtering.WorkspaceFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "smm_platform.api.UpdatedSinceFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["smm_platform.validation.StrictJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "smm_platform.throttling.AnonRateThrottle",
        "smm_platform.throttling.UserRateThrottle",
        "integrations.throttling.IntegrationTokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("THROTTLE_ANON", "120/min"),
        "user": env_str("THROTTLE_USER", "2000/min"),
        "auth": env_str("THROTTLE_AUTH", "20/min"),
    },
    "EXCEPTION_HANDLER": "smm_platform.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "integrations.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SMM Platform API",
    "DESCRIPTION": (
        "REST API v1 of the SMM campaign platform: business goals, campaigns, metrics and CRM "
        "conversions, calendar plans, partners, mentions and reports. Authenticate with "
        "`Authorization: Token <key>` (a user token from /api/v1/auth/token/ or a workspace "
        "integration token)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "integrations.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "GoalKindEnum": "campaigns.enums.GoalKind",
        "ConversionKindEnum": "campaigns.enums.ConversionKind",
        "ChannelEnum": "campaigns.enums.Channel",
        "CampaignStatusEnum": "campaigns.enums.CampaignStatus",
        "TrendStatusEnum": "campaigns.enums.TrendStatus",
        "PartnerKindEnum": "partners.enums.PartnerKind",
        "NegotiationKindEnum": "partners.enums.NegotiationKind",
        "DeliverableKindEnum": "partners.enums.DeliverableKind",
        "DealStatusEnum": "partners.enums.DealStatus",
        "DeliverableStatusEnum": "partners.enums.DeliverableStatus",
        "PartnerStageEnum": "partners.enums.Stage",
        "ReportKindEnum": "reports.enums.ReportKind",
        "ReportFormatEnum": "reports.enums.ReportFormat",
        "ReportRunStatusEnum": "reports.enums.RunStatus",
        "ReportFrequencyEnum": "reports.enums.Frequency",
        "PlanItemStatusEnum": "planning.enums.ItemStatus",
        "TaskStatusEnum": "planning.enums.TaskStatus",
        "ProposalStatusEnum": "planning.enums.ProposalStatus",
        "MentionStatusEnum": "negativity.enums.MentionStatus",
        "IncidentStatusEnum": "negativity.enums.IncidentStatus",
        "MentionCategoryEnum": "negativity.enums.Category",
        "MentionTopicEnum": "negativity.enums.Topic",
        "MentionPriorityEnum": "negativity.enums.Priority",
    },
}

# --- Crispy forms ----------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery ----------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {
    "accounts-expire-invitations": {
        "task": "accounts.expire_invitations",
        "schedule": 60 * 60,
    },
    "integrations-redeliver-due-webhooks": {
        "task": "integrations.redeliver_due",
        "schedule": 60,
    },
    "integrations-purge-idempotency-keys": {
        "task": "integrations.purge_idempotency_keys",
        "schedule": 60 * 60,
    },
    # Nightly alignment pass over every running campaign (03:15 local time).
    "campaigns-nightly-alignment": {
        "task": "campaigns.check_running_alignment",
        "schedule": crontab(hour=3, minute=15),
    },
    "partners-remind-overdue-next-steps": {
        "task": "partners.remind_overdue_next_steps",
        "schedule": 60 * 60,
    },
    "reports-reclaim-stale-runs": {
        "task": "reports.reclaim_stale_runs",
        "schedule": 60,
    },
    "planning-mark-missed": {"task": "planning.mark_missed", "schedule": 15 * 60},
    "planning-flag-overdue-tasks": {"task": "planning.flag_overdue_tasks", "schedule": 60 * 60},
    "planning-remind-due-tasks": {"task": "planning.remind_due_tasks", "schedule": 60 * 60},
    "negativity-detect-attacks": {"task": "negativity.detect_attacks_all", "schedule": 60},
    "negativity-escalate-sla": {"task": "negativity.escalate_sla_breaches", "schedule": 5 * 60},
    # Connected communities: publish what is due (and retry what waited), pull statistics and comments.
    "social-publish-due": {"task": "social.publish_due", "schedule": 60},
    "social-sync-accounts": {"task": "social.sync_all", "schedule": 30 * 60},
}

# --- Outbound HTTP ---------------------------------------------------------------------------
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", False)
WEBHOOKS_ALLOWED_ADDRESSES = env_list("WEBHOOKS_ALLOWED_ADDRESSES")
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_SECRET_OVERLAP_HOURS = env_int("WEBHOOK_SECRET_OVERLAP_HOURS", 24)
WEBHOOK_CONNECT_TIMEOUT = env_int("WEBHOOK_CONNECT_TIMEOUT", 3)
WEBHOOK_READ_TIMEOUT = env_int("WEBHOOK_READ_TIMEOUT", 10)

# --- Connected communities (social) ---------------------------------------------------------
VK_API_BASE_URL = env_str("VK_API_BASE_URL", "https://api.vk.com/method/")
VK_API_VERSION = env_str("VK_API_VERSION", "5.199")
TELEGRAM_API_BASE_URL = env_str("TELEGRAM_API_BASE_URL", "https://api.telegram.org")
# Access tokens are encrypted with a key derived from this (default: SECRET_KEY); earlier keys in
# SOCIAL_TOKEN_KEY_FALLBACKS still decrypt during a rotation.
SOCIAL_TOKEN_KEY = env_str("SOCIAL_TOKEN_KEY", "")
SOCIAL_TOKEN_KEY_FALLBACKS = env_list("SOCIAL_TOKEN_KEY_FALLBACKS")
SOCIAL_PUBLISH_MAX_ATTEMPTS = env_int("SOCIAL_PUBLISH_MAX_ATTEMPTS", 6)
# Backoff between attempts: base * 2^(attempt-1) seconds (at least the network's own wait), capped.
SOCIAL_RETRY_BASE_SECONDS = env_int("SOCIAL_RETRY_BASE_SECONDS", 30)
SOCIAL_RETRY_MAX_SECONDS = env_int("SOCIAL_RETRY_MAX_SECONDS", 3600)
# An approved item whose time passed while no worker ran is still sent within this window.
SOCIAL_PUBLISH_GRACE_MINUTES = env_int("SOCIAL_PUBLISH_GRACE_MINUTES", 180)
# A send that never reported back (the worker died) is failed, not resent: check the community.
SOCIAL_SENDING_STALE_MINUTES = env_int("SOCIAL_SENDING_STALE_MINUTES", 10)

# --- API guards (integrations.middleware, integrations.throttling) ---------------------------
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 5 * 1024 * 1024)
THROTTLE_TOKEN = env_str("THROTTLE_TOKEN", "600/min")
THROTTLE_INBOUND = env_str("THROTTLE_INBOUND", "120/min")  # signed mention webhook, per workspace+address
IDEMPOTENCY_TTL_HOURS = env_int("IDEMPOTENCY_TTL_HOURS", 24)

# --- Product settings ------------------------------------------------------------------------
INVITATION_TTL_DAYS = env_int("INVITATION_TTL_DAYS", 14)
# Sign-up confirmation links: lifetime, and how many one address gets per hour.
SIGNUP_TTL_HOURS = env_int("SIGNUP_TTL_HOURS", 48)
SIGNUP_MAX_PER_HOUR = env_int("SIGNUP_MAX_PER_HOUR", 3)
# User API tokens (auth/token/): default and longest lifetime.
USER_TOKEN_TTL_DAYS = env_int("USER_TOKEN_TTL_DAYS", 90)
USER_TOKEN_MAX_DAYS = env_int("USER_TOKEN_MAX_DAYS", 365)
# A running report whose worker has not reported progress for this long is taken over by another.
REPORTS_STALE_AFTER_SECONDS = env_int("REPORTS_STALE_AFTER_SECONDS", 300)
# Pause between the steps of a report run (0 in production; the worker-death test slows runs down).
REPORTS_STEP_PAUSE_SECONDS = env_int("REPORTS_STEP_PAUSE_SECONDS", 0)
REPORTS_FONT_DIR = env_str("REPORTS_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
PLANNING_ATTACHMENT_MAX_MB = env_int("PLANNING_ATTACHMENT_MAX_MB", 20)
PLANNING_OVERLOAD_PER_CHANNEL_DAY = env_int("PLANNING_OVERLOAD_PER_CHANNEL_DAY", 3)
PLANNING_GAP_DAYS = env_int("PLANNING_GAP_DAYS", 3)
PLANNING_SHARE_LINK_DAYS = env_int("PLANNING_SHARE_LINK_DAYS", 14)
# Negativity inbox: where the starter classifier is stored, and the ingest limits.
# (outside MEDIA_ROOT: model files are never downloadable)
NEGATIVITY_MODEL_DIR = Path(env_str("NEGATIVITY_MODEL_DIR", str(BASE_DIR / "var" / "negativity-models")))
NEGATIVITY_MAX_BATCH = env_int("NEGATIVITY_MAX_BATCH", 1000)
NEGATIVITY_MAX_TEXT = env_int("NEGATIVITY_MAX_TEXT", 5000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"no_403_traceback": {"()": "smm_platform.logfilters.PermissionDeniedWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # a 403 is normal flow: one WARNING line, no traceback
        "django.request": {"filters": ["no_403_traceback"]},
        "django.security": {"filters": ["no_403_traceback"]},
        "axes": {"level": "WARNING"},
        "pymorphy3": {"level": "WARNING"},  # "Loading dictionaries..." at every start
    },
}
if CELERY_TASK_ALWAYS_EAGER:
    # Zero-setup mode (the demo: tasks run in-process): one "Task ... succeeded" line per task and
    # kombu's "no hostname" note would bury the login banner. Failures still log (WARNING+).
    LOGGING["loggers"].update(
        {"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}}
    )
