"""Configuration: defaults here, then instance/config.py, then environment variables."""

import os
from datetime import timedelta
from pathlib import Path


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
    # The country (regions, currency, phone numbers, locale, time zone) as a YAML file; None: Bolivia
    # (learner/countries/bo.yaml). See learner/countries/pe.yaml for a second example.
    COUNTRY_FILE = None
    PRICE_PER_GB = None  # price of 1 GB of prepaid data in the country's currency; None: the country file's
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
    # Certificates. Key files: unset, create_app puts them under instance/ (never in git).
    CERT_SIGNING_KEY_PATH = None  # the Ed25519 private key that signs certificates
    CERT_RETIRED_KEYS_DIR = None  # public keys of retired signing keys, still verified
    CERTIFICATE_BASE_URL = ""  # public address printed in QR codes; unset, the request's host
    CERTIFICATE_PROGRAMME = "Mujeres Online"  # the programme's name on the certificate
    CERTIFICATE_PARTNERS = (  # the organisations whose names and signatures the certificate carries
        {"name": "Pro Mujer IFD", "logo": "PRO MUJER", "signatory": "Firma autorizada",
         "position": "Dirección del programa Mujeres Online"},
        {"name": "Cisco Networking Academy", "logo": "CISCO NETWORKING ACADEMY",
         "signatory": "Firma autorizada", "position": "Academia asociada"},
    )
    CERTIFICATE_UNLOCKS = {"emprendimiento": "conectate"}  # module → the certificate that opens it
    SCHOLARSHIP_RULES = None  # scoring of applications; None: the defaults in docs/scholarships.md
    DISPLAY_TIMEZONE = None  # times shown to staff (stored in UTC); None: the country's time zone
    CONTENT_DIR = None  # course content folder; None: learner/content
    ALLOW_SQLITE_IN_PRODUCTION = False  # a one-machine centre may run SQLite on purpose
    PRODUCTION = False  # set by APP_ENV=production: production checks and secure cookies
    # Operations: /metrics answers only with "Authorization: Bearer <METRICS_TOKEN>" (unset: 404).
    METRICS_TOKEN = None
    REQUEST_LOG = None  # one JSON line per request on stderr; None: on in production
    # E-mail (activation codes). Without MAIL_SERVER, mail is written to the log.
    MAIL_SERVER = ""
    MAIL_PORT = 587
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_FROM = "Mujeres Online <no-responder@localhost>"
    MAIL_USE_TLS = True  # STARTTLS (port 465 means implicit TLS)
    # A phone's profile credential (switching to her with her PIN) works this long after it was
    # issued; then she signs in with her password once on that phone and makes a new PIN.
    PROFILE_CREDENTIAL_LIFETIME = timedelta(days=90)
    PROFILE_PIN_TRIES = 5  # wrong PINs the server takes for one credential before it locks it


ENV_KEYS = {
    "SECRET_KEY": str,
    "TOTP_KEY": str,
    "DATABASE_URL": str,
    "RATELIMIT_STORAGE_URI": str,
    "PRICE_PER_GB": float,
    "PRICE_PER_GB_BS": float,  # the older name of PRICE_PER_GB, still read
    "COUNTRY_FILE": str,
    "PASS_RATIO": float,
    "TRUSTED_PROXIES": int,
    "APPLY_SEND_LIMIT": str,
    "APPLY_READ_LIMIT": str,
    "STAFF_SESSION_IDLE_MINUTES": int,
    "STAFF_SESSION_HOURS": int,
    "PROFILE_CREDENTIAL_DAYS": int,
    "STAFF_2FA_REQUIRED": lambda value: value.strip().lower() in ("1", "true", "yes", "on"),
    "CERT_SIGNING_KEY_PATH": str,
    "CERT_RETIRED_KEYS_DIR": str,
    "CERTIFICATE_BASE_URL": str,
    "METRICS_TOKEN": str,
    "REQUEST_LOG": lambda value: value.strip().lower() in ("1", "true", "yes", "on"),
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_FROM": str,
    "MAIL_USE_TLS": lambda value: value.strip().lower() in ("1", "true", "yes", "on"),
}


def from_environment() -> dict:
    """Settings given as environment variables (DATABASE_URL, SECRET_KEY…)."""
    found = {}
    for key, kind in ENV_KEYS.items():
        if key in os.environ:
            found[key] = kind(os.environ[key])
    if "PRICE_PER_GB_BS" in found:
        found.setdefault("PRICE_PER_GB", found.pop("PRICE_PER_GB_BS"))
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


def fill_instance_paths(config: dict, instance: Path) -> None:
    """Settings left unset that default to a file under instance/ (never in git)."""
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'app.sqlite3'}"
    if not config.get("CERT_SIGNING_KEY_PATH"):
        config["CERT_SIGNING_KEY_PATH"] = str(instance / "cert-signing-key.pem")
    if not config.get("CERT_RETIRED_KEYS_DIR"):
        config["CERT_RETIRED_KEYS_DIR"] = str(instance / "cert-public-keys")


def normalise_db_url(url: str) -> str:
    """postgres:// and postgresql:// both mean psycopg 3 here."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
