"""The SMTP connection: one place that knows the TRACKER_MAIL_* settings, for every mail the tracker sends (the
outbox sender, `flask reminders`). Standard library smtplib: no extra dependency."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate


def mail_configured(config: Mapping) -> bool:
    return bool(config.get("TRACKER_MAIL_SERVER"))


@contextmanager
def smtp_connection(config: Mapping) -> Iterator[smtplib.SMTP]:
    """An open, authenticated connection to the configured server, closed on leaving.

    Raises smtplib.SMTPException or OSError when the server refuses or cannot be reached.
    """
    with smtplib.SMTP(
        config["TRACKER_MAIL_SERVER"], config["TRACKER_MAIL_PORT"], timeout=config["TRACKER_MAIL_TIMEOUT_SECONDS"]
    ) as smtp:
        if config.get("TRACKER_MAIL_STARTTLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("TRACKER_MAIL_USERNAME"):
            smtp.login(config["TRACKER_MAIL_USERNAME"], config["TRACKER_MAIL_PASSWORD"])
        yield smtp


def plain_message(sender: str, to: str, subject: str, body: str, message_id: str) -> EmailMessage:
    """A plain-text UTF-8 mail (Chinese subjects and bodies are encoded by the email package)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id
    message.set_content(body if body.endswith("\n") else body + "\n")
    return message
