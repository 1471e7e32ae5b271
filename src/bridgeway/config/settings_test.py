"""Settings for the test suite: the production settings with plain HTTP and fast hashing."""

import atexit
import os
import shutil
import tempfile
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("BRIDGEWAY_HTTPS", "0")
if "BRIDGEWAY_DATA_DIR" not in os.environ:
    # A private folder for this test process (and the servers it starts), removed at exit.
    os.environ["BRIDGEWAY_DATA_DIR"] = tempfile.mkdtemp(prefix="bridgeway-test-")
    atexit.register(shutil.rmtree, os.environ["BRIDGEWAY_DATA_DIR"], ignore_errors=True)
os.environ.setdefault(
    "BRIDGEWAY_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789"
)

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, … under pytest-xdist
if _worker.startswith("gw") and os.environ.get("REDIS_URL"):
    # Each test process gets a Redis database of its own (1, 2, …; Redis has 16), so emptying
    # the cache before a test (tests/conftest.py) never touches another process's counters.
    _redis = urlsplit(os.environ["REDIS_URL"])
    os.environ["REDIS_URL"] = urlunsplit(_redis._replace(path=f"/{int(_worker[2:]) + 1}"))

from bridgeway.config.settings import *  # noqa: E402, F403

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
# No default quiet hours: an email must not wait or go depending on the hour in Toronto when
# the suite runs. The tests of quiet hours set them (tests/notifications/test_outbox.py).
BRIDGEWAY_DEFAULT_QUIET_HOURS = ""
