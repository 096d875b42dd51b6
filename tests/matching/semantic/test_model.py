"""The numpy encoder and its tokenizer against reference values made once with HF `tokenizers` and
sentence-transformers (torch) from the same pinned files (reference.json); nothing is downloaded."""

import json
from pathlib import Path

import numpy as np
import pytest

from service.matching.semantic.encoder import MiniLM
from service.matching.semantic.engine import load_encoder

REFERENCE = json.loads((Path(__file__).parent / "reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def encoder() -> MiniLM:
    loaded = load_encoder("on")
    assert isinstance(loaded, MiniLM)
    return loaded


@pytest.mark.parametrize("case", REFERENCE["tokenizer"], ids=lambda c: c["text"][:24])
def test_token_ids_are_those_of_hf_tokenizers(encoder: MiniLM, case: dict[str, object]) -> None:
    # Accents, CJK, punctuation, symbols, URLs, [UNK]-free long words, truncation at 128 pieces.
    assert encoder.token_ids(str(case["text"])) == case["ids"]


def test_vectors_match_sentence_transformers(encoder: MiniLM) -> None:
    texts = [case["text"] for case in REFERENCE["encoder"]]
    expected = np.array([case["vector"] for case in REFERENCE["encoder"]], dtype=np.float32)
    vectors = encoder.embed(texts)
    assert vectors.shape == expected.shape
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(vectors * expected, axis=1)
    assert cosines.min() > 0.99999, cosines
    np.testing.assert_allclose(vectors, expected, atol=2e-4)


def test_a_batch_gives_each_text_the_vector_it_gets_alone(encoder: MiniLM) -> None:
    # Padding must not leak into a shorter text's vector.
    texts = [case["text"] for case in REFERENCE["encoder"]]
    together = encoder.embed(texts)
    alone = np.concatenate([encoder.embed([text]) for text in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_a_paraphrase_scores_above_an_unrelated_sentence(encoder: MiniLM) -> None:
    soldiers, fighters, *_, economy = encoder.embed(
        [case["text"] for case in REFERENCE["encoder"]]
    )
    assert float(soldiers @ fighters) > 0.7 > 0.1 > float(soldiers @ economy)


def test_empty_input_gives_no_rows(encoder: MiniLM) -> None:
    assert encoder.embed([]).shape == (0, encoder.dim)
