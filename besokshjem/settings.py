"""Settings for Besøkshjem, read from the environment (see README: Configuration).

Embedded defaults (no environment at all) give a working portal: SQLite, tasks run
eagerly in-process and e-mail is printed to the console.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
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
    # The admin site asks every staff user for a second factor (besokshjem.accounts.admin_site).
    "besokshjem.accounts.admin_config.TwoFactorAdminConfig",
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "besokshjem.accounts.middleware.DelegatedSecondFactorMiddleware",  # after OTP: a provider's MFA login counts too
    "django.contrib.messages.middleware.MessageMiddleware",
    "besokshjem.accounts.middleware.IdleTimeoutMiddleware",  # after messages: it says why it logged you out
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "besokshjem.core.middleware.SecurityHeadersMiddleware",
    "besokshjem.core.middleware.SiteUrlCheckMiddleware",  # DEBUG only: warns when e-mail links would lead elsewhere
    "besokshjem.core.private_links.PrivateLinkMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
# One connection per worker kept between requests (a new one per request cost more than half the time of a simple
# page, docs/benchmarks.md), checked before reuse so a restarted database is no error.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
#: The public information pages (start, kommune, role, privacy) are cached whole this many seconds (0: not cached).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=0 if (DEBUG or TESTING) else 300)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# django-axes first: it refuses a locked-out account or address before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

# Caseworker login (issue #13): a second factor (TOTP, django-otp) on the whole admin site, lock-out after repeated
# failures (django-axes), and the session ends after SESSION_IDLE_MINUTES without a request or when the browser closes.
OTP_TOTP_ISSUER = "Besøkshjem"
OTP_STATIC_RECOVERY_CODES = 10
# Behind N reverse proxies that each append the address they saw to X-Forwarded-For, set TRUSTED_PROXY_COUNT=N: the access
# log and the lock-out then take the client's address from there (never from a hop the client could have written).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "besokshjem.audit.services.client_ip"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per account and per address
AXES_USERNAME_CALLABLE = "besokshjem.accounts.lockout.attempted_email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "besokshjem.accounts.lockout.lockout_response"
AXES_VERBOSE = False  # its log lines carry e-mail addresses; the attempts are in the admin (Axes)
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not kept by Axes
# Masked in a failed attempt's stored query: an OpenID Connect callback's authorization code and state.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "state"]
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Caseworker login delegated to the kommune's own identity provider over OpenID Connect (mozilla-django-oidc; README:
# «Innlogging via kommunens identitetsleverandør»). Off unless OIDC_RP_CLIENT_ID is set. The provider's multi-factor
# login (its `amr`/`acr` claims) then stands in for the local TOTP; password + TOTP keeps working beside it.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="") or None
OIDC_OP_USER_ENDPOINT = None  # every claim is read from the signed ID token, never from the userinfo endpoint
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid email")
OIDC_MFA_AMR = env.list("OIDC_MFA_AMR", default=["mfa"])  # RFC 8176; Entra ID (v1.0 tokens) says "mfa"
OIDC_MFA_ACR = env.list("OIDC_MFA_ACR", default=["idporten-loa-high"])  # ID-porten: BankID, Buypass, Commfides
OIDC_ACR_VALUES = env("OIDC_ACR_VALUES", default="")  # asked for in the login request, e.g. idporten-loa-high
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": OIDC_ACR_VALUES} if OIDC_ACR_VALUES else {}
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_CLOCK_SKEW_SECONDS = 60
OIDC_AUTHENTICATION_CALLBACK_URL = "admin:oidc_callback"
if OIDC_ENABLED:
    _oidc_missing = [name for name in ("OIDC_RP_CLIENT_SECRET", "OIDC_OP_ISSUER", "OIDC_OP_AUTHORIZATION_ENDPOINT",
                                       "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT") if not globals()[name]]
    if _oidc_missing:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set, so these must be too: {', '.join(_oidc_missing)}")
    AUTHENTICATION_BACKENDS.append("besokshjem.accounts.oidc.DelegatedLoginBackend")

# Internationalisation: Norwegian bokmål first, English as the alternative.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
# The project's texts; then the Norwegian for the Django admin texts Django's own nb catalogue lacks.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "besokshjem" / "core" / "locale_admin"]
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
# The public information pages, in each worker's own memory: no round trip to Redis for a page that is the same for
# every visitor (a worker may show a kommune's change up to PUBLIC_PAGE_CACHE_SECONDS later than another).
CACHES["public"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "public-pages",
                    "OPTIONS": {"MAX_ENTRIES": 2000}}

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
    # Retention (docs/retention.md): each kommune's rules, every night at RETENTION_HOUR (Oslo time).
    "retention-nightly": {"task": "applications.retention.run_all", "schedule": crontab(hour=env.int("RETENTION_HOUR", default=2), minute=30)},
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
# The health check (/helse/, docs/operations.md): the oldest due outbox e-mail may wait this long; failed e-mails fail
# the check only above HEALTH_OUTBOX_MAX_FAILED, when set (unset: counted, not checked); a broker PING gives up after
# HEALTH_BROKER_TIMEOUT_SECONDS.
HEALTH_OUTBOX_MAX_PENDING_AGE_MINUTES = env.int("HEALTH_OUTBOX_MAX_PENDING_AGE_MINUTES", default=30)
HEALTH_OUTBOX_MAX_FAILED = env.int("HEALTH_OUTBOX_MAX_FAILED", default=None)
HEALTH_BROKER_TIMEOUT_SECONDS = env.float("HEALTH_BROKER_TIMEOUT_SECONDS", default=2.0)

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

# How long an applicant's status link keeps working once the case is closed and nothing runs on it (days), and how
# long after an appeal deadline the parent's link stays open for a late appeal (forvaltningsloven § 31). The rule:
# applications/links.py.
STATUS_LINK_DAYS_AFTER_CLOSE = env.int("STATUS_LINK_DAYS_AFTER_CLOSE", default=90)
LATE_APPEAL_GRACE_DAYS = env.int("LATE_APPEAL_GRACE_DAYS", default=90)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
PHONENUMBER_DEFAULT_REGION = "NO"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# HTTPS: strict unless DEBUG (`make run` serves plain http). The test client and the browser tests' live server speak
# plain http, so no redirect under tests (the live server's middleware is built once, before any per-test override).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not (DEBUG or TESTING))
# A load balancer asks the web process itself over plain http (TLS ends in front of it): its checks are not redirected.
SECURE_REDIRECT_EXEMPT = [r"^ping/$", r"^helse/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Behind a proxy that ends TLS: SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (only if the proxy sets the header).
SECURE_PROXY_SSL_HEADER = tuple(env.list("SECURE_PROXY_SSL_HEADER", default=[])) or None
# Request size: uploads (≤ 5 files of ≤ 10 MB, applications.intake.file_validators) go to a temporary file above
# 2.5 MB; everything else in a request body is small.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=20)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No link secret (a status or resume token, a feed key) ever reaches a log line.
    "filters": {"mask_secrets": {"()": "besokshjem.core.private_links.MaskSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_secrets"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO; only its warnings are worth a line.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
