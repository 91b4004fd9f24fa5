"""Settings shared by every environment; everything variable comes from FAZHI_* env vars."""

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    """Return FAZHI_SECRET_KEY, or one generated once into var/ and kept there."""
    if key := os.environ.get("FAZHI_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _database() -> dict:
    url = os.environ.get("FAZHI_DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}"
    db = dj_database_url.parse(url, conn_max_age=0)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue instead of failing on lock upgrade.
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return db


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


SECRET_KEY = _secret_key()
# Off unless asked for: a debug page shows settings, paths and the URL list to anyone.
DEBUG = _flag("FAZHI_DEBUG")
ALLOWED_HOSTS = _list("FAZHI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    # The admin site whose login is the staff login and that wants a verified device.
    "fazhi.core.admin_apps.FazhiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "fazhi.core",
    "fazhi.directory",
    "fazhi.workdays",
    "fazhi.procedures",
    "fazhi.disclosure",
    "fazhi.desk",
    "fazhi.portal",
    "fazhi.workbench",
    "fazhi.backups",
    "fazhi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files with DEBUG off, from STATIC_ROOT (`fazhi collectstatic`).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fazhi.core.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "directory.Person"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:staff-home"
LOGOUT_REDIRECT_URL = "core:login"
# Staff sessions end after 8 hours or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("FAZHI_SESSION_SECONDS", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True
# Failed logins from one address for one username before that pair is refused for a
# cool-off time (an administrator can lift it earlier).
FAZHI_LOGIN_MAX_FAILURES = int(os.environ.get("FAZHI_LOGIN_MAX_FAILURES", 5))
FAZHI_LOGIN_COOLOFF_SECONDS = int(
    os.environ.get("FAZHI_LOGIN_COOLOFF_SECONDS", 15 * 60)
)
# Reverse proxies (addresses or CIDR networks, comma-separated) whose X-Forwarded-For is
# believed when working out a client's address (fazhi.core.net.client_address).
FAZHI_TRUSTED_PROXIES = [
    p.strip()
    for p in os.environ.get("FAZHI_TRUSTED_PROXIES", "").split(",")
    if p.strip()
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed copies, but no manifest: a page never fails over a file not collected.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

EMAIL_BACKEND = os.environ.get(
    "FAZHI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("FAZHI_FROM_EMAIL", "fazhi@localhost")

# Deadlines due within this many working days count as "due soon" (yellow light).
FAZHI_DUE_SOON_WORKDAYS = int(os.environ.get("FAZHI_DUE_SOON_WORKDAYS", 3))
# Below this confidence a call's routing suggestion waits for a dispatcher.
FAZHI_ROUTING_THRESHOLD = float(os.environ.get("FAZHI_ROUTING_THRESHOLD", 0.5))
# Extra folders of procedure specs (a district's own procedures), separated by os.pathsep.
FAZHI_PROCEDURE_DIRS = [
    p for p in os.environ.get("FAZHI_PROCEDURE_DIRS", "").split(os.pathsep) if p
]
FAZHI_VAR_DIR = VAR_DIR

# Counters shared by every worker process (login and public throttles) live here.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "fazhi_cache",
    }
}

# --- HTTPS and browser protections -------------------------------------------------------
FAZHI_HTTPS = _flag("FAZHI_HTTPS")
SESSION_COOKIE_SECURE = FAZHI_HTTPS
CSRF_COOKIE_SECURE = FAZHI_HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = FAZHI_HTTPS and _flag("FAZHI_SSL_REDIRECT", "1")
SECURE_HSTS_SECONDS = (
    int(os.environ.get("FAZHI_HSTS_SECONDS", 365 * 24 * 3600)) if FAZHI_HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("FAZHI_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = _flag("FAZHI_HSTS_PRELOAD")
if _flag("FAZHI_PROXY_SSL_HEADER"):
    # Only behind a proxy that sets (and never passes on) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = _list("FAZHI_TRUSTED_ORIGINS") or [
    f"{'https' if FAZHI_HTTPS else 'http'}://{'*' if host.startswith('.') else ''}{host}"
    for host in ALLOWED_HOSTS
    if host != "*"
]
SILENCED_SYSTEM_CHECKS = (
    []
    if SECURE_HSTS_PRELOAD
    else [
        # Preloading is a decision for the owner of the parent domain, not for this site.
        "security.W021",
    ]
)
# Debug pages (FAZHI_DEBUG=1 only) also hide environment variables holding URLs with
# passwords, such as FAZHI_DATABASE_URL.
DEFAULT_EXCEPTION_REPORTER_FILTER = "fazhi.core.logging.SafeReporterFilter"

# No inline script anywhere: every script is a static file (see docs/operations.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Bar widths are set in style attributes; style elements stay forbidden.
        "style-src-attr": ["'unsafe-inline'"],
        # data: for the two-factor QR code, drawn as an SVG data URI.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_secrets": {"()": "fazhi.core.logging.MaskDatabasePasswordFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_secrets"],
        }
    },
    "loggers": {
        # Django's own handlers would print around the filter: send its records to ours.
        "django": {
            "handlers": [],
            "level": os.environ.get("FAZHI_LOG_LEVEL", "WARNING"),
            "propagate": True,
        },
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("FAZHI_LOG_LEVEL", "WARNING"),
    },
}
