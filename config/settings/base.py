"""Settings shared by every environment. SQLite unless DATABASE_URL says otherwise."""

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "aftersales.core",
    "aftersales.accounts",
    "aftersales.customers",
    "aftersales.dispatch",
    "aftersales.intake",
    "aftersales.workorders",
    "aftersales.warranty",
    "aftersales.tools",
    "aftersales.loaners",
    "aftersales.parts",
    "aftersales.billing",
    "aftersales.settlements",
    "aftersales.returns",
    "aftersales.claims",
    "aftersales.calendars",
    "aftersales.deadlines",
    "aftersales.notifications",
    "aftersales.followups",
    "aftersales.maintenance",
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
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aftersales.accounts.context_processors.navigation",
                "aftersales.notifications.context_processors.unread_messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'aftersales.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "aftersales" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))

# Uploaded photos and signatures: checked for type and size before they are stored.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 8 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Business rules whose values the regulations leave to each company.
AFTERSALES = {
    # A new fault on a unit repaired for the same fault this many days before is a repeat repair
    # (不允许同一问题重复修理, 001 篇1 三6).
    "REPEAT_REPAIR_DAYS": env_int("REPEAT_REPAIR_DAYS", 90),
    "PHONE_REGION": env_str("PHONE_REGION", "CN"),
    "PAGE_SIZE": 50,
    # The largest discount, in percent of the invoice, each role may give without approval
    # (核决权限, 004 篇8); a role not named may give none.
    "DISCOUNT_LIMITS": {"technician": 0, "supervisor": 10, "manager": 30, "gm": 100},
    # A tool bought for more than this (yuan) is a fixed asset (002 第16条: 超过1000元).
    "FIXED_ASSET_THRESHOLD": env_int("FIXED_ASSET_THRESHOLD", 1000),
    # A parts purchase is approved only after this many supplier quotes are compared (002 第3章).
    "PURCHASE_QUOTES_REQUIRED": env_int("PURCHASE_QUOTES_REQUIRED", 3),
    # A warranty-claim part order worth more than this (yuan) is signed by the after-sales
    # director as well as the workshop manager (索赔订货, 004 篇8).
    "CLAIM_ORDER_DIRECTOR_ABOVE": env_int("CLAIM_ORDER_DIRECTOR_ABOVE", 2000),
    # The company's name at the head of the printouts (voucher, invoice, outlet statement); the
    # branch is printed under it.
    "COMPANY_NAME": env_str("COMPANY_NAME", "售后服务中心"),
    # The working day when a branch keeps no hours of its own (002 第五条); the official holidays
    # and make-up days (调休) come from the chinesecalendar package.
    "WORKING_HOURS": [("08:30", "12:00"), ("13:30", "18:00")],
}


# Background work (reminders, deadline sweeps, notifications) through Django's tasks API. The
# default keeps the queue in the database and needs nothing more: `aftersales run_worker` starts
# the worker and the periodic sweep. TASKS_BACKEND=redis puts the queue in Redis (RQ) instead, for
# deployments with several servers: `pip install 'aftersales[redis]'` and set REDIS_URL.
if env_str("TASKS_BACKEND", "database") == "redis":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": env_str("REDIS_URL", "redis://127.0.0.1:6379/0")}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Mail to staff and customers. Unset, mail is written to the log, not sent.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_str("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "aftersales@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Text messages through the logging gateway are written here until a real gateway is set.
    "loggers": {"aftersales.sms": {"level": "INFO"}},
}

APP_NAME = _("After-sales service")
