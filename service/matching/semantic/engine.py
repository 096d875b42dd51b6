"""Semantic matching as the rest of the service sees it: the encoder chosen by FACTCHECK_SEMANTIC,
the claim vectors kept by the background follower, and the similarity helpers.

`on` refuses to start without valid weights, `auto` logs why it runs without them, `off` never
looks. Only the process's one encoder is loaded (weights verified once a process): every part of
the service, and `similarity`/`embed` for the stance rules, shares it.
"""

import asyncio
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Literal, NamedTuple

import numpy as np

from service.matching.semantic.encoder import Encoder, MiniLM, Vectors
from service.matching.semantic.follow import SemanticSync
from service.matching.semantic.vectors import VectorIndex
from service.matching.semantic.weights import PINNED, WeightsError, model_dir, verified
from service.settings import SettingsError
from service.store.base import Store

log = logging.getLogger("factcheck")

Mode = Literal["auto", "on", "off"]
# Vectors kept by text (6 MiB): a statement checked again, or a claim stored again (a re-posted
# report, the seeds of every new store), costs a lookup instead of a forward pass.
CACHE = 4_096


class SemanticUnavailable(SettingsError):
    """FACTCHECK_SEMANTIC=on, and the weights are missing or do not match their pinned digest."""


def require_weights(mode: Mode) -> None:
    """With `on`, fail at start-up, with one clear line, unless the pinned weights are in place."""
    if mode != "on":
        return
    try:
        directory = model_dir()
        for name in PINNED:
            _verified_once(directory, name)
    except WeightsError as exc:
        raise SemanticUnavailable(f"FACTCHECK_SEMANTIC=on: {exc}") from exc


@cache
def _verified_once(directory: Path, name: str) -> None:
    verified(directory, name)


_encoder_lock = threading.Lock()


class CachedEncoder:
    """An encoder that remembers the vectors of the last `CACHE` texts it embedded."""

    def __init__(self, inner: Encoder, size: int = CACHE) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._size = size
        self._vectors: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for row, text in enumerate(texts):
                hit = self._vectors.get(text)
                if hit is None:
                    missing.setdefault(text, []).append(row)
                else:
                    self._vectors.move_to_end(text)
                    out[row] = hit
        if missing:
            fresh = self.inner.embed(list(missing))
            with self._lock:
                for (text, rows), vector in zip(missing.items(), fresh, strict=True):
                    out[rows] = vector
                    self._vectors[text] = vector
                while len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
        return out


class Encoders(NamedTuple):
    """The process's two uses of the model, which may run differently (see onnx_encoder.py)."""

    statements: Encoder  # exact, one text at a time: a check's statement, similarity questions
    claims: Encoder  # the background's: throughput first, vectors close to the exact ones


@cache
def _the_encoders() -> Encoders:
    directory = model_dir()
    try:
        from service.matching.semantic.onnx_encoder import OnnxMiniLM
    except ImportError:
        log.info("semantic encoder: numpy (onnxruntime not installed, `make install` adds it)")
        numpy_encoder = CachedEncoder(MiniLM(directory, workers=_cores()))
        return Encoders(numpy_encoder, numpy_encoder)
    log.info("semantic encoder: onnxruntime, float32 for statements, int8 for claims")
    return Encoders(
        CachedEncoder(OnnxMiniLM(directory)),
        CachedEncoder(OnnxMiniLM(directory, quantized=True, workers=_cores())),
    )


def _cores() -> int:
    """Threads for bulk embedding: one a core (the encoders run one intra-op thread a call)."""
    return os.cpu_count() or 1


def load_encoders(mode: Mode) -> Encoders | None:
    """The process's encoders for `mode`, or None (off, or auto without weights: logged)."""
    if mode == "off":
        return None
    try:
        with _encoder_lock:
            return _the_encoders()
    except WeightsError as exc:
        if mode == "on":
            raise SemanticUnavailable(f"FACTCHECK_SEMANTIC=on: {exc}") from exc
        log.warning("semantic matching off, checks use the lexical path only: %s", exc)
        return None


def load_encoder(mode: Mode) -> Encoder | None:
    """The exact encoder (statements) for `mode`, or None: for callers that need one."""
    encoders = load_encoders(mode)
    return None if encoders is None else encoders.statements


class Semantic:
    """The encoders and the claim vectors, for checks and for similarity questions."""

    def __init__(self, encoder: Encoder, sync: SemanticSync) -> None:
        self.encoder = encoder  # statements; the sync has the claims' encoder
        self.sync = sync

    @classmethod
    def create(cls, encoders: Encoders, store: Store, directory: Path | None) -> "Semantic":
        vectors = VectorIndex(encoders.claims.dim)
        return cls(encoders.statements, SemanticSync(store, encoders.claims, vectors, directory))

    @property
    def backlog(self) -> int:
        return self.sync.backlog

    def statement_vector(self, text: str) -> Vectors:
        vector: Vectors = self.encoder.embed([text])[0]
        return vector

    async def search(
        self, statement: str, limit: int, also: Sequence[int] = ()
    ) -> tuple[list[tuple[int, float]], dict[int, float]]:
        """The `limit` nearest embedded claims (id, cosine), best first, and the cosine of each
        claim of `also` that is embedded (the lexical candidates)."""
        vector = await asyncio.to_thread(self.statement_vector, statement)
        nearest = self.sync.vectors.search(vector, limit)
        cosines: dict[int, float] = {}
        for claim_id in also:
            stored = self.sync.vectors.vector(claim_id)
            if stored is not None:
                cosines[claim_id] = float(stored @ vector)
        for claim_id, cosine in nearest:
            cosines.setdefault(claim_id, cosine)
        return nearest, cosines

    def embed(self, texts: Sequence[str]) -> Vectors:
        return self.encoder.embed(texts)

    def similarity(self, a: str, b: str) -> float:
        """Cosine of two texts' vectors, -1..1: words or phrases said differently score high.

        Never evidence that two figures agree: "10,000 troops" and "50,000 troops" score higher
        than a paraphrase. Compare figures with the quantity rules, then words with this.
        """
        va, vb = self.statement_vector(a), self.statement_vector(b)
        return float(np.dot(va, vb))


_shared: Semantic | None = None


def set_shared(semantic: Semantic | None) -> None:
    """Made the process's instance by the runtime (service/runtime.py) once it is loaded."""
    global _shared
    _shared = semantic


def shared() -> Semantic | None:
    return _shared


def similarity(a: str, b: str) -> float | None:
    """Cosine similarity of two words or phrases with the process's encoder; None when semantic
    matching is off (the caller keeps its lexical comparison). See `Semantic.similarity`."""
    semantic = _shared
    return None if semantic is None else semantic.similarity(a, b)


def embed(texts: Sequence[str]) -> Vectors | None:
    """Unit vectors of `texts` (one row each) with the process's encoder; None when off."""
    semantic = _shared
    return None if semantic is None else semantic.embed(texts)
