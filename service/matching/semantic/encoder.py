"""A sentence encoder: BERT (all-MiniLM-L6-v2), mean-pooled and L2-normalised.

The same arithmetic as sentence-transformers' Transformer + Pooling(mean) + Normalize modules, with
no torch: `MiniLM` runs it in float32 with numpy's BLAS; `onnx_encoder.OnnxMiniLM` runs the same
weights as an onnxruntime graph, faster, when that optional package is installed. Both share the
tokenizer, the batching by length and the pooling here (`BertEncoder`). Anything that maps texts
to unit vectors can stand in through the `Encoder` protocol (a multilingual model later), since
vectors on disk record which model made them.
"""

import math
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from service.matching.semantic.tokenizer import WordPiece
from service.matching.semantic.weights import (
    MODEL_NAME,
    PINNED,
    model_dir,
    read_safetensors,
    verified,
)

Vectors = npt.NDArray[np.float32]
# all-MiniLM-L6-v2 was trained on 128 pieces; claims and statements rarely need more, and the
# cost of attention grows with the square of the length.
MAX_LENGTH = 128
# Texts encoded together are padded to the longest: sorting by length and capping the tokens of a
# batch keeps padding and peak memory small.
BATCH_TOKENS = 4_096
HEADS = 12
LAYER_NORM_EPS = 1e-12


class Encoder(Protocol):
    name: str  # identifies the vectors it makes: vectors from another encoder are not comparable
    dim: int

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors, one row a text, float32."""


class BertEncoder:
    """Tokenizing, batching by length and pooling, around a `_forward` a subclass provides.

    `workers` > 1: the batches of one `embed` call run on that many threads (the forward passes
    release the GIL), for bulk embedding on every core; 1 runs them in the caller's thread.
    """

    # Texts encoded together are padded to the longest of their batch (see BATCH_TOKENS).
    batch_tokens = BATCH_TOKENS

    def __init__(self, directory: Path | None, max_length: int, workers: int = 1) -> None:
        self.directory = directory or model_dir()
        self.tokenizer = WordPiece.from_file(verified(self.directory, "vocab.txt"))
        self.name = f"{MODEL_NAME}@{PINNED['model.safetensors'][:16]}/{max_length}"
        self.max_length = max_length
        self.dim = 0  # set by the subclass from its weights
        self.workers = max(1, workers)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def _tensors(self) -> dict[str, npt.NDArray[np.generic]]:
        return read_safetensors(verified(self.directory, "model.safetensors"))

    def token_ids(self, text: str) -> list[int]:
        return self.tokenizer.encode(text, self.max_length)

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        # Every text is tokenized before any is batched, so that a batch holds texts of nearly
        # one length in tokens: sorting by characters instead padded 12 % of a bulk's tokens.
        ids = [self.token_ids(text) for text in texts]
        batches = _batches(
            sorted(range(len(texts)), key=lambda i: len(ids[i])), ids, self.batch_tokens
        )

        def encode(batch: list[int]) -> Vectors:
            padded, mask = _padded([ids[i] for i in batch])
            return _mean_pooled(self._forward(padded, mask), mask)

        pool = self._threads() if len(batches) > 1 else None
        # The longest batches first: the threads end together rather than one on the longest.
        batches.reverse()
        vectors = map(encode, batches) if pool is None else pool.map(encode, batches)
        for batch, rows in zip(batches, vectors, strict=True):
            out[batch] = rows
        return out

    def _threads(self) -> ThreadPoolExecutor | None:
        if self.workers == 1:
            return None
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="encoder")
            return self._pool

    def _forward(
        self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float32]:
        """The last hidden states, (texts, length, dim), of a padded batch."""
        raise NotImplementedError


def _batches(order: Sequence[int], ids: Sequence[Sequence[int]], tokens: int) -> list[list[int]]:
    """`order` (texts by length, shortest first) cut into batches of at most `tokens` padded
    tokens (one text a batch when it alone is longer)."""
    batches = []
    start = 0
    while start < len(order):
        end = start + 1
        # Sorted by length: the last of a batch is its longest.
        while end < len(order) and (end - start + 1) * len(ids[order[end]]) <= tokens:
            end += 1
        batches.append(list(order[start:end]))
        start = end
    return batches


def _padded(
    batch: Sequence[Sequence[int]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Ids padded with 0 ([PAD]) to the longest, and the mask of real tokens (1.0)."""
    length = max(len(ids) for ids in batch)
    ids = np.zeros((len(batch), length), dtype=np.int64)
    mask = np.zeros((len(batch), length), dtype=np.float32)
    for row, piece_ids in enumerate(batch):
        ids[row, : len(piece_ids)] = piece_ids
        mask[row, : len(piece_ids)] = 1.0
    return ids, mask


def _mean_pooled(
    tokens: npt.NDArray[np.float32], mask: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    pooled = np.einsum("blw,bl->bw", tokens, mask) / mask.sum(axis=1, keepdims=True)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)  # type: ignore[no-any-return]


class _Layer:
    def __init__(self, t: dict[str, npt.NDArray[np.generic]], prefix: str) -> None:
        def get(name: str) -> npt.NDArray[np.float32]:
            return np.ascontiguousarray(t[f"{prefix}.{name}"], dtype=np.float32)

        attention = "attention.self"
        # One (384 x 1152) product for query, key and value instead of three.
        self.qkv_w = np.ascontiguousarray(
            np.concatenate(
                [get(f"{attention}.{part}.weight").T for part in ("query", "key", "value")], axis=1
            )
        )
        self.qkv_b = np.concatenate(
            [get(f"{attention}.{p}.bias") for p in ("query", "key", "value")]
        )
        self.out_w = np.ascontiguousarray(get("attention.output.dense.weight").T)
        self.out_b = get("attention.output.dense.bias")
        self.ln1_g = get("attention.output.LayerNorm.weight")
        self.ln1_b = get("attention.output.LayerNorm.bias")
        self.up_w = np.ascontiguousarray(get("intermediate.dense.weight").T)
        self.up_b = get("intermediate.dense.bias")
        self.down_w = np.ascontiguousarray(get("output.dense.weight").T)
        self.down_b = get("output.dense.bias")
        self.ln2_g = get("output.LayerNorm.weight")
        self.ln2_b = get("output.LayerNorm.bias")


def _layer_norm(
    x: npt.NDArray[np.float32], gain: npt.NDArray[np.float32], bias: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(variance + LAYER_NORM_EPS) * gain + bias  # type: ignore[no-any-return]


def _gelu(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """GELU, x * Phi(x), in its tanh form, computed in place (one temporary).

    BERT uses the erf form; the two differ by under 1e-3 per activation, and the sentence vectors
    by a cosine above 0.99999 (tests/matching/semantic/test_model.py). erf itself (numpy has none)
    by a polynomial took 45 % of a batch's CPU time; tanh is one pass.
    """
    inner = x * x
    inner *= np.float32(0.044715)
    inner += np.float32(1.0)
    inner *= x
    inner *= np.float32(math.sqrt(2 / math.pi))
    np.tanh(inner, out=inner)
    inner += np.float32(1.0)
    inner *= np.float32(0.5)
    inner *= x
    return inner


class MiniLM(BertEncoder):
    """all-MiniLM-L6-v2 in numpy: 6 layers, 384 wide, 12 heads; mean pooling; unit vectors."""

    def __init__(
        self, directory: Path | None = None, *, max_length: int = MAX_LENGTH, workers: int = 1
    ) -> None:
        super().__init__(directory, max_length, workers)
        # One BLAS thread a call: OpenBLAS's own threads make the small products of one text
        # several times slower on a busy machine (measured: 1.9 ms single vs 35 ms on two
        # threads for 30x384 by 384x1536); parallelism comes from encoding slices on threads.
        threadpool_limits(1, user_api="blas")
        tensors = self._tensors()

        def get(name: str) -> npt.NDArray[np.float32]:
            return np.ascontiguousarray(tensors[name], dtype=np.float32)

        self.word = get("embeddings.word_embeddings.weight")
        self.position = get("embeddings.position_embeddings.weight")
        self.token_type = get("embeddings.token_type_embeddings.weight")[0]
        self.ln_g = get("embeddings.LayerNorm.weight")
        self.ln_b = get("embeddings.LayerNorm.bias")
        self.layers = [_Layer(tensors, f"encoder.layer.{i}") for i in range(layer_count(tensors))]
        self.dim = int(self.word.shape[1])

    def _forward(
        self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float32]:
        size, length = ids.shape
        width = self.dim
        head = width // HEADS
        x = self.word[ids] + self.position[:length] + self.token_type
        x = _layer_norm(x.reshape(size * length, width), self.ln_g, self.ln_b)
        # Padding is masked out of attention with a large negative score.
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1 / math.sqrt(head))
        for layer in self.layers:
            qkv = x @ layer.qkv_w + layer.qkv_b
            qkv = qkv.reshape(size, length, 3, HEADS, head).transpose(2, 0, 3, 1, 4)
            query, key, value = qkv[0], qkv[1], qkv[2]
            scores = (query * scale) @ key.transpose(0, 1, 3, 2) + bias
            scores -= scores.max(axis=-1, keepdims=True)
            # exp(-80) is still a normal float32 (see _gelu on subnormals); weights under 1e-34
            # are nothing next to the largest, 1.
            np.maximum(scores, np.float32(-80.0), out=scores)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ value).transpose(0, 2, 1, 3).reshape(size * length, width)
            x = _layer_norm(x + context @ layer.out_w + layer.out_b, layer.ln1_g, layer.ln1_b)
            hidden = _gelu(x @ layer.up_w + layer.up_b)
            x = _layer_norm(x + hidden @ layer.down_w + layer.down_b, layer.ln2_g, layer.ln2_b)
        return x.reshape(size, length, width)


def layer_count(tensors: dict[str, npt.NDArray[np.generic]]) -> int:
    return 1 + max(int(n.split(".")[2]) for n in tensors if n.startswith("encoder.layer."))
