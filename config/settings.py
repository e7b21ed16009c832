"""Project settings, read from environment variables with safe development defaults."""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    # Production must say who it is and where it runs; a default here would be a hole.
    if not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "accounts",
    "diary",
    "guidance",
    "reminders",
    "onboarding",
    "experiments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session middleware, so it sees the response first: renews a kept session.
    "accounts.keep_signed_in.KeepSignedInMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PrivateCacheMiddleware",
    "accounts.throttle.ThrottleMiddleware",
    "accounts.middleware.ProfilePreferencesMiddleware",
    # After the language is known and before anything reads the body.
    "config.middleware.RequestSizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it sees exceptions from views first: a database still locked becomes a 503.
    "config.middleware.BusyDatabaseMiddleware",
]

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
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Databases: SQLite in the repo folder by default, PostgreSQL through DATABASE_URL.
SQLITE_PATH = env_str("DJANGO_SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
SQLITE_OPTIONS = {
    # Take the write lock at BEGIN so read-then-write transactions queue instead
    # of failing with "database is locked" under concurrent clients.
    "transaction_mode": "IMMEDIATE",
    # Seconds a writer waits for the lock: a busy 2-core server with Argon2 sign-ups and imports
    # needs far more than 5; a request still locked out after this gets a 503 (config.middleware).
    "timeout": env_int("DJANGO_SQLITE_TIMEOUT", 25),
    "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": SQLITE_OPTIONS,
            # Keep a thread's connection between requests, as for PostgreSQL: opening one and
            # running its PRAGMAs cost more than a whole small page. init_command above runs on
            # every new connection, so the PRAGMAs hold for each.
            "CONN_MAX_AGE": env_int("DJANGO_CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": env_str("DJANGO_TEST_SQLITE_PATH") or None},
        }
    }

# Request bodies: refused from Content-Length before they are read (config.middleware). Every form
# fits in a few kilobytes; the CSV import takes up to 10 files of 5 MB (diary.imports), the account
# import one ZIP of 20 MB (diary.account_import).
REQUEST_MAX_BYTES = env_int("DJANGO_REQUEST_MAX_BYTES", 1024 * 1024)
REQUEST_MAX_BYTES_BY_PATH = {
    "/account/import/": 10 * 5 * 1024 * 1024 + 256 * 1024,
    "/account/import-archive/": 20 * 1024 * 1024 + 256 * 1024,
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

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
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: lock an account and address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Cut to the 255 characters axes can store (a longer one was a 500 on PostgreSQL).
AXES_USERNAME_CALLABLE = "accounts.axes.username_for_axes"

# The client address: X-Forwarded-For is believed only through this many trusted proxies in front
# of the app (0: the socket's address). Wrong, and every client looks like the proxy.
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_address"
# Per address, over any usernames (password spraying), within AXES_COOLOFF_TIME.
LOGIN_FAILURES_PER_ADDRESS = env_int("DJANGO_LOGIN_FAILURES_PER_ADDRESS", 20)
# Per address per hour; reset also per email address per hour.
SIGNUPS_PER_ADDRESS = env_int("DJANGO_SIGNUPS_PER_ADDRESS", 10)
PASSWORD_RESETS_PER_ADDRESS = env_int("DJANGO_PASSWORD_RESETS_PER_ADDRESS", 5)
PASSWORD_RESETS_PER_EMAIL = 3

# Languages: the five of the source articles.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("nl", "Nederlands"),
    ("sv", "Svenska"),
    ("zh-hans", "简体中文"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Every cookie says SameSite (Django leaves the language cookie without one).
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Europe/Berlin")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Caches: Redis through Django's own backend when REDIS_URL is set (shared by every app server:
# charts, dashboards, throttle counters); otherwise memory in each process, bounded in bytes.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.BoundedLocMemCache",
            "LOCATION": "spasm-diary",
            "OPTIONS": {
                "MAX_ENTRIES": 5000,
                "MAX_ENTRY_BYTES": 1024 * 1024,
                "MAX_TOTAL_BYTES": env_int("DJANGO_CACHE_MAX_MB", 64) * 1024 * 1024,
            },
        }
    }

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: SMTP when a host is set. Without one, development prints mail to the console, and
# production refuses to start unless DJANGO_EMAIL_BACKEND says `console` or `file`: a reset email
# holds a live link, so writing it to a server log or a folder must be a deliberate choice.
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST")
EMAIL_BACKEND_CHOICE = env_str("DJANGO_EMAIL_BACKEND").strip().lower()
if EMAIL_BACKEND_CHOICE not in ("", "console", "file", "smtp"):
    raise ImproperlyConfigured("DJANGO_EMAIL_BACKEND must be smtp, console or file.")
if EMAIL_HOST or EMAIL_BACKEND_CHOICE == "smtp":
    if not EMAIL_HOST:
        raise ImproperlyConfigured("DJANGO_EMAIL_BACKEND=smtp needs DJANGO_EMAIL_HOST.")
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
elif EMAIL_BACKEND_CHOICE == "file":
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env_str("DJANGO_EMAIL_FILE_PATH")
    if not EMAIL_FILE_PATH:
        raise ImproperlyConfigured("DJANGO_EMAIL_BACKEND=file needs DJANGO_EMAIL_FILE_PATH (a folder).")
elif EMAIL_BACKEND_CHOICE == "console" or DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    raise ImproperlyConfigured(
        "No mail server: set DJANGO_EMAIL_HOST, or DJANGO_EMAIL_BACKEND=file with DJANGO_EMAIL_FILE_PATH "
        "(or console) to keep password-reset emails, live links included, out of the mail system on purpose."
    )
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Spasm Diary <noreply@localhost>")
# Links in reminder emails and notifications are absolute: the sender runs outside any request.
SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000")

# Web Push for check-in reminders: keys from `manage.py make_vapid_keys`; without them, email only.
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY")
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY")
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "mailto:noreply@localhost")

# Security headers. Scripts only from our own static files: no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# Emergency numbers by the country chosen in the profile.
EMERGENCY_NUMBER_DEFAULT = "112"
