"""The encoder runs on onnxruntime when it is installed, behind the same interface: exact float32
vectors for statements, int8 ones for claims; without it, the numpy encoder serves both."""

import subprocess
import sys
from collections.abc import Iterator

import pytest

from service.matching.semantic import engine
from service.matching.semantic.encoder import MAX_LENGTH, MiniLM
from service.matching.semantic.weights import MODEL_NAME, PINNED

pytest.importorskip("onnxruntime", reason="the `fast` extra is not installed")

from service.matching.semantic.onnx_encoder import OnnxMiniLM

EXACT_NAME = f"{MODEL_NAME}@{PINNED['model.safetensors'][:16]}/{MAX_LENGTH}"


@pytest.mark.parametrize(
    ("first", "second"), [("usearch.index", "onnxruntime"), ("onnxruntime", "usearch.index")]
)
def test_onnxruntime_and_usearch_load_together_in_either_order(first: str, second: str) -> None:
    # onnxruntime 1.23 to 1.32 crash (SIGSEGV) when imported after usearch: the pin holds this.
    done = subprocess.run(
        [sys.executable, "-c", f"import {first}; import {second}; print('loaded')"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "loaded"), done.stderr[-2000:]


@pytest.fixture
def fresh_encoders() -> Iterator[None]:
    engine._the_encoders.cache_clear()
    yield
    engine._the_encoders.cache_clear()


@pytest.mark.usefixtures("fresh_encoders")
def test_statements_get_exact_vectors_and_claims_int8_ones() -> None:
    encoders = engine.load_encoders("on")
    assert encoders is not None
    statements, claims = encoders
    assert isinstance(statements, engine.CachedEncoder)
    assert isinstance(claims, engine.CachedEncoder)
    assert isinstance(statements.inner, OnnxMiniLM)
    assert isinstance(claims.inner, OnnxMiniLM)
    # The exact vectors have the numpy encoder's name (below): either reads what the other stored.
    assert statements.name == EXACT_NAME
    assert claims.name == EXACT_NAME + "/int8"
    assert engine.load_encoder("on") is statements


@pytest.mark.usefixtures("fresh_encoders")
def test_without_onnxruntime_the_numpy_encoder_serves_both(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A None entry in sys.modules makes the import raise ImportError, as if not installed.
    monkeypatch.setitem(sys.modules, "service.matching.semantic.onnx_encoder", None)
    encoders = engine.load_encoders("on")
    assert encoders is not None
    assert encoders.statements is encoders.claims
    assert isinstance(encoders.statements, engine.CachedEncoder)
    assert isinstance(encoders.statements.inner, MiniLM)
    assert encoders.statements.name == EXACT_NAME
