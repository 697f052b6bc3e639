"""Test settings: the real settings with a throwaway SECRET_KEY; PostgreSQL comes from the caller.

DATABASE_URL is deliberately not defaulted: the tests need a real PostgreSQL server, and a run
without one must fail loudly rather than skip or fall back to another database.
"""

import os
import secrets

from django.core.exceptions import ImproperlyConfigured

if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set: the cloud tests need PostgreSQL. Start a server and export "
        "DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/NAME (the user needs CREATEDB; "
        "pytest-django creates and drops test_NAME)."
    )
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from cloud.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run without collectstatic: let WhiteNoise look files up per request, as under DEBUG.
WHITENOISE_AUTOREFRESH = True
