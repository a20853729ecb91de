"""Settings for Besøkshjem, read from the environment (see README: Configuration).

Embedded defaults (no environment at all) give a working portal: SQLite, tasks run
eagerly in-process and e-mail is printed to the console.
"""

import sys
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env") if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("TESTING", default="pytest" in sys.modules)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - only with DEBUG or TESTING
# Commands that sign nothing and serve nothing may run without a key (e.g. `manage.py makemigrations --check`).
_KEYLESS_COMMANDS = {"makemigrations", "check", "makemessages", "compilemessages", "collectstatic", "showmigrations"}
_keyless = len(sys.argv) > 1 and sys.argv[0].endswith("manage.py") and sys.argv[1] in _KEYLESS_COMMANDS
SECRET_KEY = env("SECRET_KEY", default=_DEV_SECRET if (DEBUG or TESTING or _keyless) else None)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "besokshjem.accounts",
    "besokshjem.tenancy",
    "besokshjem.audit",
    "besokshjem.core",
    "besokshjem.outbox",
    "besokshjem.legal",
    "besokshjem.reminders",
    "applications",
    "placements",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "phonenumber_field",
    "formtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "besokshjem.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "besokshjem.urls"

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
                "besokshjem.core.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "besokshjem.wsgi.application"
ASGI_APPLICATION = "besokshjem.asgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Internationalisation: Norwegian bokmål first, English as the alternative.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Private uploads (never under a public URL): served only through access-checked views.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))

# Cache: Redis when REDIS_URL is set, else in-process memory.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis as broker when REDIS_URL is set; otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 120
CELERY_TIMEZONE = TIME_ZONE
# The outbox: a claimed e-mail is leased this long; the first backoff after a temporary mail error (doubles, at
# most one hour); how often beat sweeps for rows that were never queued.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)
OUTBOX_SWEEP_SECONDS = env.int("OUTBOX_SWEEP_SECONDS", default=60)
# Every periodic job, in one place. The sweep plans due reminders and enqueues one send task each.
CELERY_BEAT_SCHEDULE = {
    "reminders-sweep": {"task": "besokshjem.reminders.tasks.sweep", "schedule": env.int("REMINDER_SWEEP_SECONDS", default=300)},
    # Queues outbox e-mails whose task never reached the broker (e.g. Redis was down at commit time).
    "outbox-sweep": {"task": "besokshjem.outbox.sweep", "schedule": OUTBOX_SWEEP_SECONDS},
}
# Publishing a task fails at once when the broker is unreachable instead of retrying for seconds inside a request
# (kombu's default): the outbox row stays pending and the sweep queues it later. A broker that accepts the
# connection but does not answer is given up after socket_timeout.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0, "socket_connect_timeout": 3, "socket_timeout": 10}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="besokshjem")
# A claimed reminder is leased this long; a worker killed mid-send leaves it to be claimed again after that.
REMINDER_LEASE_SECONDS = env.int("REMINDER_LEASE_SECONDS", default=300)
REMINDER_RETRY_BASE_SECONDS = env.int("REMINDER_RETRY_BASE_SECONDS", default=60)

# E-mail: console by default; EMAIL_URL=smtp://user:pass@host:587 (or smtp+tls://…) for real delivery.
_email = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(_email)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Besøkshjem <ikke-svar@besokshjem.example.no>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20

# Public base URL used in e-mails (links to the status page).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Synthetic (Tenor) fødselsnummer, month + 80: accepted only where this is on (tests, demo).
ALLOW_SYNTHETIC_NATIONAL_IDS = env.bool("ALLOW_SYNTHETIC_NATIONAL_IDS", default=DEBUG or TESTING)

# How long an unfinished draft is kept before it is deleted (days).
DRAFT_RETENTION_DAYS = env.int("DRAFT_RETENTION_DAYS", default=30)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
PHONENUMBER_DEFAULT_REGION = "NO"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO; only its warnings are worth a line.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
