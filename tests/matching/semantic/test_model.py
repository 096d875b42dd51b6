"""The encoders and their tokenizer against reference values made once with HF `tokenizers` and
sentence-transformers (torch) from the same pinned files (reference.json); nothing is downloaded.

The exact encoders (numpy, and onnxruntime in float32) must give the reference vectors; the int8
one, used for claims in the background, vectors close to them."""

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from service.matching.semantic.encoder import BertEncoder, MiniLM, Vectors
from service.matching.semantic.engine import CachedEncoder

REFERENCE = json.loads((Path(__file__).parent / "reference.json").read_text(encoding="utf-8"))


def build(kind: str, workers: int = 1) -> BertEncoder:
    if kind == "numpy":
        return MiniLM(workers=workers)
    pytest.importorskip("onnxruntime", reason="the `fast` extra is not installed")
    from service.matching.semantic.onnx_encoder import OnnxMiniLM

    return OnnxMiniLM(quantized=kind == "onnx-int8", workers=workers)


@pytest.fixture(scope="module", params=["numpy", "onnx"])
def encoder(request: pytest.FixtureRequest) -> BertEncoder:
    """Each exact encoder."""
    return build(request.param)


@pytest.fixture(scope="module", params=["numpy", "onnx", "onnx-int8"])
def any_encoder(request: pytest.FixtureRequest) -> BertEncoder:
    return build(request.param)


@pytest.mark.parametrize("case", REFERENCE["tokenizer"], ids=lambda c: c["text"][:24])
def test_token_ids_are_those_of_hf_tokenizers(
    encoder: BertEncoder, case: dict[str, object]
) -> None:
    # Accents, CJK, punctuation, symbols, URLs, [UNK]-free long words, truncation at 128 pieces.
    assert encoder.token_ids(str(case["text"])) == case["ids"]


def test_vectors_match_sentence_transformers(encoder: BertEncoder) -> None:
    texts = [case["text"] for case in REFERENCE["encoder"]]
    expected = np.array([case["vector"] for case in REFERENCE["encoder"]], dtype=np.float32)
    vectors = encoder.embed(texts)
    assert vectors.shape == expected.shape
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(vectors * expected, axis=1)
    assert cosines.min() > 0.99999, cosines
    # The tanh form of GELU (numpy encoder) moves single components by up to ~2e-4.
    np.testing.assert_allclose(vectors, expected, atol=5e-4)


def test_int8_vectors_stay_close_to_the_reference() -> None:
    encoder = build("onnx-int8")
    # Stored vectors are named apart from the exact ones, and from another int8 recipe's.
    assert encoder.name.endswith("/int8.2")
    texts = [case["text"] for case in REFERENCE["encoder"]]
    expected = np.array([case["vector"] for case in REFERENCE["encoder"]], dtype=np.float32)
    vectors = encoder.embed(texts)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(vectors * expected, axis=1)
    # Measured 0.992 at worst over 1,000 bench claims against the float vectors (README).
    assert cosines.min() > 0.99, cosines


def test_a_batch_gives_each_text_the_vector_it_gets_alone(encoder: BertEncoder) -> None:
    # Padding must not leak into a shorter text's vector.
    texts = [case["text"] for case in REFERENCE["encoder"]]
    together = encoder.embed(texts)
    alone = np.concatenate([encoder.embed([text]) for text in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


@pytest.mark.parametrize("kind", ["numpy", "onnx-int8"])
def test_a_bulk_on_several_threads_gives_each_text_its_own_vector(kind: str) -> None:
    # Texts are sorted by length into batches that the threads share out: every vector must
    # still come back in its text's row, the same as on one thread.
    texts = [
        f"{case['text']} ({n} times)" * (1 + n % 4)
        for n, case in enumerate(REFERENCE["encoder"] * 6)
    ]
    one, several = build(kind), build(kind, workers=2)
    one.batch_tokens = several.batch_tokens = 64  # many batches
    np.testing.assert_array_equal(several.embed(texts), one.embed(texts))
    alone = np.concatenate([one.embed([text]) for text in texts])
    # int8 activations are quantised with one scale a batch: alone, a text's vector moves a little.
    np.testing.assert_allclose(several.embed(texts), alone, atol=1e-5 if kind == "numpy" else 0.02)


def test_a_paraphrase_scores_above_an_unrelated_sentence(any_encoder: BertEncoder) -> None:
    texts = [case["text"] for case in REFERENCE["encoder"]]
    soldiers, fighters, *_, economy = any_encoder.embed(texts)
    assert float(soldiers @ fighters) > 0.7 > 0.1 > float(soldiers @ economy)


def test_empty_input_gives_no_rows(any_encoder: BertEncoder) -> None:
    assert any_encoder.embed([]).shape == (0, any_encoder.dim)


class Counting:
    def __init__(self, inner: BertEncoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.texts.extend(texts)
        return self.inner.embed(texts)


def test_the_cache_answers_repeats_with_the_same_vectors(encoder: BertEncoder) -> None:
    counting = Counting(encoder)
    cached = CachedEncoder(counting, size=2)
    a, b, c = (case["text"] for case in REFERENCE["encoder"][:3])
    first = cached.embed([a, b, a])
    np.testing.assert_array_equal(first[0], first[2])
    assert counting.texts == [a, b]
    again = cached.embed([b, c])
    np.testing.assert_array_equal(again[0], first[1])
    assert counting.texts == [a, b, c]
    cached.embed([a])  # pushed out by c (size 2): embedded again
    assert counting.texts == [a, b, c, a]
