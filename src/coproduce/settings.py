"""Django settings for coproduce.

Every setting that differs between a laptop and production comes from the environment (see the README's
"Configuration" table). Development defaults are safe on a laptop; with DEBUG off (production) the site refuses
to start without a SECRET_KEY, or with a weak one.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent  # src/coproduce
PROJECT_DIR = BASE_DIR.parent.parent  # the checkout


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Only ever used with DEBUG on, on a developer's machine.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
# Keys copied from our development settings, Django's docs and tutorials: anyone who knows one can sign sessions,
# participant tokens and unsubscribe links.
WELL_KNOWN_SECRET_KEYS = {
    DEVELOPMENT_SECRET_KEY,
    "changeme",
    "change-me",
    "change_me",
    "changethis",
    "change-this",
    "secret",
    "secretkey",
    "secret-key",
    "secret_key",
    "your-secret-key",
    "your_secret_key",
    "mysecretkey",
    "my-secret-key",
    "password",
    "insecure",
    "django-insecure",
    "notsecret",
    "not-secret",
    "replaceme",
    "replace-me",
    "please-change-me",
    "todo",
    "xxx",
    "dev",
    "development",
    "test",
    "testing",
}


def secret_key_weakness(key: str) -> str | None:
    """Why a key is too weak for production, or None. Never names the key: error messages end up in logs."""
    if key.startswith("django-insecure"):
        return "it starts with 'django-insecure', the mark of a key generated for development"
    if key.strip().lower() in WELL_KNOWN_SECRET_KEYS:
        return "it is a well-known placeholder"
    # Django's own measure of a strong key (its check security.W009 only warns, and only under check --deploy).
    if len(key) < 50:
        return f"it is {len(key)} characters long; use at least 50"
    if len(set(key)) < 5:
        return "it has fewer than 5 different characters"
    if re.fullmatch(r"(.{1,25}?)\1+", key, re.DOTALL):
        return "it is a short sequence repeated"
    return None


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production set SECRET_KEY to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'); "
            "on a laptop set DEBUG=true (make run does this for you)."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif not DEBUG and (weakness := secret_key_weakness(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak: {weakness}. In production set SECRET_KEY to a long random value "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    # Only for its bundled Swagger UI files: the interactive API docs are served by us, not from a third-party CDN.
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "coproduce.core",
    "coproduce.accounts",
    "coproduce.notifications",
    "coproduce.translations",
    "coproduce.engagements",
    "coproduce.conversations",
    "coproduce.listening",
    "coproduce.proposals",
    "coproduce.networks",
    "coproduce.api",
    "coproduce.delivery",
    "coproduce.signposting",
    "coproduce.community",
    "coproduce.journeys",
    "coproduce.events",
    "coproduce.learning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "coproduce.core.csp.content_security_policy_middleware",
    # High, so that database outages in the session and authentication middleware become 503s too; before
    # whitenoise, which would look a path with a NUL character up on disk (core/middleware.py says why).
    "coproduce.core.middleware.ErrorAnswersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coproduce.core.middleware.language_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "coproduce.urls"
WSGI_APPLICATION = "coproduce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "coproduce.core.context_processors.site",
            ],
        },
    },
]

# --- Database: SQLite under var/ unless DATABASE_URL is set (PostgreSQL 15+ in production). ---
VAR_DIR = Path(os.environ.get("COPRODUCE_VAR_DIR", PROJECT_DIR / "var"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'coproduce.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and a worker may write at once: wait for the lock instead of failing. Write-ahead logging lets
    # a vote be written while the worker's analysis reads every vote (without it a reader holds the writer's commit
    # back, for as long as the read takes: seconds at 2 M votes, decision 0023); it is kept in the file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions and background work ---
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Our subclass keeps one Redis client per pool (coproduce/core/cache.py says why).
    CACHES = {"default": {"BACKEND": "coproduce.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions in the database, never in the cache: a Redis outage must not sign everyone out (or fail every request).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# With no broker configured, tasks run inline: nothing to install for a first run.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Notification digests, the sweep of waiting notices, and unconfirmed subscriptions expiring (run
# `celery -A coproduce beat` next to the workers: docs/deploy.md).
CELERY_BEAT_SCHEDULE = {
    "notifications-daily-digest": {
        "task": "coproduce.notifications.tasks.send_digests",
        "schedule": 24 * 60 * 60,
        "args": ["daily"],
    },
    "notifications-weekly-digest": {
        "task": "coproduce.notifications.tasks.send_digests",
        "schedule": 7 * 24 * 60 * 60,
        "args": ["weekly"],
    },
    # Immediate notices still waiting after their task's retries (a long mail or broker outage): sent now.
    "notifications-immediate-sweep": {
        "task": "coproduce.notifications.tasks.send_digests",
        "schedule": 60 * 60,
        "args": ["immediate"],
    },
    # Subscriptions nobody confirmed within notifications.mail.CONFIRM_WITHIN: their addresses are not kept.
    "notifications-expire-unconfirmed": {
        "task": "coproduce.notifications.tasks.expire_unconfirmed",
        "schedule": 60 * 60,
    },
    # Events: a batch of places opening at its set time goes to the waiting list; the reminder the day before.
    "events-open-released-places": {"task": "coproduce.events.tasks.open_released_places", "schedule": 5 * 60},
    "events-reminders": {"task": "coproduce.events.tasks.send_reminders", "schedule": 60 * 60},
}

# --- Accounts ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Mandatory: only then can sign-up hide which addresses have an account. A known address gets the same "check your
# email" page as a new one, and its owner an email saying they already have an account (ACCOUNT_PREVENT_ENUMERATION);
# with "optional" the form would say "already registered" to anyone who types the address.
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_ADAPTER = "coproduce.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "coproduce"
# allauth's forms with a specific message for each required field ("Enter your email address"), in English and Welsh.
ACCOUNT_FORMS = {
    "login": "coproduce.accounts.forms.LoginForm",
    "signup": "coproduce.accounts.forms.SignupForm",
    "request_login_code": "coproduce.accounts.forms.RequestLoginCodeForm",
    "confirm_login_code": "coproduce.accounts.forms.ConfirmLoginCodeForm",
    "reset_password": "coproduce.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "coproduce.accounts.forms.ResetPasswordKeyForm",
    "change_password": "coproduce.accounts.forms.ChangePasswordForm",
    "set_password": "coproduce.accounts.forms.SetPasswordForm",
    "reauthenticate": "coproduce.accounts.forms.ReauthenticateForm",
    "add_email": "coproduce.accounts.forms.AddEmailForm",
}
MFA_FORMS = {
    "activate_totp": "coproduce.accounts.forms.ActivateTOTPForm",
    "authenticate": "coproduce.accounts.forms.MFAAuthenticateForm",
    "reauthenticate": "coproduce.accounts.forms.MFAReauthenticateForm",
}

# --- Internationalisation: English and Welsh, equal treatment ---
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "cy")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "cy"), "cy": ("cy", "en")}
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "coproduce_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files ---
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production: hashed, compressed files, whether or not STATIC_ROOT exists yet (coproduce/core/storage.py
        # says why). Laptops and tests: files as they are, nothing to collect.
        "BACKEND": "coproduce.core.storage.ManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    # The open data's finished builds (coproduce/api/builds.py; docs/decisions/0022-open-data-builds.md): served
    # through the open-data views, which check who may read them, never from a public URL of their own.
    "opendata": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("OPEN_DATA_ROOT", str(PROJECT_DIR / "var" / "opendata"))},
    },
}
# Open data is rebuilt at most once per this many seconds per conversation after a change (votes, statements), and
# at least once per OPEN_DATA_MAX_AGE seconds when it is read (catching changes nothing announced: the golden thread).
OPEN_DATA_DEBOUNCE_SECONDS = int(os.environ.get("OPEN_DATA_DEBOUNCE_SECONDS", "60"))
OPEN_DATA_MAX_AGE = int(os.environ.get("OPEN_DATA_MAX_AGE", str(15 * 60)))
# Serve from the app directories when collectstatic has not been run (laptops, tests).
WHITENOISE_USE_FINDERS = True
# On a laptop and in tests, look files up per request instead of indexing every file when a handler starts.
WHITENOISE_AUTOREFRESH = DEBUG

# --- Email ---
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "coproduce <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Who runs this service and how people reach them: named in the accessibility statement, the privacy notice and the
# status page (core/pages.py). Set both in production; unset, the pages say "the organisation running this service"
# (in the reader's language) and `check --deploy` warns (coproduce.W003).
SERVICE_OPERATOR = os.environ.get("SERVICE_OPERATOR", "")
SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", "")
# The address people reach the site at: links in emails (notifications, unsubscribe) are built from it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Security: strict by default when DEBUG is off ---
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "coproduce.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The header alone registers nothing: a domain joins browsers' preload lists only when submitted.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logs: JSON lines in production, readable lines in development ---
from coproduce.core.logging import configure_logging  # noqa: E402

LOGGING_CONFIG = None
configure_logging(json=env_bool("LOG_JSON", not DEBUG), level=os.environ.get("LOG_LEVEL", "INFO"))

# --- Write rate limits (per IP or per participant), see coproduce.core.ratelimit ---
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
# How many proxies of ours stand in front of the web server, each appending to X-Forwarded-For: the client's address
# is read that many entries from the right (coproduce.core.ratelimit.client_address). 0: REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# --- Small numbers: figures about fewer people than this are not shown, anywhere (coproduce.core.privacy) ---
SMALL_NUMBERS_THRESHOLD = int(os.environ.get("SMALL_NUMBERS_THRESHOLD", "5"))

# --- Results pages at any size (coproduce.conversations.results; issue 21) ---
# Above this many people on the opinion map, it shows density (squares) rather than one mark each.
COPRODUCE_MAP_BIN_ABOVE = int(os.environ.get("COPRODUCE_MAP_BIN_ABOVE", "300"))
# How many statements each results section shows before "see all" (the projector shows fewer: its own setting).
COPRODUCE_RESULTS_TOP = int(os.environ.get("COPRODUCE_RESULTS_TOP", "5"))
COPRODUCE_PROJECTOR_TOP = int(os.environ.get("COPRODUCE_PROJECTOR_TOP", "3"))
# How many analyses (snapshots) each web process keeps parsed, with what the pages derive from them, so that a
# results page or projector poll does not parse a large analysis again (conversations.analysis.latest_snapshot).
COPRODUCE_KEPT_ANALYSES = int(os.environ.get("COPRODUCE_KEPT_ANALYSES", "4"))
# From this many votes in its latest analysis, a conversation is not re-analysed inside a page that finds the
# analysis behind the votes: the page shows the statements voted on since as they stand (docs/decisions/0023).
COPRODUCE_LIVE_COUNTS_FROM_VOTES = int(os.environ.get("COPRODUCE_LIVE_COUNTS_FROM_VOTES", "20000"))
# A large conversation's new analysis is read and prepared for the pages in a thread of each web process while its
# pages keep the one before, with the votes since laid over it (docs/decisions/0024): off, a page prepares it.
COPRODUCE_PREPARE_IN_BACKGROUND = os.environ.get("COPRODUCE_PREPARE_IN_BACKGROUND", "true").lower() in (
    "1",
    "true",
    "yes",
)

# --- The asset map (coproduce.community; docs/decisions/0015-asset-map.md) ---
# The map's tiles: an XYZ tile URL template and the attribution its licence asks for. Only the asset map's page lets
# the browser fetch images from this host (its own Content-Security-Policy). Empty: the map shows its points on a
# blank background. OpenStreetMap's tile servers are for light use (its tile usage policy): a busy site runs or
# rents its own and sets it here.
ASSET_MAP_TILE_URL = os.environ.get("ASSET_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
ASSET_MAP_ATTRIBUTION = os.environ.get(
    "ASSET_MAP_ATTRIBUTION", '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
