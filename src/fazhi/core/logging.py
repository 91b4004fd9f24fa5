"""Keep database passwords out of every log line and every error report."""

import logging
import os
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.views.debug import SafeExceptionReporterFilter

MASK = "********"
# Environment variables whose values are URLs that may carry a password.
SECRET_URL_VARIABLES = ("FAZHI_DATABASE_URL", "FAZHI_CACHE_URL", "DATABASE_URL")


def _url_password(url: str) -> str:
    try:
        password = urlsplit(url).password
    except ValueError:
        return ""
    return password or ""


def secrets_to_mask() -> list[str]:
    """The passwords to hide, read now (settings and environment may change at runtime)."""
    found = set()
    for name in SECRET_URL_VARIABLES:
        password = _url_password(os.environ.get(name, ""))
        if password:
            found.update({password, unquote(password)})
    for db in getattr(settings, "DATABASES", {}).values():
        if db.get("PASSWORD"):
            found.add(str(db["PASSWORD"]))
    # Longest first, so a password containing another is masked whole.
    return sorted((s for s in found if s), key=len, reverse=True)


# user:password@ in any URL, whatever the password is.
_URL_CREDENTIALS = re.compile(
    r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s]*):[^@\s/]*@"
)


def mask(text: str, secrets: list[str] | None = None) -> str:
    """Return `text` with known passwords and the password of any URL replaced."""
    text = _URL_CREDENTIALS.sub(rf"\g<scheme>\g<user>:{MASK}@", text)
    for secret in secrets if secrets is not None else secrets_to_mask():
        text = text.replace(secret, MASK)
    return text


class MaskDatabasePasswordFilter(logging.Filter):
    """A logging filter that rewrites each record with passwords masked.

    The message is formatted here (msg % args) and the traceback rendered into
    `exc_text`, which formatters use as is, so no handler sees the password.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = secrets_to_mask()
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what there is
            message = str(record.msg)
        record.msg, record.args = mask(message, secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text, secrets)
        if record.stack_info:
            record.stack_info = mask(record.stack_info, secrets)
        return True


class SafeReporterFilter(SafeExceptionReporterFilter):
    """Django's filter for error reports, also hiding variables named like *_URL."""

    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|_URL$", flags=re.I
    )
