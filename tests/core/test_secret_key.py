"""Issue 7, point 6: no session key is ever known. Without SECRET_KEY an install makes its own, kept in instance/."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

import config
from tracker import create_app


@pytest.fixture
def instance_dir(tmp_path, monkeypatch) -> Path:
    """A fresh instance/ folder and no SECRET_KEY in the environment."""
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path / "instance")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    return tmp_path / "instance"


def test_development_without_a_key_makes_its_own_and_keeps_it(instance_dir):
    key = create_app("development").config["SECRET_KEY"]
    kept = instance_dir / config.SECRET_KEY_FILE
    assert len(key) >= 64 and key not in Path(config.__file__).read_text()
    assert kept.read_text().strip() == key
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600  # readable by its owner only
    assert create_app("development").config["SECRET_KEY"] == key  # the next start (or worker) uses the same one


def test_workers_starting_at_once_agree_on_one_key(instance_dir):
    keys: list[str] = []
    barrier = threading.Barrier(8)

    def start() -> None:
        barrier.wait()
        keys.append(config.instance_secret_key(instance_dir))

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert [p.name for p in instance_dir.iterdir()] == [config.SECRET_KEY_FILE]  # no temporary files left behind


def test_a_key_file_others_can_read_is_refused(instance_dir):
    create_app("development")
    (instance_dir / config.SECRET_KEY_FILE).chmod(0o644)
    with pytest.raises(RuntimeError, match="chmod 600"):
        create_app("development")


def test_an_empty_key_file_is_refused(instance_dir):
    instance_dir.mkdir()
    kept = instance_dir / config.SECRET_KEY_FILE
    kept.write_text("")
    kept.chmod(0o600)
    with pytest.raises(RuntimeError, match="secret_key"):
        create_app("development")


def test_a_key_from_the_environment_wins(instance_dir, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    assert create_app("development").config["SECRET_KEY"] == "k" * 40
    assert not (instance_dir / config.SECRET_KEY_FILE).exists()


@pytest.mark.parametrize("known", ["development-only-not-secret", "dev", "change-me"])
def test_a_known_key_is_refused_in_every_deployable_config(instance_dir, monkeypatch, known):
    monkeypatch.setenv("SECRET_KEY", known)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("development")


def test_production_never_falls_back_to_the_kept_key(instance_dir):
    create_app("development")  # a kept key exists
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_the_testing_key_is_not_in_the_source():
    """Nothing can deploy a fixed key: even the testing config draws its own per process."""
    key = create_app("testing").config["SECRET_KEY"]
    assert len(key) >= 64 and key not in Path(config.__file__).read_text()
