"""Sending e-mail: SMTP when MAIL_SERVER is set, else a development backend that logs the message.

Settings come from the app config (declared, and read from the environment, in config.py):
MAIL_SERVER, MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD, MAIL_FROM, MAIL_USE_TLS (STARTTLS; port 465
means TLS from the start)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class SMTPBackend:
    server: str
    port: int
    username: str
    password: str
    use_tls: bool

    def send(self, message: EmailMessage) -> bool:
        context = ssl.create_default_context()
        try:
            if self.port == 465:
                smtp = smtplib.SMTP_SSL(self.server, self.port, timeout=TIMEOUT_SECONDS, context=context)
            else:
                smtp = smtplib.SMTP(self.server, self.port, timeout=TIMEOUT_SECONDS)
            with smtp:
                if self.use_tls and self.port != 465:
                    smtp.starttls(context=context)
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError):
            # The caller tells staff it failed; the code can still go by WhatsApp or on paper.
            log.exception("could not send mail to %s through %s", message["To"], self.server)
            return False
        return True


@dataclass(frozen=True)
class LogBackend:
    """Development: the whole message goes to the log. In production it refuses, since the
    log would then hold activation codes, and says that mail is not configured."""

    production: bool = False

    def send(self, message: EmailMessage) -> bool:
        if self.production:
            log.warning("MAIL_SERVER is not set: mail to %s was not sent", message["To"])
            return False
        # A warning, so it shows with the default logging set-up: the mail did not really go.
        log.warning("mail (dev backend, not sent)\nTo: %s\nSubject: %s\n\n%s",
                    message["To"], message["Subject"], message.get_content())
        return True


def _flag(value: object) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")


def backend_from(config: Mapping) -> SMTPBackend | LogBackend:
    server = config.get("MAIL_SERVER") or ""
    if not server:
        return LogBackend(production=bool(config.get("PRODUCTION")))
    return SMTPBackend(
        server=server, port=int(config.get("MAIL_PORT") or 587),
        username=config.get("MAIL_USERNAME") or "", password=config.get("MAIL_PASSWORD") or "",
        use_tls=_flag(config.get("MAIL_USE_TLS", True)))


def sender_from(config: Mapping) -> str:
    return config.get("MAIL_FROM") or "Mujeres Online <no-responder@localhost>"


def build_message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message.set_content(body)
    return message


def send_mail(config: Mapping, to: str, subject: str, body: str) -> bool:
    """Send one plain-text message; False when it could not go (logged)."""
    return backend_from(config).send(build_message(sender_from(config), to, subject, body))
