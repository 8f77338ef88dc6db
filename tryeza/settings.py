"""Tryeza settings: the one settings file.

Everything that differs between machines comes from the environment through the typed
readers in ``tryeza.env``. With nothing set this is a safe development setup on SQLite;
with ``TRYEZA_ENV=production`` it refuses to start without the secrets production needs.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tryeza.env import check_encryption_keys, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
TRYEZA_ENV = env_str("TRYEZA_ENV", "development")
PRODUCTION = TRYEZA_ENV == "production"
if TRYEZA_ENV not in ("development", "production"):
    raise ImproperlyConfigured("TRYEZA_ENV must be 'development' or 'production'")

# Development values are public on purpose: they must never protect real data.
_DEV_SECRET_KEY = "dev-only-not-secret-tryeza"  # noqa: S105
_DEV_ENCRYPTION_KEY = "ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM="

SECRET_KEY = env_str("TRYEZA_SECRET_KEY")
ENCRYPTION_KEY = env_str("TRYEZA_ENCRYPTION_KEY")
ALLOWED_HOSTS = env_list("TRYEZA_ALLOWED_HOSTS")
DEBUG = env_bool("TRYEZA_DEBUG", default=not PRODUCTION)

if PRODUCTION:
    missing = [
        name
        for name, value in (
            ("TRYEZA_SECRET_KEY", SECRET_KEY),
            ("TRYEZA_ENCRYPTION_KEY", ENCRYPTION_KEY),
            ("TRYEZA_ALLOWED_HOSTS", ALLOWED_HOSTS),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(f"Production needs {', '.join(missing)} in the environment")
    if DEBUG:
        raise ImproperlyConfigured("TRYEZA_DEBUG must be off in production")
else:
    SECRET_KEY = SECRET_KEY or _DEV_SECRET_KEY
    ENCRYPTION_KEY = ENCRYPTION_KEY or _DEV_ENCRYPTION_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]

# Keys that encrypt identifiers at rest, newest first; older ones only decrypt (rotation).
ENCRYPTION_KEYS = check_encryption_keys("TRYEZA_ENCRYPTION_KEY", ENCRYPTION_KEY)
# Keys the blind index of identifiers (it must outlive encryption-key rotation). Derived
# from the secret key unless set; changing it requires `manage.py rebuild_identity_index`.
BLIND_INDEX_KEY = env_str("TRYEZA_BLIND_INDEX_KEY") or f"blind-index:{SECRET_KEY}"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "tryeza.geography",
    "tryeza.directory",
    "tryeza.accounts",
    "tryeza.audit",
    "tryeza.cases",
    "tryeza.meetings",
    "tryeza.reporting",
    "tryeza.web",
    "tryeza.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tryeza.accounts.auth.IdleRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tryeza.urls"
# Django's form templates, the most used of them built in Python (same markup, faster).
FORM_RENDERER = "tryeza.web.forms_renderer.FormRenderer"
WSGI_APPLICATION = "tryeza.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tryeza" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tryeza.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'tryeza.sqlite3'}"),
        conn_max_age=env_int("TRYEZA_DB_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tryeza.accounts.auth.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (django-axes), counted per username and address.
AXES_FAILURE_LIMIT = env_int("TRYEZA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("TRYEZA_LOGIN_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Idle expiry: a request renews the session (at most once a minute, see
# tryeza/accounts/auth.py), so the age is the allowed idle time.
SESSION_COOKIE_AGE = env_int("TRYEZA_IDLE_MINUTES", 30) * 60
# National tables and a committee's sources are kept until their data changes, at most
# this long (tryeza/reporting/figures_cache.py); 0 computes them on every request.
TRYEZA_FIGURES_CACHE_SECONDS = env_int("TRYEZA_FIGURES_CACHE_SECONDS", 600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = env_str("TRYEZA_LANGUAGE", "sq")
LANGUAGES = [("sq", _("Albanian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tryeza" / "locale"]
TIME_ZONE = env_str("TRYEZA_TIME_ZONE", "Europe/Tirane")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str("TRYEZA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("TRYEZA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("TRYEZA_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("TRYEZA_FROM_EMAIL", "tryeza@localhost")

REST_FRAMEWORK = {
    # Token first, so an anonymous or wrong-token call answers 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tryeza.accounts.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "tryeza.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tryeza.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tryeza API",
    "DESCRIPTION": "Read and write the coordination network's data under the same access "
    "rules as the pages. Identities of vulnerable people never leave through this API "
    "except to their case team.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The machine may have no internet: the docs page loads its scripts from our static.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tryeza.api.openapi_with_errors",
    ],
    # One name per choice list, wherever it appears in the schema.
    "ENUM_NAME_OVERRIDES": {
        "StructureKindEnum": "tryeza.directory.models.StructureKind",
        "ServiceTypeEnum": "tryeza.directory.models.ServiceType",
        "CaseStatusEnum": "tryeza.cases.choices.Status",
        "ServiceStatusEnum": "tryeza.cases.choices.ServiceStatus",
        "ReferralStatusEnum": "tryeza.cases.choices.ReferralStatus",
        "CooperationEnum": "tryeza.cases.choices.Cooperation",
        "FollowUpKindEnum": "tryeza.cases.choices.FollowUpKind",
        "RiskLevelEnum": "tryeza.cases.indicators.RiskLevel",
        "IdentityFieldEnum": "tryeza.cases.api.base.IDENTITY_CHOICES",
        "MeetingStatusEnum": "tryeza.meetings.models.MeetingStatus",
        "AgendaItemStatusEnum": "tryeza.meetings.models.ItemStatus",
        "AgendaItemKindEnum": "tryeza.meetings.models.ItemKind",
        "TaskStatusEnum": "tryeza.meetings.models.TaskStatus",
        "ReturnStatusEnum": "tryeza.reporting.models.ReturnStatus",
        "ReportStatusEnum": "tryeza.reporting.models.ReportStatus",
        "ReviewActionEnum": "tryeza.reporting.models.ReviewAction",
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Which country's reference data this installation runs on (a data file, not code).
TRYEZA_GEOGRAPHY_FILE = env_str(
    "TRYEZA_GEOGRAPHY_FILE", str(BASE_DIR / "tryeza" / "geography" / "data" / "albania.json")
)

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("TRYEZA_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("TRYEZA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

# Log lines carry codes and ids, never a person's identifiers; request bodies are never
# logged, and DEBUG pages are impossible in production (checked above).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "tryeza.log.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("TRYEZA_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default handlers, so no mail with local variables is sent.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint narrates every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
