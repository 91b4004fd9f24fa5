"""Settings for the test suite: fast hashing, in-memory mail, a scratch var/ dir."""

import os
import tempfile

os.environ.setdefault("FAZHI_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("FAZHI_VAR_DIR", tempfile.mkdtemp(prefix="fazhi-test-"))

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests serve static files through the finders; nothing is collected into STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
