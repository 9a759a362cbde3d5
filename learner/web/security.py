"""Security defaults: response headers (CSP and friends) and the production start-up check."""

from __future__ import annotations

from flask import Flask, Response, jsonify, redirect, request, session
from flask_login import user_logged_in, user_logged_out
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])
DEFAULT_SECRET = "dev-only-change-me"


class UnsafeConfiguration(RuntimeError):
    pass


def check_production(app: Flask) -> None:
    """Refuse to start in production with settings that would put learners at risk."""
    if not app.config.get("PRODUCTION"):
        return
    problems = []
    if app.config["SECRET_KEY"] == DEFAULT_SECRET or len(app.config["SECRET_KEY"]) < 32:
        problems.append("SECRET_KEY is the default or shorter than 32 characters")
    if app.debug:
        problems.append("debug mode is on")
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or ""
    if (not uri or uri.startswith("sqlite")) and not app.config.get("ALLOW_SQLITE_IN_PRODUCTION"):
        problems.append("DATABASE_URL is not set (SQLite needs ALLOW_SQLITE_IN_PRODUCTION)")
    if not app.config.get("WTF_CSRF_ENABLED", True):
        problems.append("CSRF protection is off (WTF_CSRF_ENABLED)")
    if problems:
        raise UnsafeConfiguration("Refusing to start in production: " + "; ".join(problems))
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        app.config[key] = True
    if app.config.get("STAFF_2FA_REQUIRED") is None:
        app.config["STAFF_2FA_REQUIRED"] = True
    app.config["SESSION_COOKIE_NAME"] = "__Host-session"
    app.config["REMEMBER_COOKIE_NAME"] = "__Host-remember"


def check_demo_accounts(app: Flask) -> None:
    """In production, refuse to run while an account made by `flask demo` opens with its
    published password (ASVS 6.3.2): anyone who read the README could sign in as staff."""
    if not app.config.get("PRODUCTION"):
        return
    from sqlalchemy.exc import SQLAlchemyError

    from learner.demo import accounts_with_password
    from learner.extensions import db
    with app.app_context():
        try:
            found = accounts_with_password(app.config["DEMO_PASSWORD"])
        except SQLAlchemyError:
            # No schema yet (before the first `flask db upgrade`) or no database: nothing to find.
            db.session.rollback()
            return
        finally:
            db.session.remove()
    if found:
        raise UnsafeConfiguration(
            "Refusing to start in production: the demo accounts " + ", ".join(found) +
            " exist with the demo password (made by `flask demo`). Delete them or give them "
            "new passwords.")


def _unauthorized():
    """Pages send her to sign in; the phone's script gets a 401 it can act on, not a redirect."""
    from flask_login import login_url
    if request.path.startswith("/api/"):
        return jsonify(error="sign in needed"), 401
    return redirect(login_url("auth.login", next_url=request.url))


def _session_started(app: Flask, user) -> None:
    """Every sign-in (password, sign-up, activation, profile switch) gets a server-side record."""
    from learner.accounts import sessions
    # Flask-Login stored user.get_id() (no key yet); the record's key replaces it, and the
    # remember-me cookie written after this request carries the same key.
    session["_user_id"] = sessions.start(user, request.headers.get("User-Agent", ""),
                                         sessions.Limits.from_config(app.config))
    if user.is_staff:
        # Her remember-me cookie, if she ticked it, dies with the session's absolute lifetime.
        session["_remember_seconds"] = app.config["STAFF_SESSION_LIFETIME"].total_seconds()
    else:  # a learner signing in after staff on the same browser: her own 60 days
        session.pop("_remember_seconds", None)


def _session_ended(app: Flask, user) -> None:
    from learner.accounts import sessions
    sessions.end(getattr(user, "session_key", None))


def init_app(app: Flask) -> None:
    from learner.web import errors
    from learner.web import access as scoping
    from learner.extensions import login_manager
    errors.init_app(app)
    app.after_request(scoping.log_denied)
    user_logged_in.connect(_session_started, sender=app)
    user_logged_out.connect(_session_ended, sender=app)
    login_manager.unauthorized_handler(_unauthorized)
    if app.config.get("TRUSTED_PROXIES"):
        # Behind a reverse proxy: the client's address (for per-IP limits) and https (for
        # Secure cookies and CSRF's referrer check) come from the proxy's headers, and only
        # from as many hops as we trust.
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config.get("PRODUCTION"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.path.startswith("/api/") and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response
