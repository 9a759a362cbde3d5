"""The mail backends: SMTP from the settings, a logging one for development."""

import logging
import smtplib

from learner import config
from learner.common import mail


class FakeSMTP:
    sent: list = []

    def __init__(self, host, port, timeout=None, context=None):
        self.calls = [("connect", host, port)]
        FakeSMTP.last = self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self, context=None):
        self.calls.append(("starttls",))

    def login(self, user, password):
        self.calls.append(("login", user, password))

    def send_message(self, message):
        self.calls.append(("send", message["To"], message["Subject"], message.get_content()))


def test_without_mail_server_the_dev_backend_logs_the_message(caplog):
    backend = mail.backend_from({})
    assert isinstance(backend, mail.LogBackend)
    with caplog.at_level(logging.INFO, logger="learner.common.mail"):
        assert mail.send_mail({}, "ana@example.bo", "Tu beca", "Código ABCDE-23456") is True
    assert "ana@example.bo" in caplog.text and "ABCDE-23456" in caplog.text


def test_in_production_without_mail_server_nothing_is_logged_but_the_failure(caplog):
    with caplog.at_level(logging.INFO, logger="learner.common.mail"):
        assert mail.LogBackend(production=True).send(
            mail.build_message("a@b.bo", "ana@example.bo", "Tu beca", "Código ABCDE-23456")) is False
    assert "ABCDE-23456" not in caplog.text and "not sent" in caplog.text


def test_smtp_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    environ = {"MAIL_SERVER": "smtp.example.bo", "MAIL_PORT": "2525", "MAIL_USERNAME": "app",
               "MAIL_PASSWORD": "secret", "MAIL_FROM": "Becas <becas@example.bo>", "MAIL_USE_TLS": "true"}
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    settings = config.from_environment()
    assert mail.send_mail(settings, "ana@example.bo", "Tu beca", "Hola") is True
    assert FakeSMTP.last.calls == [
        ("connect", "smtp.example.bo", 2525), ("starttls",), ("login", "app", "secret"),
        ("send", "ana@example.bo", "Tu beca", "Hola\n")]
    assert mail.sender_from(settings) == "Becas <becas@example.bo>"


def test_tls_can_be_off(monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    backend = mail.backend_from({"MAIL_SERVER": "localhost", "MAIL_USE_TLS": "false"})
    assert (backend.server, backend.port, backend.use_tls) == ("localhost", 587, False)
    assert backend.send(mail.build_message("a@b.bo", "c@d.bo", "s", "b")) is True
    assert ("starttls",) not in FakeSMTP.last.calls and not any(c[0] == "login" for c in FakeSMTP.last.calls)


def test_a_failing_server_returns_false_and_logs(monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    backend = mail.SMTPBackend("smtp.example.bo", 587, "", "", True)
    with caplog.at_level(logging.ERROR, logger="learner.common.mail"):
        assert backend.send(mail.build_message("a@b.bo", "c@d.bo", "s", "b")) is False
    assert "could not send mail" in caplog.text
