"""Retrieval evaluation: index a claim corpus, rank each query's claims, report CheckThat! metrics.

The data layout is CheckThat! 2020 task 2's, as kept in ../shared/eval/checkthat2020/:
`corpus.jsonl` ({id, text, title}) and `queries_<split>.jsonl` ({qid, query, relevant_ids}).
Each query is ranked twice from one candidate list: by BM25 alone and by the fused score; with an
encoder (semantic matching), a third time as the service ranks: the BM25 list and the nearest
embedded claims together, each scored with its cosine (service/matching/semantic).
"""

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from statistics import median
from typing import TypeVar

import msgspec
import numpy as np

from service.evaluation.metrics import RankingMetrics, ranking_metrics
from service.matching.index import TantivyIndex
from service.matching.retrieval import Candidate
from service.matching.score import (
    Features,
    FusionWeights,
    features,
    fused_score,
    load_semantic_weights,
    load_weights,
)
from service.matching.semantic.candidates import with_cosines
from service.matching.semantic.encoder import Encoder, Vectors

CANDIDATES = 100
T = TypeVar("T")
DEFAULT_THRESHOLD = 35.0


class CorpusClaim(msgspec.Struct, frozen=True):
    id: str
    text: str
    title: str | None = None


class EvalQuery(msgspec.Struct, frozen=True):
    qid: str
    query: str
    relevant_ids: list[str]


class QueryRun(msgspec.Struct, frozen=True):
    """One query's candidates (BM25 order) and the ids of its relevant claims."""

    candidates: list[Features]
    relevant: frozenset[int]
    # With an encoder: the BM25 candidates with their cosine, then the vector list's others.
    semantic: list[Features] | None = None


class Separation(msgspec.Struct, frozen=True):
    """How the threshold splits each query's best relevant candidate from its best other one."""

    threshold: float
    relevant_above: float  # share of queries whose relevant claim scores >= threshold
    other_below: float  # share of queries whose best non-relevant claim scores < threshold
    relevant_median: float
    other_median: float


class RetrievalReport(msgspec.Struct, frozen=True):
    split: str
    claims: int
    bm25: RankingMetrics
    fused: RankingMetrics
    separation: Separation
    semantic: RankingMetrics | None = None


def _read_jsonl(path: Path, kind: type[T]) -> list[T]:
    decoder = msgspec.json.Decoder(kind)
    return [decoder.decode(line) for line in path.read_bytes().splitlines() if line.strip()]


def load_corpus(directory: Path) -> list[CorpusClaim]:
    return _read_jsonl(directory / "corpus.jsonl", CorpusClaim)


def load_queries(directory: Path, split: str) -> list[EvalQuery]:
    return _read_jsonl(directory / f"queries_{split}.jsonl", EvalQuery)


def collect_runs(
    directory: Path,
    split: str,
    *,
    use_title: bool = True,
    limit: int = CANDIDATES,
    encoder: Encoder | None = None,
    claim_encoder: Encoder | None = None,
) -> tuple[int, list[QueryRun]]:
    """(claims indexed, one run per query). A claim is indexed with its title, if it has one.

    With `encoder`, queries are embedded with it and claims with `claim_encoder` (default: the
    same), as the service embeds statements and, in the background, claims."""
    corpus = load_corpus(directory)
    # The corpus ids are strings; the index wants integers, so number them in corpus order.
    number_of = {claim.id: number for number, claim in enumerate(corpus)}
    texts = {number_of[claim.id]: _indexed_text(claim, use_title) for claim in corpus}
    index = TantivyIndex()
    index.add(list(texts.items()))
    index.commit()
    queries = load_queries(directory, split)
    claim_vectors: Vectors | None = None
    query_vectors: Vectors | None = None
    if encoder is not None:
        claim_vectors = embed_cached(
            claim_encoder or encoder, [texts[n] for n in range(len(corpus))]
        )
        query_vectors = encoder.embed([q.query for q in queries])
    runs = []
    for number, query in enumerate(queries):
        # A relevant id missing from the corpus still counts against recall: give it an id no
        # claim has.
        relevant = frozenset(number_of.get(i, -1 - n) for n, i in enumerate(query.relevant_ids))
        candidates = index.search(query.query, limit)
        semantic = None
        if claim_vectors is not None and query_vectors is not None:
            cosines = claim_vectors @ query_vectors[number]
            semantic = features(query.query, _both_lists(candidates, cosines, limit), texts)
        runs.append(QueryRun(features(query.query, candidates, texts), relevant, semantic))
    return len(corpus), runs


def _both_lists(
    lexical: Sequence[Candidate],
    cosines: "np.ndarray[tuple[int], np.dtype[np.float32]]",
    limit: int,
) -> list[Candidate]:
    """As service/matching/semantic/candidates.py merges them (exact search here)."""
    nearest = [int(n) for n in np.argsort(-cosines, kind="stable")[:limit]]
    merged, vector_rank = with_cosines(lexical, nearest, lambda n: float(cosines[n]))
    known = {c.claim_id for c in lexical}
    merged.extend(
        Candidate(n, 0.0, 0.0, "", float(cosines[n]), vector_rank=vector_rank[n])
        for n in nearest
        if n not in known
    )
    return merged


def embed_cached(encoder: Encoder, texts: Sequence[str]) -> Vectors:
    """The texts' vectors, cached on disk by encoder and content: a corpus is embedded once."""
    digest = hashlib.sha256(encoder.name.encode())
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\0")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = base / "factcheck" / "eval-vectors" / f"{digest.hexdigest()}.npy"
    if path.exists():
        cached: Vectors = np.load(path)
        if cached.shape == (len(texts), encoder.dim):
            return cached
    vectors = encoder.embed(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp.npy")
    np.save(temporary, vectors)
    temporary.replace(path)
    return vectors


def _indexed_text(claim: CorpusClaim, use_title: bool) -> str:
    return f"{claim.text} {claim.title}" if use_title and claim.title else claim.text


def fused_ranking(run: QueryRun, weights: FusionWeights) -> list[tuple[float, Features]]:
    scored = [(fused_score(item, weights), item) for item in run.candidates]
    scored.sort(key=lambda pair: (-pair[0], -pair[1].bm25, pair[1].claim_id))
    return scored


def semantic_ranking(
    candidates: Sequence[Features], weights: FusionWeights
) -> list[tuple[float, Features]]:
    """The service's order with semantic matching (score.order_and_score: the semantic model's,
    every candidate here carrying a cosine since the whole corpus is embedded)."""
    scored = [(fused_score(item, weights), item) for item in candidates]
    scored.sort(key=lambda pair: (-pair[0], -pair[1].bm25, pair[1].claim_id))
    return scored


def separation(
    runs: Sequence[QueryRun], weights: FusionWeights, threshold: float = DEFAULT_THRESHOLD
) -> Separation:
    best_relevant: list[float] = []
    best_other: list[float] = []
    for run in runs:
        scored = fused_ranking(run, weights)
        relevant = [s for s, item in scored if item.claim_id in run.relevant]
        others = [s for s, item in scored if item.claim_id not in run.relevant]
        # A relevant claim outside the candidates was not found: for the threshold it scores 0.
        best_relevant.append(relevant[0] if relevant else 0.0)
        if others:
            best_other.append(others[0])
    return Separation(
        threshold=threshold,
        relevant_above=_share([s >= threshold for s in best_relevant]),
        other_below=_share([s < threshold for s in best_other]),
        relevant_median=median(best_relevant) if best_relevant else 0.0,
        other_median=median(best_other) if best_other else 0.0,
    )


def _share(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def evaluate_retrieval(
    directory: Path,
    split: str,
    *,
    use_title: bool = True,
    weights: FusionWeights | None = None,
    encoder: Encoder | None = None,
    claim_encoder: Encoder | None = None,
) -> RetrievalReport:
    weights = weights or load_weights()
    claims, runs = collect_runs(
        directory, split, use_title=use_title, encoder=encoder, claim_encoder=claim_encoder
    )
    bm25 = ranking_metrics(([c.claim_id for c in run.candidates], run.relevant) for run in runs)
    fused = ranking_metrics(
        ([item.claim_id for _, item in fused_ranking(run, weights)], run.relevant) for run in runs
    )
    semantic = None
    if encoder is not None:
        semantic_weights = load_semantic_weights()
        semantic = ranking_metrics(
            (
                [
                    item.claim_id
                    for _, item in semantic_ranking(run.semantic or [], semantic_weights)
                ],
                run.relevant,
            )
            for run in runs
        )
    return RetrievalReport(split, claims, bm25, fused, separation(runs, weights), semantic)


def format_report(report: RetrievalReport) -> str:
    """One line a metric, BM25 alone beside the fused score (and the fused score with semantic
    candidates, when on); ends with the service's `MAP@5: x` (semantic when on)."""
    names = {
        "map_at_1": "MAP@1",
        "map_at_5": "MAP@5",
        "map_at_10": "MAP@10",
        "precision_at_1": "P@1",
        "mrr": "MRR",
        "recall_at_5": "Recall@5",
        "recall_at_20": "Recall@20",
    }
    spread = report.separation
    lines = [
        f"split: {report.split}  queries: {report.fused.queries}  claims: {report.claims}",
        *(
            f"{label:<10} bm25 {getattr(report.bm25, field):.3f}"
            f"  fused {getattr(report.fused, field):.3f}"
            + (
                f"  semantic {getattr(report.semantic, field):.3f}"
                if report.semantic is not None
                else ""
            )
            for field, label in names.items()
        ),
        f"threshold {spread.threshold:g}: relevant top hits above {spread.relevant_above:.3f}"
        f" (median {spread.relevant_median:.1f}), best other hits below {spread.other_below:.3f}"
        f" (median {spread.other_median:.1f})",
        f"semantic matching: {'on' if report.semantic is not None else 'off'}",
        f"MAP@5: {(report.semantic or report.fused).map_at_5:.3f}",
    ]
    return "\n".join(lines)
