"""Fixtures for the core tests."""

from tests.realdb import fresh_app  # noqa: F401  (a fixture)
