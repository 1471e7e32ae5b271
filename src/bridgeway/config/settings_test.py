"""Settings for the test suite: the production settings with plain HTTP and fast hashing."""

import os
import tempfile

os.environ.setdefault("BRIDGEWAY_HTTPS", "0")
os.environ.setdefault("BRIDGEWAY_DATA_DIR", tempfile.mkdtemp(prefix="bridgeway-test-"))
os.environ.setdefault(
    "BRIDGEWAY_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789"
)

from bridgeway.config.settings import *  # noqa: F403

# Argon2 is the production hasher; the tests only need a fast one.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HUEY = {**HUEY, "immediate": True}  # noqa: F405
# No collectstatic in tests: files are found where they live.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
