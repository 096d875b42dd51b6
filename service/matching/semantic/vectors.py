"""Claim vectors: an exact (brute-force) cosine search, and an HNSW graph (usearch) past a size.

Below `BRUTE_FORCE_MAX` vectors, one matrix-vector product is exact and costs under ~2 ms
(bench/RESULTS.md); above, the HNSW graph answers in about a millisecond whatever the size. While
the graph is being built (at start-up over persisted vectors without a graph file, or when the
collection first grows past the limit) searches stay exact.

New vectors are searchable at once: they wait, searched exactly, until the owner inserts them
into the graph in bulk (`extend_graph`), many at a time on every core, off the event loop. The
graph's candidates are scored again on the stored vectors, so the cosines are exact whatever the
graph keeps (half floats).

Vectors persist in a folder beside the search index (see `save`/`load`): the claim ids, the
vectors as float16 (half the disk, cosine unchanged to 1e-3), the graph (its own file, named in
the meta, with the ids whose vectors it does not hold as stored) and a meta file naming the
encoder and the store revision they reflect, written last, so a crash leaves the previous
consistent set. A restart loads the graph instead of building it again (about 4 minutes of
both cores at 1M: bench/RESULTS.md).
"""

import json
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from usearch.index import Index

log = logging.getLogger(__name__)

BRUTE_FORCE_MAX = 20_000
HNSW_CONNECTIVITY = 16
# On real claim vectors (30,000 of the 100,000 bench corpus, queries near held-out claims):
# expansion 128 on insert costs 0.96 ms of CPU a vector, 64 costs 0.49 ms, and searching with
# 256 finds 0.994 of the exact top 50 (1.000 of the top 10) against 0.989 for 128/128.
# Insertion is the background embedder's second cost after the encoder (bench/RESULTS.md).
HNSW_EXPANSION_ADD = 64
HNSW_EXPANSION_SEARCH = 256
HNSW_DTYPE = "f16"  # half the memory and the file of f32, the same neighbours (rescored exactly)
# Past this many vectors waiting for the graph (a graph file older than the vectors, at start),
# one product over the whole matrix is cheaper than gathering their rows.
_UNGRAPHED_SEARCHED = 20_000
_ADD_CHUNK = 1_024  # vectors inserted between two takes of the lock (searches wait at most this)
_FORMAT = 1  # the graph entry is optional: vectors saved before it load as they are


class VectorIndex:
    """Unit vectors by claim id; `search` gives (claim id, cosine), best first. Thread-safe:
    searches run concurrently with one writer at a time (the background follower)."""

    def __init__(self, dim: int, *, brute_force_max: int = BRUTE_FORCE_MAX) -> None:
        self.dim = dim
        self.brute_force_max = brute_force_max
        self._lock = threading.Lock()  # held briefly: searches and each step of a write
        self._writing = threading.Lock()  # held for a whole write, save or graph build
        self._rows: dict[int, int] = {}  # claim id -> row of _matrix
        self._ids = np.full(1024, -1, dtype=np.int64)  # row -> claim id, -1 for a free row
        self._matrix = np.zeros((1024, dim), dtype=np.float32)
        self._free: list[int] = []
        self._used = 0  # rows ever used: rows past this are unused
        self._graph: Index | None = None
        self._graph_building = False
        self._ungraphed: dict[int, None] = {}  # with a graph: vectors stored, not inserted yet
        # Claims whose vector the saved graph file does not hold as stored (see save); kept
        # only once there is a file (a first drain of a million claims would list them all).
        self._graph_file: str | None = None
        self._graph_file_size = 0
        self._graph_stale: set[int] = set()
        self._graph_changed = False  # since the graph file was written
        self.graph_builds = 0  # whole graphs built by this process (a loaded graph is not one)
        self.graph_inserted = 0  # vectors inserted into a graph one batch after another

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, claim_id: int) -> bool:
        return claim_id in self._rows

    @property
    def uses_graph(self) -> bool:
        return self._graph is not None

    @property
    def graph_pending(self) -> int:
        """Vectors stored but not in the graph yet (searched exactly meanwhile)."""
        return len(self._ungraphed) if self._graph is not None else 0

    @property
    def needs_graph(self) -> bool:
        """Past the brute-force size without a graph: the owner builds one (`build_graph`)."""
        return self._graph is None and not self._graph_building and len(self) > self.brute_force_max

    def add(self, claim_ids: Sequence[int], vectors: npt.NDArray[np.float32]) -> None:
        with self._writing, self._lock:
            replaced = []
            for claim_id, vector in zip(claim_ids, vectors, strict=True):
                row = self._rows.get(claim_id)
                if row is None:
                    row = self._free.pop() if self._free else self._take_row()
                    self._rows[claim_id] = row
                    self._ids[row] = claim_id
                elif claim_id not in self._ungraphed:
                    replaced.append(claim_id)
                self._matrix[row] = vector
            if self._graph_file is not None:
                self._graph_stale.update(claim_ids)
            if self._graph is not None:
                if replaced:  # usearch keeps one vector a key: the old one goes first
                    self._graph.remove(np.asarray(replaced, dtype=np.uint64))
                self._ungraphed.update(dict.fromkeys(claim_ids))

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
        with self._writing, self._lock:
            gone = []
            for claim_id in claim_ids:
                row = self._rows.pop(claim_id, None)
                if row is None:
                    continue
                self._ids[row] = -1
                self._matrix[row] = 0.0
                self._free.append(row)
                if self._graph_file is not None:
                    self._graph_stale.add(claim_id)
                if claim_id in self._ungraphed:
                    del self._ungraphed[claim_id]
                else:
                    gone.append(claim_id)  # in the graph, if there is one
            if self._graph is not None and gone:
                self._graph.remove(np.asarray(gone, dtype=np.uint64))
                self._graph_changed = True

    def clear(self) -> None:
        with self._writing, self._lock:
            if self._graph_file is not None:
                self._graph_stale.update(self._rows)
            self._rows.clear()
            self._ids[:] = -1
            self._matrix[:] = 0.0
            self._free.clear()
            self._used = 0
            self._graph = None
            self._ungraphed.clear()

    def search(self, query: npt.NDArray[np.float32], limit: int) -> list[tuple[int, float]]:
        if limit <= 0:
            return []
        with self._lock:
            if self._graph is not None and len(self._ungraphed) <= _UNGRAPHED_SEARCHED:
                found = self._graph.search(query, limit)
                rows = [self._rows[int(key)] for key in found.keys if int(key) in self._rows]
                rows += [self._rows[claim_id] for claim_id in self._ungraphed]
                candidates = np.asarray(rows, dtype=np.int64)
                scores = self._matrix[candidates] @ query
                ids = self._ids[candidates]
            else:
                used = self._used
                scores = self._matrix[:used] @ query
                ids = self._ids[:used].copy()
        if len(ids) == 0:
            return []
        scores[ids < 0] = -2.0  # free rows never come first
        count = min(limit, len(ids))
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(ids[i]), float(scores[i])) for i in top if ids[i] >= 0]

    def vector(self, claim_id: int) -> npt.NDArray[np.float32] | None:
        with self._lock:
            row = self._rows.get(claim_id)
            return None if row is None else self._matrix[row].copy()

    def build_graph(self) -> None:
        """Build the HNSW graph from every vector held; searches stay exact until it is built.
        Vectors written meanwhile wait for `extend_graph` like any other new vector."""
        with self._writing:
            if self._graph is not None:
                return
            self._graph_building = True
            try:
                with self._lock:
                    ids = list(self._rows)
                graph = _new_graph(self.dim)
                self._insert(graph, ids)
                with self._lock:
                    self._graph, self._ungraphed = graph, {}
                    self._graph_changed = True
                self.graph_builds += 1
            finally:
                self._graph_building = False

    def extend_graph(self) -> int:
        """Insert the vectors waiting for the graph (`graph_pending`); the number inserted."""
        with self._writing:
            graph = self._graph
            if graph is None:
                return 0
            with self._lock:
                ids = list(self._ungraphed)
            inserted = self._insert(graph, ids)
            self.graph_inserted += inserted
            return inserted

    def _insert(self, graph: Index, ids: Sequence[int]) -> int:
        """Add `ids`' vectors to `graph` in chunks, each under the lock (usearch grows its
        storage on add, which a concurrent search must not see half done). Caller is the writer."""
        for start in range(0, len(ids), _ADD_CHUNK):
            chunk = ids[start : start + _ADD_CHUNK]
            with self._lock:
                vectors = self._matrix[[self._rows[i] for i in chunk]]
                graph.add(np.asarray(chunk, dtype=np.uint64), vectors, threads=0)
                for claim_id in chunk:
                    self._ungraphed.pop(claim_id, None)
                self._graph_changed = True
        return len(ids)

    def save(
        self,
        directory: Path,
        *,
        encoder: str,
        revision: int,
        pending: Sequence[int],
        graph: bool = True,
    ) -> None:
        """Persist the vectors, the store revision whose changes they reflect and the claim ids
        read from the change feed but not embedded yet; with `graph`, the graph too when it
        changed (a large file: the owner saves it less often than the vectors). A graph file
        kept from before stays valid: the meta lists the claims it holds stale."""
        directory.mkdir(parents=True, exist_ok=True)
        with self._writing:
            with self._lock:
                used = self._used
                live = self._ids[:used] >= 0
                ids = self._ids[:used][live].copy()
                matrix = self._matrix[:used][live].astype(np.float16)
            for name, array in (("ids", ids), ("vectors", matrix)):
                with (directory / f"{name}.tmp.npy").open("wb") as handle:
                    np.save(handle, array)
                (directory / f"{name}.tmp.npy").replace(directory / f"{name}.npy")
            if graph and self._graph is not None and self._graph_changed:
                self._save_graph(directory)
            meta = {
                "format": _FORMAT,
                "encoder": encoder,
                "dim": self.dim,
                "revision": revision,
                "count": len(ids),
                "pending": list(pending),
                "graph": None
                if self._graph_file is None
                else {
                    "file": self._graph_file,
                    "size": self._graph_file_size,
                    "stale": sorted(self._graph_stale),
                },
            }
            temporary = directory / "meta.tmp.json"
            temporary.write_text(json.dumps(meta))
            temporary.replace(directory / "meta.json")
            # Graph files the meta no longer names: an older save's, or a save cut short.
            for old in directory.glob("graph-*"):
                if old.name != self._graph_file:
                    old.unlink(missing_ok=True)

    def _save_graph(self, directory: Path) -> None:
        """Write the graph to a new file (temp + rename); the meta names it once written.
        Searches go on meanwhile: only the writer, which holds `_writing`, changes the graph."""
        graph = self._graph
        assert graph is not None
        name = f"graph-{time.time_ns()}.usearch"
        with self._lock:
            stale = set(self._ungraphed)
            size = len(graph)
        temporary = directory / f"{name}.tmp"
        graph.save(str(temporary))
        temporary.replace(directory / name)
        self._graph_file, self._graph_file_size = name, size
        self._graph_stale, self._graph_changed = stale, False

    @classmethod
    def load(
        cls, directory: Path, *, encoder: str, dim: int, brute_force_max: int = BRUTE_FORCE_MAX
    ) -> "tuple[VectorIndex, int, list[int]] | None":
        """(index, revision, pending ids) as saved, or None when missing, unreadable, from another
        encoder or inconsistent (a crash between files): the caller embeds everything again.
        A graph file that is missing, unreadable or does not match the vectors is left out (and
        logged): the owner builds the graph again."""
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
        if meta.get("graph") is not None:
            index._load_graph(directory, meta["graph"])
        return index, int(meta["revision"]), [int(i) for i in meta["pending"]]

    def _load_graph(self, directory: Path, saved: dict[str, object]) -> None:
        path = directory / str(saved["file"])
        stale = {int(i) for i in _ints(saved.get("stale"))}
        try:
            graph = _new_graph(self.dim)
            graph.load(str(path))
        except (OSError, RuntimeError, ValueError) as exc:
            log.warning("semantic graph %s unreadable (%s): building it again", path, exc)
            return
        if graph.ndim != self.dim or len(graph) != saved.get("size"):
            log.warning(
                "semantic graph %s does not match its vectors (%d vectors of %d dimensions, "
                "expected %s of %d): building it again",
                path,
                len(graph),
                graph.ndim,
                saved.get("size"),
                self.dim,
            )
            return
        held = [i for i in stale if i in graph]
        if held:
            graph.remove(np.asarray(held, dtype=np.uint64))
        with self._lock:
            self._graph = graph
            # Every vector loaded waits for the graph unless the graph holds it as stored.
            self._ungraphed = {i: None for i in self._rows if i in stale}
            self._graph_file, self._graph_file_size = path.name, int(len(graph) + len(held))
            self._graph_stale = stale
            self._graph_changed = bool(held)
        log.info(
            "semantic graph loaded: %d vectors, %d to insert", len(graph), len(self._ungraphed)
        )


def _new_graph(dim: int) -> Index:
    return Index(
        ndim=dim,
        metric="cos",
        dtype=HNSW_DTYPE,
        connectivity=HNSW_CONNECTIVITY,
        expansion_add=HNSW_EXPANSION_ADD,
        expansion_search=HNSW_EXPANSION_SEARCH,
    )


def _ints(value: object) -> Iterable[int]:
    return value if isinstance(value, list) else []
