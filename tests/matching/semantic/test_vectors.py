"""The vector index: exact below its brute-force size, HNSW above, same answers; persisted."""

import itertools
import logging
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from service.matching.semantic.vectors import VectorIndex

DIM = 32


def unit(rows: int, seed: int) -> npt.NDArray[np.float32]:
    vectors = np.random.default_rng(seed).standard_normal((rows, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)  # type: ignore[no-any-return]


def exact(
    vectors: npt.NDArray[np.float32], ids: list[int], query: npt.NDArray[np.float32], k: int
) -> list[int]:
    order = np.argsort(-(vectors @ query), kind="stable")[:k]
    return [ids[i] for i in order]


def test_brute_force_is_exact_and_forgets_deleted_claims() -> None:
    vectors = unit(500, 1)
    ids = list(range(1000, 1500))
    index = VectorIndex(DIM)
    index.add(ids, vectors)
    query = unit(1, 2)[0]
    found = index.search(query, 10)
    assert [claim_id for claim_id, _ in found] == exact(vectors, ids, query, 10)
    assert all(a[1] >= b[1] for a, b in itertools.pairwise(found))
    best = found[0][0]
    index.delete([best])
    assert best not in index
    assert best not in [claim_id for claim_id, _ in index.search(query, 10)]
    assert len(index) == 499


def test_past_the_brute_force_size_the_graph_answers_like_the_exact_search() -> None:
    vectors = unit(3_000, 3)
    ids = list(range(3_000))
    index = VectorIndex(DIM, brute_force_max=1_000)
    index.add(ids, vectors)
    assert index.needs_graph
    index.build_graph()
    assert index.uses_graph
    assert not index.needs_graph
    queries = unit(50, 4)
    recall = np.mean(
        [
            len({i for i, _ in index.search(q, 10)} & set(exact(vectors, ids, q, 10))) / 10
            for q in queries
        ]
    )
    assert recall >= 0.95
    # Writes after the build reach the graph: a replaced vector moves, a deleted claim goes.
    target = queries[0]
    index.add([7], target[None, :])
    top_id, top_cosine = index.search(target, 1)[0]
    assert top_id == 7
    assert abs(top_cosine - 1.0) < 1e-4
    index.delete([7])
    assert 7 not in [i for i, _ in index.search(target, 10)]


def test_saved_vectors_load_back_only_for_the_same_encoder(tmp_path: Path) -> None:
    vectors = unit(200, 5)
    index = VectorIndex(DIM)
    index.add(list(range(200)), vectors)
    index.delete([3])
    index.save(tmp_path, encoder="model-a", revision=42, pending=[500, 501])
    loaded = VectorIndex.load(tmp_path, encoder="model-a", dim=DIM)
    assert loaded is not None
    again, revision, pending = loaded
    assert (revision, pending, len(again)) == (42, [500, 501], 199)
    assert 3 not in again
    query = vectors[10]
    assert again.search(query, 1)[0][0] == 10
    assert VectorIndex.load(tmp_path, encoder="model-b", dim=DIM) is None
    (tmp_path / "vectors.npy").write_bytes(b"truncated")
    assert VectorIndex.load(tmp_path, encoder="model-a", dim=DIM) is None


def test_vectors_written_after_the_build_are_searched_until_inserted_in_bulk() -> None:
    vectors = unit(1_200, 6)
    index = VectorIndex(DIM, brute_force_max=1_000)
    index.add(list(range(1_100)), vectors[:1_100])
    index.build_graph()
    index.add(list(range(1_100, 1_200)), vectors[1_100:])
    assert index.graph_pending == 100
    # Waiting for the graph, still found: the exact side of the search holds them.
    assert index.search(vectors[1_150], 1)[0][0] == 1_150
    assert index.extend_graph() == 100
    assert (index.graph_pending, index.graph_inserted, index.graph_builds) == (0, 100, 1)
    assert index.search(vectors[1_150], 1)[0][0] == 1_150


def test_a_saved_graph_loads_back_without_a_rebuild_and_takes_only_later_vectors(
    tmp_path: Path,
) -> None:
    vectors = unit(1_300, 7)
    index = VectorIndex(DIM, brute_force_max=1_000)
    index.add(list(range(1_200)), vectors[:1_200])
    index.build_graph()
    index.save(tmp_path, encoder="model-a", revision=1, pending=[])
    # Later writes saved with the vectors only (the graph file is saved less often): a new
    # claim, a claim given another vector, a deleted claim.
    index.add([1_200, 5], vectors[1_200:1_202])
    index.delete([9])
    index.save(tmp_path, encoder="model-a", revision=2, pending=[], graph=False)
    loaded = VectorIndex.load(tmp_path, encoder="model-a", dim=DIM, brute_force_max=1_000)
    assert loaded is not None
    again = loaded[0]
    assert again.uses_graph
    assert not again.needs_graph
    assert again.graph_builds == 0
    assert again.graph_pending == 2  # the new claim and the changed one, not the 1,198 others
    assert again.extend_graph() == 2
    assert again.search(vectors[1_201], 1)[0][0] == 5
    assert again.search(vectors[1_200], 1)[0][0] == 1_200
    assert 9 not in [i for i, _ in again.search(vectors[9], 10)]
    for claim_id in (100, 700, 1_100):
        assert again.search(vectors[claim_id], 1)[0][0] == claim_id


def test_a_corrupt_graph_file_is_built_again_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    vectors = unit(1_100, 8)
    index = VectorIndex(DIM, brute_force_max=1_000)
    index.add(list(range(1_100)), vectors)
    index.build_graph()
    index.save(tmp_path, encoder="model-a", revision=1, pending=[])
    (graph_file,) = tmp_path.glob("graph-*.usearch")
    graph_file.write_bytes(graph_file.read_bytes()[:100])
    with caplog.at_level(logging.WARNING):
        loaded = VectorIndex.load(tmp_path, encoder="model-a", dim=DIM, brute_force_max=1_000)
    assert loaded is not None
    again = loaded[0]
    assert len(again) == 1_100  # the vectors are kept; only the graph is built again
    assert not again.uses_graph
    assert again.needs_graph
    assert "building it again" in caplog.text
    again.build_graph()
    assert again.search(vectors[3], 1)[0][0] == 3
