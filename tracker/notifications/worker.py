"""The sender's passes: one (`--once`), or one every `interval` seconds until SIGTERM (`--loop`, for systemd).

A pass that fails because the database is away is logged and tried again at the next pass: a service outlives a
database restart. SIGTERM and Ctrl-C end the loop between passes (a pass in progress finishes its current mail).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.exc import DBAPIError

from tracker.core.dberrors import classify
from tracker.db import utcnow
from tracker.extensions import db
from tracker.notifications.digest import build_digests
from tracker.notifications.mailer import mail_configured
from tracker.notifications.outbox import DEFAULT_POLICY, Clock, Delivery, Policy, deliver

log = logging.getLogger(__name__)


@dataclass
class PassReport:
    digests: int
    delivery: Delivery

    def summary(self) -> str:
        d = self.delivery
        parts = [f"{d.sent} sent", f"{d.retrying} to retry", f"{d.given_up} given up"]
        if self.digests:
            parts.insert(0, f"{self.digests} digest(s) written")
        if d.released:
            parts.append(f"{d.released} left for the next pass")
        return ", ".join(parts) + "."


def one_pass(policy: Policy = DEFAULT_POLICY, clock: Clock = utcnow) -> PassReport:
    digests = build_digests(clock())
    return PassReport(digests, deliver(current_app.config, policy, clock))


def _database_away(error: BaseException) -> bool:
    return isinstance(error, DBAPIError) and classify(error) is not None


def run(*, loop: bool, interval: float, echo: Callable[[str], None], stop: threading.Event | None = None) -> bool:
    """Run passes; False when mail is not configured (nothing was touched)."""
    if not mail_configured(current_app.config):
        return False
    stop = stop or threading.Event()
    if loop:
        _stop_on_signals(stop)
    while True:
        try:
            report = one_pass()
        except DBAPIError as error:
            if not (loop and _database_away(error)):
                raise
            _forget_connection()
            log.warning("Mail sender: the database is not available (%s); trying again in %ss", error, interval)
            echo(f"The database is not available; trying again in {interval:g} s.")
        else:
            for line in report.delivery.errors:
                log.warning("Mail sender: %s", line)
            echo(report.summary())
        if not loop or stop.wait(interval):
            return True


def _forget_connection() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection died with the database; the pool replaces it at the next pass
        log.debug("Rollback after a database failure failed", exc_info=True)
    db.session.remove()


def _stop_on_signals(stop: threading.Event) -> None:
    def handle(signum: int, _frame: object) -> None:
        log.info("Mail sender: signal %s, stopping after this pass", signum)
        stop.set()

    if threading.current_thread() is threading.main_thread():  # signals reach only the main thread
        signal.signal(signal.SIGTERM, handle)
        signal.signal(signal.SIGINT, handle)
