"""The nodes of tests/services/test_cluster.py: the production settings, except that static
files are read where they live (collecting and compressing them takes a minute of the run)."""

from bridgeway.config.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
