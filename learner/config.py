"""Configuration: defaults here, then instance/config.py, then environment variables."""

import os
from datetime import timedelta


class Defaults:
    SECRET_KEY = "dev-only-change-me"
    SQLALCHEMY_DATABASE_URI = None  # set in create_app: sqlite file under instance/
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "es"
    BABEL_TRANSLATION_DIRECTORIES = "../translations"
    LANGUAGES = ("es", "en")
    MAX_CONTENT_LENGTH = 512 * 1024
    SYNC_MAX_ITEMS = 100
    SYNC_MAX_BYTES = 256 * 1024
    PASS_RATIO = 0.7
    PRICE_PER_GB_BS = 50
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=60)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(days=60)
    # Trainers and coordinators see personal data (ASVS L2): their sessions end after an hour
    # without use and 12 hours after sign-in, whatever the remember-me cookie says.
    STAFF_SESSION_IDLE = timedelta(hours=1)
    STAFF_SESSION_LIFETIME = timedelta(hours=12)
    # "strong" would end her session whenever her IP changes, i.e. every time she walks from
    # mobile data onto the centre's Wi-Fi to sync. "basic" only marks the session not fresh.
    SESSION_PROTECTION = "basic"
    TRUSTED_PROXIES = 0  # reverse proxies in front of the app (X-Forwarded-For/-Proto hops)
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # The scholarship call, per address. A centre's launch puts many women behind one address.
    APPLY_SEND_LIMIT = "300 per 15 minutes"  # applications: the HTML form and the outbox together
    APPLY_READ_LIMIT = "600 per 15 minutes"  # status pages: each woman looks a few times
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session: phones stay signed in for weeks
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIMETYPES = [
        "text/html", "text/css", "text/javascript", "application/javascript",
        "application/json", "image/svg+xml", "application/manifest+json",
    ]
    COMPRESS_MIN_SIZE = 256
    DEMO_PASSWORD = "aprender2026"
    # Staff must set up a second factor before any page: None follows APP_ENV (on in
    # production, off in development so the demo accounts sign in with the password alone).
    STAFF_2FA_REQUIRED = None
    # Encrypts staff TOTP secrets; unset, a key derived from SECRET_KEY does (secret_box.py).
    TOTP_KEY = None
    # A phone's profile credential (switching to her with her PIN) works this long after it was
    # issued; then she signs in with her password once on that phone and makes a new PIN.
    PROFILE_CREDENTIAL_LIFETIME = timedelta(days=90)
    PROFILE_PIN_TRIES = 5  # wrong PINs the server takes for one credential before it locks it


ENV_KEYS = {
    "SECRET_KEY": str,
    "TOTP_KEY": str,
    "DATABASE_URL": str,
    "RATELIMIT_STORAGE_URI": str,
    "PRICE_PER_GB_BS": float,
    "PASS_RATIO": float,
    "TRUSTED_PROXIES": int,
    "APPLY_SEND_LIMIT": str,
    "APPLY_READ_LIMIT": str,
    "STAFF_SESSION_IDLE_MINUTES": int,
    "STAFF_SESSION_HOURS": int,
    "PROFILE_CREDENTIAL_DAYS": int,
    "STAFF_2FA_REQUIRED": lambda value: value.strip().lower() in ("1", "true", "yes", "on"),
}


def from_environment() -> dict:
    """Settings given as environment variables (DATABASE_URL, SECRET_KEY…)."""
    found = {}
    for key, kind in ENV_KEYS.items():
        if key in os.environ:
            found[key] = kind(os.environ[key])
    if "DATABASE_URL" in found:
        found["SQLALCHEMY_DATABASE_URI"] = normalise_db_url(found.pop("DATABASE_URL"))
    if "STAFF_SESSION_IDLE_MINUTES" in found:
        found["STAFF_SESSION_IDLE"] = timedelta(minutes=found.pop("STAFF_SESSION_IDLE_MINUTES"))
    if "STAFF_SESSION_HOURS" in found:
        found["STAFF_SESSION_LIFETIME"] = timedelta(hours=found.pop("STAFF_SESSION_HOURS"))
    if "PROFILE_CREDENTIAL_DAYS" in found:
        found["PROFILE_CREDENTIAL_LIFETIME"] = timedelta(days=found.pop("PROFILE_CREDENTIAL_DAYS"))
    if os.environ.get("REDIS_URL"):
        found["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
    if os.environ.get("APP_ENV") == "production":
        found["PRODUCTION"] = True
    return found


def normalise_db_url(url: str) -> str:
    """postgres:// and postgresql:// both mean psycopg 3 here."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
