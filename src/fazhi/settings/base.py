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


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("FAZHI_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get(
    "FAZHI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]"
).split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
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
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
# Failed logins before an account is locked (an administrator unlocks it).
FAZHI_LOGIN_MAX_FAILURES = int(os.environ.get("FAZHI_LOGIN_MAX_FAILURES", 5))
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("FAZHI_LOG_LEVEL", "WARNING"),
    },
}
