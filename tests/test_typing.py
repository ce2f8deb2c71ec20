"""The type checker's configuration (pyproject.toml [tool.mypy]): strict on core and the services, normal elsewhere.

`make lint` runs mypy over the app; these tests show that the configuration really tells the two kinds of module
apart, by checking the same untyped function placed as a core module, as a service and as a view.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

CONFIG = Path(__file__).resolve().parent.parent / "pyproject.toml"
UNTYPED = "def total(amounts):\n    return sum(amounts)\n"


def _check(tmp_path: Path, module: str, source: str) -> tuple[str, int]:
    """mypy with the project's configuration over one module written under a throwaway `tracker` package."""
    *packages, name = module.split(".")
    directory = tmp_path
    for package in packages:
        directory = directory / package
        directory.mkdir(exist_ok=True)
        (directory / "__init__.py").touch()
    path = directory / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    stdout, _stderr, status = api.run(
        ["--config-file", str(CONFIG), "--cache-dir", str(tmp_path / ".cache"), str(path.relative_to(tmp_path))]
    )
    return stdout, status


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("module", ["tracker.core.probe", "tracker.plan.services"])
def test_strict_modules_refuse_an_untyped_function(in_tmp, module):
    output, status = _check(in_tmp, module, UNTYPED)
    assert status == 1
    assert "[no-untyped-def]" in output


@pytest.mark.parametrize("module", ["tracker.plan.views", "tracker.core.probe", "tracker.plan.services"])
def test_a_typed_function_passes_everywhere(in_tmp, module):
    typed = "def total(amounts: list[int]) -> int:\n    return sum(amounts)\n"
    output, status = _check(in_tmp, module, typed)
    assert status == 0, output


def test_other_modules_are_checked_but_not_strictly(in_tmp):
    output, status = _check(in_tmp, "tracker.plan.views", UNTYPED)
    assert status == 0, output
    # Normal checking still finds real mistakes there.
    output, status = _check(in_tmp, "tracker.plan.views", "def shout(word: str) -> str:\n    return word + 1\n")
    assert status == 1
    assert "[operator]" in output


def test_an_ignore_needs_its_error_code(in_tmp):
    output, status = _check(in_tmp, "tracker.plan.views", "x: int = 'a'  # type: ignore\n")
    assert status == 1
    assert "[ignore-without-code]" in output
