"""Fit the semantic fusion weights (service/matching/data/fusion_semantic.json) on the CheckThat!
2020 TRAIN split, as scripts/fit_fusion.py fits the lexical ones; dev stays unseen, for reporting.

Usage, from the repository root: python -m scripts.fit_semantic_fusion [DIR]
(DIR defaults to ../shared/eval/checkthat2020; needs the semantic model installed: `make install`)

Candidates are the service's with semantic matching on: the BM25 list and the nearest embedded
claims (service/matching/semantic/candidates.py), the latter with no BM25 score. Raw scores do not
compare well across queries (a linear blend of bm25_norm, fuzzy and cosine reaches dev MAP@5
0.835), ranks do, so two steps:
1. Reciprocal rank fusion: (1 - w) / (k + BM25 rank) + w / (k + vector rank), k and w by grid
   search on train MAP@5.
2. A logistic regression of "relevant" on bm25_norm, the fuzzy similarity, the cosine, the fusion
   of step 1 and the statement length, over each query's relevant claims against its N best-fused
   other claims (N by train MAP@5): the raw scores keep the score an absolute relevance (a
   statement with nothing related gets low scores even for its first-ranked claims), the ranks
   order. The bias is then shifted as in scripts/fit_fusion.py so that the default threshold (35)
   is the fitted 50 % point: scores stay comparable with the lexical ones.
3. For the threshold only, relevance from the cosine alone (a claim said in other words has no
   BM25 rank to lift it): a logistic regression of each query's relevant claims against its
   nearest other claim gives the slope, and the cosine scoring 35 is placed where the lexical
   model lets the same share of queries' best other claims through (measured on train).
"""

import json
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec
import numpy as np

from scripts.fit_fusion import QUERY_TERMS_CAP, logistic_regression
from service.evaluation.metrics import ranking_metrics
from service.evaluation.retrieval import (
    DEFAULT_THRESHOLD,
    collect_runs,
    semantic_ranking,
    separation,
)
from service.matching.score import Features, FusionWeights, load_weights, weights_json
from service.matching.semantic.engine import load_encoders

K_GRID = (5, 10, 20, 40, 60)
W_GRID = tuple(step / 20 for step in range(2, 15))  # 0.1 .. 0.7 to the vector list
NEGATIVES_GRID = (1, 3, 5, 10, 20)
OUTPUT = Path(__file__).resolve().parent.parent / "service/matching/data/fusion_semantic.json"

Run = tuple[list[Features], frozenset[int]]


def _reciprocal(rank: int | None, k: int) -> float:
    return 0.0 if rank is None else 1.0 / (k + rank)


def fusion(item: Features, k: int, w: float) -> float:
    return (1 - w) * _reciprocal(item.lexical_rank, k) + w * _reciprocal(item.vector_rank, k)


def _map_at_5(runs: Sequence[Run], score: Callable[[Features], float]) -> float:
    def ranked(candidates: list[Features]) -> list[int]:
        order = sorted(candidates, key=lambda c: (-score(c), -c.bm25, c.claim_id))
        return [c.claim_id for c in order]

    return ranking_metrics((ranked(c), relevant) for c, relevant in runs).map_at_5


def _fused_by(k: int, w: float) -> Callable[[Features], float]:
    return lambda item: fusion(item, k, w)


def _modelled_by(coefficients: Sequence[float], k: int, w: float) -> Callable[[Features], float]:
    return lambda item: float(np.dot(coefficients, _row(item, k, w)))


def _row(item: Features, k: int, w: float) -> list[float]:
    return [
        1.0,
        item.bm25_norm,
        item.fuzzy / 100.0,
        item.cosine or 0.0,
        k * fusion(item, k, w),  # x k: 1 for first place in both lists
        math.log1p(min(item.query_terms, QUERY_TERMS_CAP)),
    ]


def _calibrate(runs: Sequence[Run], k: int, w: float, negatives: int) -> list[float]:
    rows: list[list[float]] = []
    labels: list[int] = []
    for candidates, relevant in runs:
        for item in candidates:
            if item.claim_id in relevant:
                rows.append(_row(item, k, w))
                labels.append(1)
        others = sorted(
            (c for c in candidates if c.claim_id not in relevant), key=lambda c: -fusion(c, k, w)
        )
        for item in others[:negatives]:
            rows.append(_row(item, k, w))
            labels.append(0)
    return logistic_regression(rows, labels)


def fit(runs: Sequence[Run]) -> tuple[FusionWeights, float, dict[str, float]]:
    grid = {(k, w): _map_at_5(runs, _fused_by(k, w)) for k in K_GRID for w in W_GRID}
    k, w = max(grid, key=lambda kw: (round(grid[kw], 6), -kw[0], kw[1]))
    best: tuple[float, int, list[float]] | None = None
    for negatives in NEGATIVES_GRID:
        coefficients = _calibrate(runs, k, w, negatives)
        train_map = _map_at_5(runs, _modelled_by(coefficients, k, w))
        if best is None or train_map > best[0] + 1e-9:
            best = (train_map, negatives, coefficients)
    assert best is not None
    train_map, negatives, (intercept, bm25, fuzzy, cosine, fused, length) = best
    threshold_logit = math.log(DEFAULT_THRESHOLD / (100.0 - DEFAULT_THRESHOLD))
    weights = FusionWeights(
        bias=round(intercept + threshold_logit, 4),
        bm25_norm=round(bm25, 4),
        fuzzy=round(fuzzy, 4),
        query_terms=round(length, 4),
        query_terms_cap=QUERY_TERMS_CAP,
        cosine=round(cosine, 4),
        lexical_rank=round(fused * k * (1 - w), 4),
        vector_rank=round(fused * k * w, 4),
        rank_k=k,
    )
    about = {
        "rrf_k": k,
        "rrf_vector_weight": w,
        "rrf_train_map_at_5": round(grid[(k, w)], 4),
        "negatives_per_query": negatives,
    }
    return weights, train_map, about


def cosine_model(runs: Sequence[Run], other_below: float) -> tuple[FusionWeights, float]:
    """(weights, the cosine that scores the threshold)."""
    rows: list[list[float]] = []
    labels: list[int] = []
    nearest_others: list[float] = []
    for candidates, relevant in runs:
        rows += [[1.0, c.cosine or 0.0] for c in candidates if c.claim_id in relevant]
        labels += [1 for c in candidates if c.claim_id in relevant]
        others = [c.cosine or 0.0 for c in candidates if c.claim_id not in relevant]
        if others:
            rows.append([1.0, max(others)])
            labels.append(0)
            nearest_others.append(max(others))
    _, slope = logistic_regression(rows, labels)
    at_threshold = float(np.quantile(nearest_others, other_below))
    threshold_logit = math.log(DEFAULT_THRESHOLD / (100.0 - DEFAULT_THRESHOLD))
    weights = FusionWeights(
        bias=round(threshold_logit - slope * at_threshold, 4),
        bm25_norm=0.0,
        fuzzy=0.0,
        query_terms=0.0,
        query_terms_cap=QUERY_TERMS_CAP,
        cosine=round(slope, 4),
    )
    return weights, at_threshold


def main(argv: Sequence[str]) -> int:
    directory = Path(argv[0]) if argv else Path("../shared/eval/checkthat2020")
    encoders = load_encoders("on")
    assert encoders is not None  # "on" raises rather than return None
    # As the service runs: queries on the statements' encoder, claims on the background's.
    encoder, claim_encoder = encoders
    _, train = collect_runs(directory, "train", encoder=encoder, claim_encoder=claim_encoder)
    runs = [(run.semantic or [], run.relevant) for run in train]
    weights, train_map, fitted = fit(runs)
    lexical_other_below = separation(train, load_weights()).other_below
    cosine_weights, at_threshold = cosine_model(runs, lexical_other_below)
    _, dev = collect_runs(directory, "dev", encoder=encoder, claim_encoder=claim_encoder)
    dev_map = ranking_metrics(
        ([i.claim_id for _, i in semantic_ranking(run.semantic or [], weights)], run.relevant)
        for run in dev
    ).map_at_5
    about = {
        "fitted_on": "CheckThat! 2020 task 2 English, train split",
        "by": "scripts/fit_semantic_fusion.py",
        "encoder": claim_encoder.name,
        **fitted,
        "cosine_at_threshold": round(at_threshold, 4),
        "lexical_other_below_on_train": round(lexical_other_below, 4),
        "train_map_at_5": round(train_map, 4),
        "dev_map_at_5": round(dev_map, 4),
        "threshold": DEFAULT_THRESHOLD,
    }
    document = json.loads(weights_json(weights, about))
    document["cosine_weights"] = msgspec.to_builtins(cosine_weights)
    OUTPUT.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"train MAP@5 {train_map:.4f}; dev MAP@5 {dev_map:.4f}")
    print(f"weights {weights}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
