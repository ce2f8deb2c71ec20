from __future__ import annotations

import pytest

from tests.notifications.smtp_server import mail_settings, start_server


@pytest.fixture
def smtp_server():
    controller, recorder = start_server()
    recorder.port = controller.port
    yield recorder
    controller.stop()


@pytest.fixture
def mail_on(app, monkeypatch, smtp_server):
    """The app sends to the test's SMTP server."""
    for key, value in mail_settings(smtp_server.port).items():
        monkeypatch.setitem(app.config, key, value)
    return smtp_server
