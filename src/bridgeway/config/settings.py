"""Settings, read from the environment so that one code base runs embedded or at scale.

Embedded default: SQLite (WAL, IMMEDIATE transactions, busy timeout), database cache,
in-memory channel layer, Huey on SQLite. With ``DATABASE_URL`` and ``REDIS_URL`` set, the same
code runs on PostgreSQL and Redis. See docs/operations.md for every variable.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import global_settings
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from bridgeway.config.database import KeepPrepared, pool_options, prepare_options

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("BRIDGEWAY_DATA_DIR", Path.cwd() / "var")).resolve()
DEBUG = env_bool("BRIDGEWAY_DEBUG")


def _secret_key() -> str:
    key = os.environ.get("BRIDGEWAY_SECRET_KEY")
    if key:
        return key
    # Embedded installs keep a generated key beside their data so sessions survive restarts.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# A generated key is this node's own: `check --deploy` warns (core/checks.py).
BRIDGEWAY_SECRET_KEY_GENERATED = not os.environ.get("BRIDGEWAY_SECRET_KEY")
ALLOWED_HOSTS = env_list("BRIDGEWAY_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("BRIDGEWAY_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("BRIDGEWAY_SITE_URL", "http://127.0.0.1:8000")
# How emails and pages name the product ("Hello from Bridgeway!"); a network may use its own.
BRIDGEWAY_SITE_NAME = os.environ.get("BRIDGEWAY_SITE_NAME", "Bridgeway")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "channels",
    "django_htmx",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "huey.contrib.djhuey",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "bridgeway.core",
    "bridgeway.accounts",
    "bridgeway.programs",
    "bridgeway.programs.questionnaires",
    "bridgeway.programs.intake",
    "bridgeway.programs.screening",
    "bridgeway.learning",
    "bridgeway.matching",
    "bridgeway.notifications",
    "bridgeway.relationships",
    "bridgeway.messaging",
    "bridgeway.concerns",
    "bridgeway.community",
    "bridgeway.reports",
    "bridgeway.privacy.exports",
    "bridgeway.privacy.consent",
    "bridgeway.privacy.breaches",
    "bridgeway.api",
    "bridgeway.dashboard",
    "bridgeway.privacy.erasure",
    "bridgeway.privacy.retention",
    "bridgeway.demo",
]

# What can hold a person back from "ready to match" (programs/readiness.py), in the order the
# person reads the reasons: each is a function (enrollment) -> [reason, …], empty when met.
BRIDGEWAY_READINESS_CHECKS = [
    "bridgeway.programs.questionnaires.profiles.profile_blockers",  # required profile answers
    "bridgeway.programs.screening.panels.readiness_blockers",  # required screening checks
    "bridgeway.learning.readiness.training_blockers",  # required training modules
]

# What each app shows on the dashboards (core/dashboard.py), in the order it is shown:
# (kind, template, context function). "enrollment": inside a participant's enrollment card;
# "agency": on the agency page; "staff_enrollment": on the staff page of one enrollment.
BRIDGEWAY_PANELS = [
    (
        "enrollment",
        "screening/panels/enrollment.html",
        "bridgeway.programs.screening.panels.enrollment_panel",
    ),
    (
        "enrollment",
        "questionnaires/_panel_profile.html",
        "bridgeway.programs.questionnaires.panels.profile_panel",
    ),
    (
        "enrollment",
        "learning/_panel_progress.html",
        "bridgeway.learning.panels.enrollment_training_panel",
    ),
    (
        "enrollment",
        "matching/_panel_suggestions.html",
        "bridgeway.matching.panels.mentee_suggestions_panel",
    ),
    (
        "enrollment",
        "relationships/_panel.html",
        "bridgeway.relationships.panels.enrollment_panel",
    ),
    (
        "enrollment",
        "relationships/group/_panel.html",
        "bridgeway.relationships.groups.panels.group_panel",
    ),
    ("enrollment", "programs/_panel_waiting.html", "bridgeway.programs.waitlist.waiting_panel"),
    (
        "enrollment",
        "intake/_panel_open_referrals.html",
        "bridgeway.programs.intake.panels.open_referrals_panel",
    ),
    ("agency", "screening/panels/agency.html", "bridgeway.programs.screening.panels.agency_panel"),
    (
        "agency",
        "intake/_panel_incoming_referrals.html",
        "bridgeway.programs.intake.panels.incoming_referrals_panel",
    ),
    ("agency", "learning/_panel_agency.html", "bridgeway.learning.panels.agency_training_panel"),
    ("agency", "matching/_panel_gap.html", "bridgeway.matching.panels.agency_gap_panel"),
    (
        "agency",
        "questionnaires/_panel_agency.html",
        "bridgeway.programs.questionnaires.panels.agency_panel",
    ),
    (
        "staff_enrollment",
        "matching/_panel_staff_declines.html",
        "bridgeway.matching.panels.staff_declines_panel",
    ),
    (
        "staff_enrollment",
        "programs/_panel_deliveries.html",
        "bridgeway.programs.delivery_views.deliveries_panel",
    ),
    (
        "staff_enrollment",
        "privacy_exports/_panel_staff.html",
        "bridgeway.privacy.exports.panels.staff_panel",
    ),
    (
        "enrollment",
        "consent/_panel_profile_withdrawn.html",
        "bridgeway.privacy.consent.panels.profile_withdrawn_panel",
    ),
    (
        "staff_enrollment",
        "consent/_panel_staff.html",
        "bridgeway.privacy.consent.panels.staff_consents_panel",
    ),
]

# What waits for an agency's staff (the to-do list), in the order it is listed: functions of
# `organization` returning core.dashboard.TodoItem.
BRIDGEWAY_TODO_SOURCES = [
    "bridgeway.programs.screening.panels.todo",  # applications, references, screening
    "bridgeway.programs.intake.panels.todo",  # referrals from other agencies
    "bridgeway.matching.panels.todo",  # declined mentees, waiting list, proposals
    "bridgeway.relationships.activation.todo",  # mentees past the activation window
    "bridgeway.messaging.panels.todo",  # questions to staff, flagged messages
    "bridgeway.concerns.panels.todo",  # concerns nobody has picked up
    "bridgeway.reports.recognition.selectors.todo",  # mentors' requests for a letter
    "bridgeway.reports.partners.selectors.todo",  # mentors who name a partner employer
    "bridgeway.privacy.exports.selectors.todo",  # requests for personal data nearing 30 days
]

MIDDLEWARE = [
    "bridgeway.core.logs.RequestLogMiddleware",
    "bridgeway.core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "bridgeway.accounts.middleware.KeptAuthenticationMiddleware",
    "bridgeway.accounts.middleware.PersonPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "bridgeway.accounts.sessions.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "bridgeway.core.csp.KeptPolicyCSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "bridgeway.core.limits.RateLimitMiddleware",
]

ROOT_URLCONF = "bridgeway.config.urls"
# Widgets may use the project's templates (e.g. one box per language for translated text).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ASGI_APPLICATION = "bridgeway.config.asgi.application"
WSGI_APPLICATION = "bridgeway.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                # The whole header (sections, agencies, unread counts) in one query.
                "bridgeway.dashboard.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'bridgeway.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Django's SQLite defaults lose concurrent writes: WAL lets readers run beside one writer,
    # IMMEDIATE takes the write lock at BEGIN (no upgrade deadlocks), and the timeout waits.
    # secure_delete overwrites deleted content with zeros: without it an erased person's text
    # stays readable in the file's free pages (docs/privacy.md, "Erasure").
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query whose plan looks costly with LLVM (JIT, on by default): for
    # the reports' aggregates over large tables that took seconds of compiling for queries
    # that then ran in tens of milliseconds (bench/bench_reports.py, docs/benchmarks.md).
    # The app's queries are short; they run without it.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    # Connections kept open per process and lent to each request (config/database.py); the
    # pool checks a connection before lending it, and when one is broken (after a restart of
    # the database server) tests all its idle ones at once: Django's backend with that check
    # (config/postgresql/), for the web, job and websocket processes alike.
    pool = pool_options(os.environ.get("BRIDGEWAY_DB_POOL"))
    if pool is not None:
        options["pool"] = pool
        DATABASES["default"]["ENGINE"] = "bridgeway.config.postgresql"
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters bound by the server and repeated statements prepared once per connection
    # (config/database.py): on with the pool, off without it unless asked (PgBouncer).
    prepared = prepare_options(os.environ.get("BRIDGEWAY_DB_PREPARE"), pool is not None)
    options.update(prepared)
    if prepared and pool is not None:
        pool["connection_class"] = KeepPrepared
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Redis: cache, channel layer, job broker ------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "bridgeway.core.cache.KeptPoolsRedisCache", "LOCATION": REDIS_URL}
    }
    # Sessions are read from Redis and written through to the database (docs/decisions.md,
    # "Sessions in the cache with Redis"): each signed-in request reads its session without a
    # query. Without Redis the cache is the database, so the sessions stay in their own table.
    # Both engines keep the sessions in `accounts.SignedInSession`, which names the person
    # (docs/decisions.md, "A session table of our own").
    SESSION_ENGINE = "bridgeway.accounts.session_engines.cached_db"
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": os.environ.get("BRIDGEWAY_HUEY_NAME", "bridgeway"),
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    # The database cache is shared by every process of an embedded install, so sign-in limits
    # hold across web workers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "bridgeway_cache",
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    SESSION_ENGINE = "bridgeway.accounts.session_engines.db"
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "bridgeway",
        "filename": str(DATA_DIR / "jobs.sqlite3"),
        "immediate": False,
    }
HUEY["consumer"] = {
    "workers": int(os.environ.get("BRIDGEWAY_WORKER_THREADS", "2")),
    "worker_type": "thread",
}

# --- People and sign-in ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.Person"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "bridgeway.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "bridgeway.accounts.forms.SignupDetailsForm"
# Hashes the password for an address that already has an account too: the same answer time.
ACCOUNT_FORMS = {"signup": "bridgeway.accounts.signup.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Bridgeway] "
# Failed sign-ins are limited per IP and per account; the counters live in the shared cache.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    # A sign-in code by email: three a minute per address. Each code can be tried three times
    # (ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS); a wrong two-step code counts as a failed sign-in.
    "request_login_code": "20/m/ip,3/m/key",
}
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Bridgeway"

# --- Email ----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("BRIDGEWAY_FROM_EMAIL", "Bridgeway <no-reply@localhost>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif os.environ.get("BRIDGEWAY_EMAIL_FILE_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["BRIDGEWAY_EMAIL_FILE_DIR"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# An email service instead of SMTP, through django-anymail: the backend's path (for example
# "anymail.backends.mailgun.EmailBackend") and its settings as JSON (docs/operations.md).
if os.environ.get("BRIDGEWAY_EMAIL_BACKEND"):
    EMAIL_BACKEND = os.environ["BRIDGEWAY_EMAIL_BACKEND"]
    ANYMAIL = json.loads(os.environ.get("BRIDGEWAY_ANYMAIL", "{}"))
# The service's tracking webhooks (/anymail/<service>/tracking/) need its WEBHOOK_SECRET.
ANYMAIL_WEBHOOKS = bool(os.environ.get("BRIDGEWAY_EMAIL_BACKEND")) and bool(
    json.loads(os.environ.get("BRIDGEWAY_ANYMAIL", "{}")).get("WEBHOOK_SECRET")
)
EMAIL_TIMEOUT = 30

# --- Notifications and timers (notifications/) -------------------------------------------------
# SMS and WhatsApp: console (default), a file of JSON lines, or Twilio.
BRIDGEWAY_TEXT_BACKEND = os.environ.get(
    "BRIDGEWAY_TEXT_BACKEND", "bridgeway.notifications.texting.ConsoleBackend"
)
BRIDGEWAY_TEXT_FILE = os.environ.get("BRIDGEWAY_TEXT_FILE", str(DATA_DIR / "texts.jsonl"))
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
TWILIO_SMS_FROM = os.environ.get("TWILIO_SMS_FROM", "")
TWILIO_WHATSAPP_FROM = os.environ.get("TWILIO_WHATSAPP_FROM", "")
# A claimed job or delivery whose worker died is claimed again after this many seconds.
BRIDGEWAY_JOB_LEASE_SECONDS = int(os.environ.get("BRIDGEWAY_JOB_LEASE_SECONDS", "300"))
# Retries wait 30 s, 1 min, 2 min, … up to an hour; a timer stops as failed after 6 tries.
BRIDGEWAY_RETRY_BASE_SECONDS = 30
BRIDGEWAY_RETRY_CAP_SECONDS = 3600
BRIDGEWAY_TIMER_MAX_ATTEMPTS = 6
# What each kind of timer does when it goes off: kind -> function taking the Timer.
BRIDGEWAY_TIMER_HANDLERS: dict[str, str] = {
    "relationships.request_remind": "bridgeway.relationships.deadlines.remind",
    "relationships.request_expire": "bridgeway.relationships.deadlines.expire",
    "relationships.meeting_remind": "bridgeway.relationships.meetings.remind",
    "relationships.meeting_check": "bridgeway.relationships.meetings.check",
    "relationships.check_in": "bridgeway.relationships.checkins.ask",
    "relationships.flash_close": "bridgeway.relationships.flash.close_due",
    "relationships.reoffer": "bridgeway.relationships.reoffer.reoffer",
    "relationships.group_meeting_remind": "bridgeway.relationships.groups.meetings.remind",
    "relationships.group_meeting_check": "bridgeway.relationships.groups.meetings.check",
    "relationships.group_check_in": "bridgeway.relationships.groups.checkins.ask",
    "messaging.unread": "bridgeway.messaging.alerts.unread_alert",
    "messaging.call_check": "bridgeway.messaging.calls.call_check",
    "concerns.escalate": "bridgeway.concerns.escalation.escalate",
    "community.prompt_post": "bridgeway.community.curriculum.services.prompt_post",
    "community.post_send": "bridgeway.community.news.services.send_scheduled",
    "community.expert_remind": "bridgeway.community.experts.deadlines.remind",
    "community.expert_escalate": "bridgeway.community.experts.deadlines.escalate",
    "community.session_remind": "bridgeway.community.sessions.services.remind",
    "community.session_invite": "bridgeway.community.sessions.invitations.invite_waiting",
    "reports.assessment_send": "bridgeway.reports.assessments.moments.send_due",
}
# Which roles (mentee, mentor) a person holds, for the kinds their preferences page lists.
BRIDGEWAY_PERSON_ROLES = "bridgeway.programs.selectors.person_program_roles"
# Roles besides staff and network admins that sign in with two-step verification
# (core.access.needs_two_step): functions of the person answering the rows that give them
# the role (a queryset; the person holds the role when it has a row), asked in one query.
BRIDGEWAY_TWO_STEP_ROLES = ["bridgeway.reports.partners.selectors.partners_of_contact"]
# Every kind of notification, each declared in its app's notifications.py.
BRIDGEWAY_NOTIFICATION_KINDS = [
    "bridgeway.privacy.erasure.notifications.RECEIVED",
    "bridgeway.privacy.erasure.notifications.FAREWELL",
    "bridgeway.privacy.erasure.notifications.WAITING",
    "bridgeway.privacy.erasure.notifications.DONE",
    "bridgeway.privacy.breaches.notifications.REPORT_DUE",
    "bridgeway.privacy.breaches.notifications.NOTIFY_DUE",
    "bridgeway.privacy.exports.notifications.EXPORT_READY",
    "bridgeway.privacy.exports.notifications.EXPORT_FAILED",
    "bridgeway.notifications.digests.DIGEST",
    "bridgeway.core.notifications.STAFF_INVITATION",
    "bridgeway.programs.notifications.APPLICATION_RECEIVED",
    "bridgeway.programs.notifications.READY_TO_MATCH",
    "bridgeway.programs.notifications.PROGRAM_INVITATION",
    "bridgeway.programs.intake.notifications.INTAKE_CONFIRM",
    "bridgeway.programs.intake.notifications.REFERRAL",
    "bridgeway.programs.screening.notifications.APPROVED",
    "bridgeway.programs.screening.notifications.DECLINED",
    "bridgeway.programs.screening.notifications.RENEWAL",
    "bridgeway.relationships.notifications.REQUEST_NEW",
    "bridgeway.relationships.notifications.REQUEST_REMINDER",
    "bridgeway.relationships.notifications.REQUEST_EXPIRED",
    "bridgeway.relationships.notifications.REQUEST_EXPIRED_STAFF",
    "bridgeway.relationships.notifications.REQUEST_MOVED_ON",
    "bridgeway.relationships.request_notifications.REQUEST_QUESTION",
    "bridgeway.relationships.request_notifications.REQUEST_REPLY",
    "bridgeway.relationships.request_notifications.PROPOSAL_TO_CONFIRM",
    "bridgeway.relationships.request_notifications.PROPOSAL_REMINDER",
    "bridgeway.relationships.request_notifications.REQUEST_HALF_ACCEPTED",
    "bridgeway.relationships.request_notifications.PROPOSAL_ENDED",
    "bridgeway.relationships.request_notifications.REOFFER_MENTEE",
    "bridgeway.relationships.request_notifications.REOFFER_STAFF",
    "bridgeway.relationships.notifications.STARTED",
    "bridgeway.relationships.notifications.ACTIVE",
    "bridgeway.relationships.notifications.MEETING_PROPOSED",
    "bridgeway.relationships.notifications.MEETING_SCHEDULED",
    "bridgeway.relationships.notifications.MEETING_CANCELLED",
    "bridgeway.relationships.notifications.MEETING_REMINDER",
    "bridgeway.relationships.notifications.MEETING_CHECK",
    "bridgeway.relationships.notifications.SERIES_SCHEDULED",
    "bridgeway.relationships.notifications.SERIES_CANCELLED",
    "bridgeway.relationships.notifications.ACTIVATION_REMINDER",
    "bridgeway.relationships.notifications.ACTIVATION_FLAG",
    "bridgeway.relationships.notifications.GROUP_ACTIVATION_REMINDER",
    "bridgeway.relationships.notifications.GROUP_ACTIVATION_DIGEST",
    "bridgeway.relationships.notifications.CLOSED",
    "bridgeway.relationships.notifications.ALUMNI_INVITATION",
    "bridgeway.relationships.notifications.GOALS_MET",
    "bridgeway.relationships.notifications.CHECK_IN",
    "bridgeway.relationships.notifications.FLASH_STARTED",
    "bridgeway.relationships.notifications.FLASH_SURVEY",
    "bridgeway.relationships.notifications.FLASH_CLOSED",
    "bridgeway.relationships.groups.notifications.GROUP_STARTED",
    "bridgeway.relationships.groups.notifications.GROUP_ACTIVE",
    "bridgeway.relationships.groups.notifications.GROUP_CLOSED",
    "bridgeway.relationships.groups.notifications.GROUP_MEETING_SCHEDULED",
    "bridgeway.relationships.groups.notifications.GROUP_MEETING_CANCELLED",
    "bridgeway.relationships.groups.notifications.GROUP_MEETING_REMINDER",
    "bridgeway.relationships.groups.notifications.GROUP_MEETING_CHECK",
    "bridgeway.relationships.groups.notifications.GROUP_CHECK_IN",
    "bridgeway.relationships.groups.notifications.GROUP_MEMBER_JOINED",
    "bridgeway.relationships.groups.notifications.GROUP_MEMBER_LEFT",
    "bridgeway.relationships.groups.notifications.GROUP_YOU_LEFT",
    "bridgeway.relationships.groups.notifications.GROUP_BELOW_MINIMUM",
    "bridgeway.relationships.groups.notifications.GROUP_ALUMNI_INVITATION",
    "bridgeway.messaging.notifications.UNREAD",
    "bridgeway.messaging.notifications.MEDIATOR",
    "bridgeway.messaging.notifications.FLAGGED",
    "bridgeway.concerns.notifications.RAISED",
    "bridgeway.concerns.notifications.SAFETY",
    "bridgeway.concerns.notifications.ESCALATED",
    "bridgeway.concerns.notifications.ANSWERED",
    "bridgeway.concerns.notifications.UPDATE",
    "bridgeway.community.notifications.TOPIC",
    "bridgeway.community.notifications.REPLY",
    "bridgeway.community.curriculum.notifications.PROMPT",
    "bridgeway.community.news.notifications.ANNOUNCEMENT",
    "bridgeway.community.news.notifications.NEWSLETTER",
    "bridgeway.community.sessions.notifications.REGISTERED",
    "bridgeway.community.sessions.notifications.WAITING",
    "bridgeway.community.sessions.notifications.PROMOTED",
    "bridgeway.community.sessions.notifications.UNREGISTERED",
    "bridgeway.community.sessions.notifications.CHANGED",
    "bridgeway.community.sessions.notifications.CANCELLED",
    "bridgeway.community.sessions.notifications.REMINDER",
    "bridgeway.community.sessions.notifications.RECORDING",
    "bridgeway.community.sessions.notifications.INVITATION",
    "bridgeway.community.circles.notifications.JOINED",
    "bridgeway.community.circles.notifications.REQUEST",
    "bridgeway.community.circles.notifications.APPROVED",
    "bridgeway.community.circles.notifications.DECLINED",
    "bridgeway.community.circles.notifications.INVITATION",
    "bridgeway.community.circles.notifications.REMOVED",
    "bridgeway.community.circles.notifications.LEADER",
    "bridgeway.community.circles.notifications.LEADER_REPLACED",
    "bridgeway.community.circles.notifications.SESSION",
    "bridgeway.community.circles.notifications.CLOSED",
    "bridgeway.reports.notifications.MONTHLY",
    "bridgeway.community.notifications.REPORTED",
    "bridgeway.community.notifications.HELD",
    "bridgeway.community.notifications.HIDDEN",
    "bridgeway.community.notifications.UNHIDDEN",
    "bridgeway.community.notifications.APPROVED",
    "bridgeway.community.notifications.REJECTED",
    "bridgeway.community.notifications.MOVED",
    "bridgeway.community.notifications.SUSPENDED",
    "bridgeway.community.notifications.SUSPENSION_LIFTED",
    "bridgeway.community.notifications.MODERATOR",
    "bridgeway.community.experts.notifications.EXPERT_INVITATION",
    "bridgeway.community.experts.notifications.QUESTION_NEW",
    "bridgeway.community.experts.notifications.QUESTION_ROUTED",
    "bridgeway.community.experts.notifications.QUESTION_REMINDER",
    "bridgeway.community.experts.notifications.QUESTION_REPLY",
    "bridgeway.community.experts.notifications.QUESTION_ESCALATED",
    "bridgeway.community.experts.notifications.QUESTION_ANSWERED",
    "bridgeway.community.experts.notifications.QUESTION_ASKED_BACK",
    "bridgeway.community.experts.notifications.QUESTION_CLOSED",
    "bridgeway.reports.assessments.notifications.ASSESSMENT",
    *[
        f"bridgeway.reports.recognition.notifications.{k}"
        for k in ("ISSUED", "LETTER_DECLINED", "EMPLOYER_LETTER")
    ],
    *[
        f"bridgeway.reports.partners.notifications.{k}"
        for k in ("INVITATION", "LINK_PROPOSED", "LINK_CONFIRMED", "LINK_ENDED", "LETTER")
    ],
]
# A concern nobody on staff has handled for this many days is escalated to the agency's admins.
BRIDGEWAY_CONCERN_ESCALATE_DAYS = int(os.environ.get("BRIDGEWAY_CONCERN_ESCALATE_DAYS", "3"))
# A breach with a real risk of significant harm still not reported to the Privacy Commissioner,
# or its people not notified, this many days after its discovery: its register's admins are
# reminded once (privacy/breaches/reminders.py, a daily job).
BRIDGEWAY_BREACH_REMINDER_DAYS = int(os.environ.get("BRIDGEWAY_BREACH_REMINDER_DAYS", "3"))
# Quiet hours of a person who has not chosen their own, in their time zone ("21:00-08:00";
# empty: none). Emails and texts that can wait are held until they end.
BRIDGEWAY_DEFAULT_QUIET_HOURS = os.environ.get("BRIDGEWAY_DEFAULT_QUIET_HOURS", "21:00-08:00")
# Told when a match proposal is created, declined or withdrawn (matching/services.py):
# functions (event, proposal), in the proposal's transaction.
BRIDGEWAY_PROPOSAL_LISTENERS = ["bridgeway.relationships.services.on_proposal"]
# Places of mentors held outside open proposals: functions (program) -> {mentor id: count}.
BRIDGEWAY_PLACES_TAKEN = ["bridgeway.relationships.selectors.places_taken"]
# The proposed assignment stops proving itself optimal after this many seconds, or when the
# process uses this much memory (bytes, or 512M, 2G), and the match board then says how much it
# could still improve at most (docs/matching-engine.md). A staff member waits for the page.
BRIDGEWAY_MATCHING_BUDGET_SECONDS = float(os.environ.get("BRIDGEWAY_MATCHING_BUDGET_SECONDS", "20"))
BRIDGEWAY_MATCHING_BUDGET_MEMORY = os.environ.get("BRIDGEWAY_MATCHING_BUDGET_MEMORY", "2G")
# Mentors kept per mentee before the optimality check adds what is missing (0: from the places).
BRIDGEWAY_MATCHING_CANDIDATES = 0
# Asked before a message is stored: functions (conversation, author) -> "" or the reason
# (in the author's language) the message is refused.
BRIDGEWAY_MESSAGE_GUARDS: list[str] = [
    "bridgeway.concerns.guards.blocked_pair",
    "bridgeway.community.circles.guards.circle_members_only",
]
# Pages a person signing in sees first, in this order: functions (person) -> "" or the page.
BRIDGEWAY_SIGN_IN_STEPS: list[str] = ["bridgeway.privacy.consent.views.ask_again_url"]
# Asked before a text message (SMS or WhatsApp) is queued or sent: functions (person id) ->
# "" or why no text goes to them (the person withdrew their consent to texts).
BRIDGEWAY_TEXT_GUARDS: list[str] = ["bridgeway.privacy.consent.guards.texting_withdrawn"]
# The consent to text messages, read and given on the notification preferences page.
BRIDGEWAY_TEXT_CONSENT: dict[str, str] = {
    "read": "bridgeway.privacy.consent.guards.texting_consent_read",
    "give": "bridgeway.privacy.consent.guards.texting_consent_give",
}

# --- Calls in the browser (WebRTC; docs/calls.md) -------------------------------------------
# STUN finds a browser's public address; TURN relays media when no direct path exists (strict
# NATs, mobile networks). TURN credentials are coturn's time-limited ones (use-auth-secret):
# the secret is shared with coturn and never sent to browsers.
BRIDGEWAY_STUN_URLS = env_list("BRIDGEWAY_STUN_URLS")
BRIDGEWAY_TURN_URLS = env_list("BRIDGEWAY_TURN_URLS")
BRIDGEWAY_TURN_SECRET = os.environ.get("BRIDGEWAY_TURN_SECRET", "")
BRIDGEWAY_TURN_TTL = int(os.environ.get("BRIDGEWAY_TURN_TTL", str(6 * 60 * 60)))
# A call that nobody else joins within this time ends as missed.
BRIDGEWAY_CALL_RING_SECONDS = int(os.environ.get("BRIDGEWAY_CALL_RING_SECONDS", "60"))
# People in one call: each browser sends its media to every other (a mesh), fine up to 6.
BRIDGEWAY_CALL_MAX_PEOPLE = 6

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
# Adding a language needs no code: list its code here and add locale/<code>/LC_MESSAGES/django.po.
# Untranslated text falls back to English; right-to-left languages lay out right to left.
_LANGUAGE_NAMES = {"en": _("English"), "fr": _("French")}
LANGUAGES = [
    (
        code,
        _LANGUAGE_NAMES[code]
        if code in _LANGUAGE_NAMES
        else LANG_INFO.get(code, {}).get("name_local", code),
    )
    for code in env_list("BRIDGEWAY_LANGUAGES", "en,fr")
]
# Pages in these languages lay out right to left: Django's list, plus Pashto and Dari (which
# many newcomers speak), Dhivehi, Sindhi, Syriac and Yiddish.
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, "ps", "prs", "dv", "sd", "syr", "yi"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Toronto"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = DEBUG

# --- Attachments (messaging/attachments.py, docs/messaging.md) ------------------------------
# Files sent with messages go through the "attachments" storage and are never under a public
# address: the app serves them after its access check. Embedded: a folder in the data
# directory. At scale: an S3-compatible bucket through django-storages (with boto3, both locked)
# when BRIDGEWAY_ATTACHMENTS_S3_BUCKET is set; credentials come from boto3's usual
# environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the machine's role.
if os.environ.get("BRIDGEWAY_ATTACHMENTS_S3_BUCKET"):
    STORAGES["attachments"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["BRIDGEWAY_ATTACHMENTS_S3_BUCKET"],
            "endpoint_url": os.environ.get("BRIDGEWAY_ATTACHMENTS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("BRIDGEWAY_ATTACHMENTS_S3_REGION") or None,
            "location": os.environ.get("BRIDGEWAY_ATTACHMENTS_S3_PREFIX", "attachments"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    STORAGES["attachments"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("BRIDGEWAY_ATTACHMENTS_DIR", str(DATA_DIR / "attachments")),
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
# Uploads larger than 2.5 MB (Django's FILE_UPLOAD_MAX_MEMORY_SIZE) are streamed to a
# temporary file while they arrive, never held in memory: in the data directory rather than
# /tmp, which is often memory too. DATA_UPLOAD_MAX_MEMORY_SIZE counts only the form's text.
FILE_UPLOAD_HANDLERS = [
    # Stops keeping a file once it passes the largest attachment limit (the page: its program's).
    "bridgeway.messaging.attachments.LimitedUploadHandler",
    *global_settings.FILE_UPLOAD_HANDLERS,
]
FILE_UPLOAD_TEMP_DIR = os.environ.get("BRIDGEWAY_UPLOAD_TEMP_DIR", str(DATA_DIR / "uploads"))
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_PERMISSIONS = 0o600
# A function (file) -> None that raises messaging.attachments.UnsafeFile for a file it finds
# unsafe, called before a file is stored (a ClamAV example is in docs/messaging.md).
BRIDGEWAY_ATTACHMENT_SCANNER = os.environ.get("BRIDGEWAY_ATTACHMENT_SCANNER", "")
# The largest file staff may add to the resource library (learning/library/files.py), in MB.
BRIDGEWAY_LIBRARY_LIMIT_MB = int(os.environ.get("BRIDGEWAY_LIBRARY_LIMIT_MB", "200"))

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
HTTPS = env_bool("BRIDGEWAY_HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("BRIDGEWAY_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("BRIDGEWAY_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- API ------------------------------------------------------------------------------------
# How often a person or a connection may do a thing (core/limits.py): "count/unit" with s, m,
# h or d, several separated by commas. Each can be set in the environment, e.g.
# BRIDGEWAY_RATE_MESSAGE="30/m,1000/d".
BRIDGEWAY_RATE_LIMITS = {
    action: os.environ.get(f"BRIDGEWAY_RATE_{action.upper()}", default)
    for action, default in {
        "intake": "10/h",  # applications from one connection (IP address)
        "intake_email": "5/h",  # applications with one email address
        "verify": "60/h",  # certificate lookups from one connection
        "message": "30/m,1000/d",  # messages sent by one person
        "post": "10/m,100/d",  # forum topics and replies by one person
        "question": "5/h,20/d",  # Ask-an-Expert questions by one person
        "request": "10/h,30/d",  # mentor requests sent by one mentee
        "export": "5/d",  # copies of their data one person asks for
    }.items()
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # DRF's token sign-in, its query compiled once per process (api/authentication.py).
        "bridgeway.api.authentication.KeptTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("BRIDGEWAY_RATE_API_ANON", "60/min"),
        "user": os.environ.get("BRIDGEWAY_RATE_API", "600/min"),
    },
    "DEFAULT_THROTTLE_CLASSES": [
        "bridgeway.api.throttling.AnonRateThrottle",
        "bridgeway.api.throttling.TokenRateThrottle",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bridgeway API",
    "DESCRIPTION": "Programs and enrollments of a Bridgeway network, scoped to the caller.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation's error answers (403, 404, 429, 400) with the bodies DRF sends.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "bridgeway.api.schema.document_errors",
    ],
    # Choice sets that share a field name with another app's get a name of their own.
    "ENUM_NAME_OVERRIDES": {
        "EnrollmentRoleEnum": "bridgeway.programs.models.EnrollmentRole",
        "ReaderAudienceEnum": "bridgeway.programs.reach.Audience",
        "ResourceKindEnum": "bridgeway.learning.library.models.Kind",
        "CertificateKindEnum": "bridgeway.reports.recognition.models.Certificate.Kind",
        # NOC 2021 broad occupational categories, 0 to 9 (the sector of a space, a resource, a
        # post's segment).
        "OccupationCategoryEnum": [str(category) for category in range(10)],
        # The languages a profile can name (programs/questionnaires/codelists.py).
        "ProfileLanguageEnum": "bridgeway.config.schema_enums.PROFILE_LANGUAGES",
        # The languages the site speaks (a session's, a circle's).
        "SiteLanguageEnum": LANGUAGES,
        "ProgramKindEnum": "bridgeway.programs.models.Program.Kind",
        # A program's purpose keeps the name it had before consents by purpose came.
        "PurposeEnum": "bridgeway.programs.models.Program.Purpose",
        "ConsentPurposeEnum": "bridgeway.privacy.consent.models.Purpose",
        "EnrollmentStatusEnum": "bridgeway.programs.models.EnrollmentStatus",
        "NotificationFrequencyEnum": "bridgeway.notifications.models.Frequency",
        "MentorRequestStatusEnum": "bridgeway.relationships.models.MentorRequest.Status",
        # The matching API's proposal sources keep the name they had before requests came.
        "SourceEnum": "bridgeway.matching.models.MatchProposal.Source",
        "MentorRequestSourceEnum": "bridgeway.relationships.models.MentorRequest.Source",
        "DeclineReasonEnum": "bridgeway.relationships.models.DeclineReason",
        "CloseReasonEnum": "bridgeway.relationships.models.CloseReason",
        "LeaveReasonEnum": "bridgeway.relationships.groups.models.LeaveReason",
        "CheckInKindEnum": "bridgeway.relationships.models.CheckIn.Kind",
        "RelationshipStatusEnum": "bridgeway.relationships.models.Relationship.Status",
        "MeetingKindEnum": "bridgeway.relationships.models.MeetingKind",
        "MeetingFrequencyEnum": "bridgeway.relationships.models.MeetingFrequency",
        "MeetingStatusEnum": "bridgeway.relationships.models.Meeting.Status",
        "ConcernStatusEnum": "bridgeway.concerns.models.Concern.Status",
        "ConcernCategoryEnum": "bridgeway.concerns.models.Category",
        "ConcernPriorityEnum": "bridgeway.concerns.models.Priority",
        "ConcernOutcomeEnum": "bridgeway.concerns.models.Outcome",
        # A meeting log's outcome keeps the name it had before concerns came.
        "OutcomeEnum": "bridgeway.relationships.models.MeetingLog.Outcome",
        # A report's figures (reports/serializers.py).
        "ReportUnitEnum": "bridgeway.reports.serializers.UNITS",
        "ReportHiddenEnum": "bridgeway.reports.serializers.HIDDEN",
        "ReportLevelEnum": "bridgeway.reports.serializers.LEVELS",
    },
}

# --- Logging --------------------------------------------------------------------------------
# Logs (core/logs.py): BRIDGEWAY_LOG_FORMAT=json writes one JSON object per line with no
# personal data; "text" (the default) is for a person reading a terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "bridgeway.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json"
            if os.environ.get("BRIDGEWAY_LOG_FORMAT", "text") == "json"
            else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("BRIDGEWAY_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
# /metrics answers only with "Authorization: Bearer <this token>"; without one it is off.
BRIDGEWAY_METRICS_TOKEN = os.environ.get("BRIDGEWAY_METRICS_TOKEN", "")

# Staff are signed out after this many minutes without a request, and this many hours after
# signing in (accounts/sessions.py); participants keep the usual session.
BRIDGEWAY_STAFF_IDLE_MINUTES = int(os.environ.get("BRIDGEWAY_STAFF_IDLE_MINUTES", "30"))
BRIDGEWAY_STAFF_SESSION_HOURS = int(os.environ.get("BRIDGEWAY_STAFF_SESSION_HOURS", "12"))

# Invitations to staff expire after this many days unless accepted.
BRIDGEWAY_INVITATION_DAYS = int(os.environ.get("BRIDGEWAY_INVITATION_DAYS", "14"))
