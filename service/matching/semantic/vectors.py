"""Claim vectors: an exact (brute-force) cosine search, and an HNSW graph (usearch) past a size.

Below `BRUTE_FORCE_MAX` vectors, one matrix-vector product is exact and costs under ~2 ms
(bench/RESULTS.md); above, the HNSW graph answers in about a millisecond whatever the size. While
the graph is being built (at start-up over persisted vectors, or when the collection first grows
past the limit) searches stay exact.

Vectors persist in a folder beside the search index (see `save`/`load`): the claim ids, the
vectors as float16 (half the disk, cosine unchanged to 1e-3), and a meta file naming the encoder
and the store revision they reflect, written last, so a crash leaves the previous consistent set.
"""

import json
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from usearch.index import Index

BRUTE_FORCE_MAX = 20_000
HNSW_CONNECTIVITY = 16
HNSW_EXPANSION_ADD = 128
HNSW_EXPANSION_SEARCH = 128
_ADD_CHUNK = 2_000  # vectors added to the graph between two takes of the lock
_FORMAT = 1


class VectorIndex:
    """Unit vectors by claim id; `search` gives (claim id, cosine), best first. Thread-safe."""

    def __init__(self, dim: int, *, brute_force_max: int = BRUTE_FORCE_MAX) -> None:
        self.dim = dim
        self.brute_force_max = brute_force_max
        self._lock = threading.Lock()
        self._rows: dict[int, int] = {}  # claim id -> row of _matrix
        self._ids = np.full(1024, -1, dtype=np.int64)  # row -> claim id, -1 for a free row
        self._matrix = np.zeros((1024, dim), dtype=np.float32)
        self._free: list[int] = []
        self._used = 0  # rows ever used: rows past this are unused
        self._graph: Index | None = None
        self._graph_building = False

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, claim_id: int) -> bool:
        return claim_id in self._rows

    @property
    def uses_graph(self) -> bool:
        return self._graph is not None

    def add(self, claim_ids: Sequence[int], vectors: npt.NDArray[np.float32]) -> None:
        with self._lock:
            for claim_id, vector in zip(claim_ids, vectors, strict=True):
                row = self._rows.get(claim_id)
                if row is None:
                    row = self._free.pop() if self._free else self._take_row()
                    self._rows[claim_id] = row
                    self._ids[row] = claim_id
                self._matrix[row] = vector
            if self._graph is not None and len(claim_ids):
                keys = np.asarray(claim_ids, dtype=np.uint64)
                # usearch keeps one vector a key: replace rather than add a duplicate.
                self._graph.remove(keys)
                # Every core: inserting costs about two thirds of the CPU the embedding took
                # (bench/RESULTS.md), and the embedder's threads wait on it.
                self._graph.add(keys, np.asarray(vectors, dtype=np.float32), threads=0)

    @property
    def needs_graph(self) -> bool:
        """Past the brute-force size without a graph: the owner builds one (`build_graph`)."""
        return self._graph is None and not self._graph_building and len(self) > self.brute_force_max

    def _take_row(self) -> int:
        if self._used == len(self._ids):
            grown = max(1024, len(self._ids) * 2)
            ids = np.full(grown, -1, dtype=np.int64)
            ids[: self._used] = self._ids[: self._used]
            matrix = np.zeros((grown, self.dim), dtype=np.float32)
            matrix[: self._used] = self._matrix[: self._used]
            self._ids, self._matrix = ids, matrix
        self._used += 1
        return self._used - 1

    def delete(self, claim_ids: Sequence[int]) -> None:
        with self._lock:
            gone = []
            for claim_id in claim_ids:
                row = self._rows.pop(claim_id, None)
                if row is None:
                    continue
                self._ids[row] = -1
                self._matrix[row] = 0.0
                self._free.append(row)
                gone.append(claim_id)
            if self._graph is not None and gone:
                self._graph.remove(np.asarray(gone, dtype=np.uint64))

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()
            self._ids[:] = -1
            self._matrix[:] = 0.0
            self._free.clear()
            self._used = 0
            self._graph = None

    def search(self, query: npt.NDArray[np.float32], limit: int) -> list[tuple[int, float]]:
        if limit <= 0:
            return []
        graph = self._graph
        if graph is not None:
            with self._lock:
                found = graph.search(query, limit)
            return [
                (int(key), 1.0 - float(distance))
                for key, distance in zip(found.keys, found.distances, strict=True)
            ]
        with self._lock:
            used = self._used
            scores = self._matrix[:used] @ query
            ids = self._ids[:used].copy()
        scores[ids < 0] = -2.0  # free rows never come first
        if used == 0:
            return []
        count = min(limit, used)
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(ids[row]), float(scores[row])) for row in top if ids[row] >= 0]

    def vector(self, claim_id: int) -> npt.NDArray[np.float32] | None:
        with self._lock:
            row = self._rows.get(claim_id)
            return None if row is None else self._matrix[row].copy()

    def build_graph(self) -> None:
        """Build the HNSW graph from the vectors held; searches stay exact until it is complete.

        Vectors added or deleted meanwhile are applied to the new graph before it is switched in.
        """
        with self._lock:
            if self._graph_building or self._graph is not None:
                return
            self._graph_building = True
            rows = dict(self._rows)
        try:
            graph = Index(
                ndim=self.dim,
                metric="cos",
                dtype="f32",
                connectivity=HNSW_CONNECTIVITY,
                expansion_add=HNSW_EXPANSION_ADD,
                expansion_search=HNSW_EXPANSION_SEARCH,
            )
            items = list(rows.items())
            for start in range(0, len(items), _ADD_CHUNK):
                chunk = items[start : start + _ADD_CHUNK]
                keys = np.asarray([claim_id for claim_id, _ in chunk], dtype=np.uint64)
                with self._lock:
                    vectors = self._matrix[[row for _, row in chunk]].copy()
                graph.add(keys, vectors, threads=0)
            with self._lock:
                # Catch up with what changed during the build, then switch.
                stale = [i for i, row in rows.items() if self._rows.get(i) != row]
                if stale:
                    graph.remove(np.asarray(stale, dtype=np.uint64))
                fresh = [i for i, row in self._rows.items() if rows.get(i) != row]
                if fresh:
                    rows_now = [self._rows[i] for i in fresh]
                    graph.add(np.asarray(fresh, dtype=np.uint64), self._matrix[rows_now], threads=0)
                self._graph = graph
        finally:
            self._graph_building = False

    def save(self, directory: Path, *, encoder: str, revision: int, pending: Sequence[int]) -> None:
        """Persist the vectors, the store revision whose changes they reflect and the claim ids
        read from the change feed but not embedded yet."""
        directory.mkdir(parents=True, exist_ok=True)
        with self._lock:
            used = self._used
            live = self._ids[:used] >= 0
            ids = self._ids[:used][live].copy()
            matrix = self._matrix[:used][live].astype(np.float16)
        meta = {
            "format": _FORMAT,
            "encoder": encoder,
            "dim": self.dim,
            "revision": revision,
            "count": len(ids),
            "pending": list(pending),
        }
        for name, array in (("ids", ids), ("vectors", matrix)):
            with (directory / f"{name}.tmp.npy").open("wb") as handle:
                np.save(handle, array)
            (directory / f"{name}.tmp.npy").replace(directory / f"{name}.npy")
        temporary = directory / "meta.tmp.json"
        temporary.write_text(json.dumps(meta))
        temporary.replace(directory / "meta.json")

    @classmethod
    def load(
        cls, directory: Path, *, encoder: str, dim: int, brute_force_max: int = BRUTE_FORCE_MAX
    ) -> "tuple[VectorIndex, int, list[int]] | None":
        """(index, revision, pending ids) as saved, or None when missing, unreadable, from another
        encoder or inconsistent (a crash between files): the caller embeds everything again."""
        try:
            meta = json.loads((directory / "meta.json").read_text())
            if meta.get("format") != _FORMAT or meta.get("encoder") != encoder:
                return None
            ids = np.load(directory / "ids.npy")
            matrix = np.load(directory / "vectors.npy").astype(np.float32)
        except (OSError, ValueError):
            return None
        if len(ids) != meta["count"] or matrix.shape != (len(ids), dim):
            return None
        index = cls(dim, brute_force_max=brute_force_max)
        index.add(ids.tolist(), matrix)
        return index, int(meta["revision"]), [int(i) for i in meta["pending"]]
