"""Shared paths and fixtures for the seed tests: the repo's seed/ directory and the plan document itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.indicators.models import Indicator
from tracker.org.models import Department
from tracker.plan.models import Plan, PlanContext, WorkItem
from tracker.seeding.loader import SeedReport, load_seed_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = REPO_ROOT / "seed"
DOCUMENT_NAME = "000_5828b0e30d7e68b4.txt"
# shared/ sits beside the repository (also in CI's fresh clone); /work/shared is the development machine's copy.
DOCUMENT_CANDIDATES = (
    REPO_ROOT.parent / "shared" / "seeds" / DOCUMENT_NAME,
    Path("/work/shared/seeds") / DOCUMENT_NAME,
)


@pytest.fixture(scope="session")
def document() -> str:
    """The plan document the seed is transcribed from: tests compare the seed against it, not against a copy."""
    for candidate in DOCUMENT_CANDIDATES:
        if candidate.exists():
            return candidate.read_text(encoding="utf-8")
    pytest.fail(f"plan document not found in {[str(path) for path in DOCUMENT_CANDIDATES]}")


@pytest.fixture(scope="session")
def document_lines(document) -> list[str]:
    return document.split("\n")


@pytest.fixture
def seeded(session) -> SeedReport:
    return load_seed_dir(SEED_DIR)


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A writable copy of seed/ (only the YAML files) to edit in a test."""
    target = tmp_path / "seed"
    target.mkdir()
    for path in SEED_DIR.glob("*.yaml"):
        shutil.copy(path, target / path.name)
    return target


def items_by_key(session) -> dict[str, WorkItem]:
    return {item.seed_key: item for item in session.scalars(select(WorkItem).where(WorkItem.seed_key.is_not(None)))}


def row_counts(session) -> dict[str, int]:
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (Department, Plan, WorkItem, PlanContext, Indicator)
    }


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of `old` in a seed file (fails loudly if the seed changed shape)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
