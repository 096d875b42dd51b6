"""The encoder runs on onnxruntime when it is installed, behind the same interface: exact float32
vectors for statements, int8 ones for claims; without it, the numpy encoder serves both."""

import os
import subprocess
import sys
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
import pytest

from service.matching.semantic import encoder as numpy_encoder
from service.matching.semantic import engine
from service.matching.semantic.encoder import MAX_LENGTH, MiniLM
from service.matching.semantic.weights import MODEL_NAME, PINNED

pytest.importorskip("onnxruntime", reason="the `fast` extra is not installed")

from service.matching.semantic.onnx_encoder import FLOAT_CHANNELS, OnnxMiniLM

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
    assert claims.name == EXACT_NAME + "/int8.2"
    assert claims.inner.workers == os.cpu_count()  # bulk embedding on every core
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


def test_the_int8_encoder_keeps_each_layers_outlier_channels_in_float(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The feed-forward output's input is quantised with one scale a product: the few channels
    # (after GELU) far above the rest are the ones FLOAT_CHANNELS computes in float32.
    encoder = MiniLM()
    peaks = np.zeros((len(encoder.layers), 4 * encoder.dim), dtype=np.float32)
    calls = 0
    gelu = numpy_encoder._gelu

    def recording(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        nonlocal calls
        out = gelu(x)
        layer = calls % len(encoder.layers)
        peaks[layer] = np.maximum(peaks[layer], np.abs(out).max(axis=0))
        calls += 1
        return out

    monkeypatch.setattr(numpy_encoder, "_gelu", recording)
    for sentence in OUTLIER_SENTENCES:
        encoder.embed([sentence])  # one at a time: no padding among the peaks
    assert sorted(FLOAT_CHANNELS) == list(range(len(encoder.layers)))
    for layer, layer_peaks in enumerate(peaks):
        kept = list(FLOAT_CHANNELS[layer])
        others = np.delete(layer_peaks, kept)
        assert int(np.argmax(layer_peaks)) in kept, layer
        if layer < 4:  # measured 13.6 to 24.6 against at most 5.3 for every other channel
            assert layer_peaks[kept].max() > 2.5 * others.max(), layer


OUTLIER_SENTENCES = [
    "The soldiers made landfall on the island.",
    "North Korea sent 10,000 troops to Russia.",
    "A new bridge over the river will cost the city 40 million euros, the mayor said on Monday.",
    "Vaccines do not cause autism, according to a review of studies of 1.2 million children.",
]
