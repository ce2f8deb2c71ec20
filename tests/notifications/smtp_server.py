"""A real SMTP server on 127.0.0.1 for the sender's tests (aiosmtpd): it records what it accepts and can refuse
the next messages with a temporary error."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy
from email.message import Message

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse_next = 0  # how many DATA commands to refuse with `refusal`
        self.refusal = "451 4.3.0 Try again later"
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                return self.refusal
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def message_ids(self) -> list[str]:
        return [str(message["Message-ID"]) for message in self.messages]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server() -> tuple[Controller, Recorder]:
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, recorder


def mail_settings(port: int) -> dict[str, object]:
    return {
        "TRACKER_MAIL_SERVER": "127.0.0.1",
        "TRACKER_MAIL_PORT": port,
        "TRACKER_MAIL_FROM": "tracker@hangzhou.gov.cn",
        "TRACKER_MAIL_TIMEOUT_SECONDS": 5,
        "TRACKER_MAIL_STARTTLS": False,
        "TRACKER_MAIL_USERNAME": "",
        "TRACKER_MAIL_PASSWORD": "",
    }
