"""Settings for the archive, read from the environment (see .env.example)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-only"
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "axes",
    "simple_history",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "archive.views.DatabaseUnavailableMiddleware",
    "archive.replicas.ReplicaMiddleware",  # after the 503 one: reads elsewhere before a 503
    "articles.versioning.VersionMiddleware",  # the archive's version, read once per request
    "articles.pagecache.PageCacheMiddleware",  # anonymous pages, keyed by that version
    "simple_history.middleware.HistoryRequestMiddleware",  # records who made each change
    # Last: locks out an address and user name after repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"

# No DATABASE_URL: an SQLite file beside manage.py. DATABASE_URL=postgres://...: PostgreSQL.
# With persistent connections (DJANGO_CONN_MAX_AGE > 0) each is checked before a request
# reuses it: after a database restart, a connection left idle would otherwise fail its next
# request with a 503 although the database is back.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}


# Read replicas (docs/production.md): DATABASE_REPLICA_URLS, comma-separated, adds the
# databases replica1, replica2, ... Anonymous reads go to one that answers and lags at most
# DJANGO_REPLICA_MAX_LAG_SECONDS (checked at most every DJANGO_REPLICA_HEALTH_SECONDS per
# process); writes and editors' requests to the primary (archive/routers.py,
# archive/replicas.py). After a write a browser reads from the primary until a replica has
# replayed it, for DJANGO_REPLICA_PIN_SECONDS at most. DJANGO_PGBOUNCER=1: every database is
# reached through pgbouncer in transaction mode, where a server-side cursor cannot outlive
# its transaction.
def replica_database(url: str, conn_max_age: int, pgbouncer: bool) -> dict:
    """A replica's entry of DATABASES: a connection that is not answering fails in 2 s."""
    replica = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    replica["DISABLE_SERVER_SIDE_CURSORS"] = pgbouncer
    replica["TEST"] = {"MIRROR": "default"}  # other tests read what they wrote on the primary
    return replica


PGBOUNCER = env_bool("DJANGO_PGBOUNCER", False)
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = PGBOUNCER
DATABASE_REPLICAS = []
for number, url in enumerate(
    [url.strip() for url in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if url.strip()],
    start=1,
):
    DATABASES[f"replica{number}"] = replica_database(
        url, DATABASES["default"]["CONN_MAX_AGE"], PGBOUNCER
    )
    DATABASE_REPLICAS.append(f"replica{number}")
DATABASE_ROUTERS = ["archive.routers.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("DJANGO_REPLICA_MAX_LAG_SECONDS", "5"))
REPLICA_HEALTH_SECONDS = float(os.environ.get("DJANGO_REPLICA_HEALTH_SECONDS", "2"))
REPLICA_PIN_SECONDS = int(os.environ.get("DJANGO_REPLICA_PIN_SECONDS", "60"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Password guessing: after AXES_FAILURE_LIMIT failed logins for one user name from one
# address, that pair is locked out for AXES_COOLOFF_TIME (django-axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DJANGO_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
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

# HTTPS and browser protections (docs/production.md). With DEBUG off the defaults are the strict
# ones `manage.py check --deploy` asks for; each can be changed from the environment, e.g.
# DJANGO_SECURE_SSL_REDIRECT=0 to try production mode over plain HTTP on this machine.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers often probe over plain HTTP and count a redirect as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Only behind a proxy that sets X-Forwarded-Proto itself: otherwise any client could claim HTTPS.
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The site has no JavaScript and no inline style; the admin's scripts and styles are its own
# static files, so everything comes from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

if not DEBUG:
    # Without this, errors (a 500's traceback) are only mailed to ADMINS, and there are none:
    # send warnings and errors to stderr, which gunicorn's log collects.
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"stderr": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["stderr"], "level": "WARNING"},
    }

# The read-only JSON API (/api/v1/, articles/api/): JSON, cursor pages, anonymous requests
# throttled per address (DJANGO_API_ANON_RATE, e.g. "120/min"; a 429 says when to retry).
API_ANON_RATE = os.environ.get("DJANGO_API_ANON_RATE", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],  # public and read-only: no sign-in
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["articles.api.throttling.AnonymousThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.CursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "News archive API",
    "DESCRIPTION": "Read-only access to the archive's articles, records, trade facts and "
    "quotes, with the passages (character offsets into an article's body) they come from.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set in the schema (several models have a `kind`).
    "ENUM_NAME_OVERRIDES": {
        "BasisEnum": "articles.models.Basis",
        "PlaceKindEnum": "articles.models.Place.Kind",
        "OrganisationKindEnum": "articles.models.Organisation.Kind",
        "InitiativeKindEnum": "articles.models.Initiative.Kind",
        "EventKindEnum": "articles.models.Event.Kind",
        "TradeFactKindEnum": "articles.models.TradeFact.Kind",
        "RoleKindEnum": "articles.models.Role.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "articles.api.schema.add_error_responses",
    ],
}

# The bundled founding texts and their curated annotations.
ARCHIVE_FIXTURES_DIR = BASE_DIR / "fixtures"

# Caches (issue 16): Redis when it answers at REDIS_URL (shared by the gunicorn workers: facet
# bitmaps and anonymous pages, both keyed by the archive's version), else this process's
# memory. ARCHIVE_PAGE_CACHE=0 turns the page cache off.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.2).ping())
    except Exception:  # no redis-py, no server: local memory
        return False


CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL and _redis_answers(REDIS_URL)
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
ARCHIVE_PAGE_CACHE = env_bool("ARCHIVE_PAGE_CACHE", True)
ARCHIVE_PAGE_CACHE_SECONDS = 24 * 3600
ARCHIVE_FACET_BITMAPS = env_bool("ARCHIVE_FACET_BITMAPS", True)
# A plain query's every match, kept per archive version (articles/search/hitsets.py).
ARCHIVE_HIT_SETS = env_bool("ARCHIVE_HIT_SETS", True)
