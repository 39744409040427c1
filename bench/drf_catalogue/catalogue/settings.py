"""Settings of the DRF counterpart of Savdo's catalogue list, as it would run in production:
DEBUG off, JSON only, no sessions, no admin, no migrations (the tables are Savdo's).

Environment:
  DATABASE_URL      the same URL Savdo reads: `sqlite:PATH` (also `sqlite://PATH`, `sqlite:///ABS`)
                    or `postgres://USER:PASSWORD@HOST:PORT/NAME`
  SAVDO_COMPANY_ID  the company whose products are listed (Savdo takes it from the token)
  SAVDO_TIME_ZONE   the company's zone for `created_at`/`updated_at` (default Asia/Tashkent)
"""
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "rest_framework",
    "catalogue",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "catalogue.urls"
WSGI_APPLICATION = "catalogue.wsgi.application"
USE_I18N = False
USE_TZ = True
TIME_ZONE = "UTC"
SAVDO_TIME_ZONE = os.environ.get("SAVDO_TIME_ZONE", "Asia/Tashkent")
SAVDO_COMPANY_ID = int(os.environ.get("SAVDO_COMPANY_ID", "1"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def database(url: str) -> dict:
    """Django's DATABASES entry for one of Savdo's database URLs."""
    if url.startswith("sqlite:"):
        path = url[len("sqlite:"):].split("?", 1)[0]
        if path.startswith("//"):
            path = path[2:]
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(path).resolve()),
            # As Savdo opens its file: WAL (kept in the file), NORMAL sync, a 64 MB page cache.
            "OPTIONS": {"init_command": "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536", "timeout": 5},
            # One connection per gunicorn worker, kept open (with its page cache) between requests.
            "CONN_MAX_AGE": None,
        }
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # One connection per gunicorn worker, kept open between requests (as a pool would).
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ValueError(f"DATABASE_URL must be sqlite:… or postgres://…, not {url!r}")


DATABASES = {"default": database(os.environ.get("DATABASE_URL", "sqlite:savdo.db"))}

REST_FRAMEWORK = {
    # No authentication and no permission check: Savdo verifies a JWT and loads the API user on
    # every request; this counterpart does neither, which favours DRF in the comparison.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [],
    "COERCE_DECIMAL_TO_STRING": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "ERROR"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
