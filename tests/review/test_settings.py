"""The reporting-period and mail settings are read from the environment and checked when the app starts."""

from __future__ import annotations

import pytest

from tracker import create_app


def test_defaults(monkeypatch):
    for name in ("TRACKER_REPORTING_PERIOD", "TRACKER_MAIL_SERVER", "TRACKER_MAIL_PORT", "TRACKER_MAIL_STARTTLS"):
        monkeypatch.delenv(name, raising=False)
    config = create_app("testing").config
    assert config["TRACKER_REPORTING_PERIOD"] == "monthly"
    assert config["TRACKER_MAIL_SERVER"] == "" and config["TRACKER_MAIL_PORT"] == 25
    assert config["TRACKER_MAIL_STARTTLS"] is False


def test_environment_values(monkeypatch):
    monkeypatch.setenv("TRACKER_REPORTING_PERIOD", " Quarterly ")
    monkeypatch.setenv("TRACKER_MAIL_SERVER", "smtp.example.gov.cn")
    monkeypatch.setenv("TRACKER_MAIL_PORT", "587")
    monkeypatch.setenv("TRACKER_MAIL_FROM", "tracker@example.gov.cn")
    monkeypatch.setenv("TRACKER_MAIL_STARTTLS", "1")
    config = create_app("testing").config
    assert config["TRACKER_REPORTING_PERIOD"] == "quarterly"
    assert (config["TRACKER_MAIL_SERVER"], config["TRACKER_MAIL_PORT"]) == ("smtp.example.gov.cn", 587)
    assert config["TRACKER_MAIL_STARTTLS"] is True


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TRACKER_REPORTING_PERIOD": "weekly"}, "TRACKER_REPORTING_PERIOD"),
        ({"TRACKER_MAIL_PORT": "0"}, "TRACKER_MAIL_PORT"),
        ({"TRACKER_MAIL_PORT": "70000"}, "TRACKER_MAIL_PORT"),
        ({"TRACKER_MAIL_PORT": "smtp"}, "TRACKER_MAIL_PORT"),
        ({"TRACKER_MAIL_STARTTLS": "maybe"}, "TRACKER_MAIL_STARTTLS"),
        ({"TRACKER_MAIL_SERVER": "smtp.example.gov.cn"}, "TRACKER_MAIL_FROM"),
        ({"TRACKER_MAIL_SERVER": "smtp.example.gov.cn", "TRACKER_MAIL_FROM": "not an address"}, "TRACKER_MAIL_FROM"),
        (
            {"TRACKER_MAIL_SERVER": "smtp.example.gov.cn", "TRACKER_MAIL_FROM": "a@b.cn", "TRACKER_MAIL_USERNAME": "u"},
            "TRACKER_MAIL_PASSWORD",
        ),
        ({"TRACKER_MAIL_TIMEOUT_SECONDS": "0"}, "TRACKER_MAIL_TIMEOUT_SECONDS"),
    ],
)
def test_bad_values_stop_the_app_from_starting(monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=message):
        create_app("testing")


def test_production_checks_them_too(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("TRACKER_REPORTING_PERIOD", "yearly")
    with pytest.raises(RuntimeError, match="TRACKER_REPORTING_PERIOD"):
        create_app("production")
