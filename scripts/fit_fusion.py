"""Fit the fusion weights (service/matching/data/fusion.json) on the CheckThat! 2020 TRAIN split.

Usage, from the repository root: python -m scripts.fit_fusion [DIR]
(DIR defaults to ../shared/eval/checkthat2020)

Two steps, both on train only (the dev split stays unseen, for reporting):
1. Ranking: the weight of the fuzzy similarity relative to bm25_norm, by grid search on MAP@5.
2. Calibration: logistic regression of "relevant" on the blended score and the statement length,
   on each query's relevant claims against its best-ranked non-relevant claim, i.e. the top hit it
   would get if its claim were missing. The bias is then shifted so that the fitted 50 % point
   falls on the default threshold (35): a score of 35 or more means "more likely related".
"""

import math
import sys
from collections.abc import Sequence
from pathlib import Path

from service.evaluation.metrics import ranking_metrics
from service.evaluation.retrieval import (
    DEFAULT_THRESHOLD,
    QueryRun,
    collect_runs,
    fused_ranking,
    separation,
)
from service.matching.score import Features, FusionWeights, weights_json

FUZZY_GRID = [step / 20 for step in range(11)]  # 0 .. 0.5 of bm25_norm's weight
# Statements longer than this many content words gain nothing more from their length, so that a
# long rambling text cannot lift its score on length alone.
QUERY_TERMS_CAP = 30
L2 = 1e-3
NEWTON_STEPS = 25
OUTPUT = Path(__file__).resolve().parent.parent / "service/matching/data/fusion.json"


def _blend(item: Features, fuzzy_ratio: float) -> float:
    return item.bm25_norm + fuzzy_ratio * item.fuzzy / 100.0


def _length(item: Features) -> float:
    return math.log1p(min(item.query_terms, QUERY_TERMS_CAP))


def _row(item: Features, fuzzy_ratio: float) -> list[float]:
    return [1.0, _blend(item, fuzzy_ratio), _length(item)]


def _map_at_5(runs: Sequence[QueryRun], fuzzy_ratio: float) -> float:
    def ranked(run: QueryRun) -> list[int]:
        order = sorted(run.candidates, key=lambda c: (-_blend(c, fuzzy_ratio), -c.bm25))
        return [c.claim_id for c in order]

    return ranking_metrics((ranked(run), run.relevant) for run in runs).map_at_5


def _training_rows(
    runs: Sequence[QueryRun], fuzzy_ratio: float
) -> tuple[list[list[float]], list[int]]:
    rows: list[list[float]] = []
    labels: list[int] = []
    for run in runs:
        others = [c for c in run.candidates if c.claim_id not in run.relevant]
        for item in run.candidates:
            if item.claim_id in run.relevant:
                rows.append(_row(item, fuzzy_ratio))
                labels.append(1)
        if others:
            hardest = max(others, key=lambda c: _blend(c, fuzzy_ratio))
            rows.append(_row(hardest, fuzzy_ratio))
            labels.append(0)
    return rows, labels


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting; the systems here are 3 x 3."""
    size = len(vector)
    augmented = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(augmented[r][col]))
        augmented[col], augmented[pivot] = augmented[pivot], augmented[col]
        for row in range(size):
            if row != col:
                factor = augmented[row][col] / augmented[col][col]
                for k in range(col, size + 1):
                    augmented[row][k] -= factor * augmented[col][k]
    return [augmented[i][size] / augmented[i][i] for i in range(size)]


def logistic_regression(rows: Sequence[Sequence[float]], labels: Sequence[int]) -> list[float]:
    """Newton's method on the L2-regularised log-loss (the intercept, column 0, unpenalised)."""
    size = len(rows[0])
    weights = [0.0] * size
    for _ in range(NEWTON_STEPS):
        gradient = [0.0] * size
        hessian = [[0.0] * size for _ in range(size)]
        for row, label in zip(rows, labels, strict=True):
            logit = sum(w * x for w, x in zip(weights, row, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))
            for i in range(size):
                gradient[i] += (p - label) * row[i]
                for j in range(size):
                    hessian[i][j] += p * (1 - p) * row[i] * row[j]
        for i in range(1, size):
            gradient[i] += L2 * len(rows) * weights[i]
            hessian[i][i] += L2 * len(rows)
        step = _solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step, strict=True)]
    return weights


def fit(runs: Sequence[QueryRun]) -> tuple[FusionWeights, float]:
    """The weights, and the train MAP@5 of the chosen fuzzy ratio."""
    scores = {ratio: _map_at_5(runs, ratio) for ratio in FUZZY_GRID}
    fuzzy_ratio = max(FUZZY_GRID, key=lambda ratio: (round(scores[ratio], 6), -ratio))
    intercept, slope, length = logistic_regression(*_training_rows(runs, fuzzy_ratio))
    threshold_logit = math.log(DEFAULT_THRESHOLD / (100.0 - DEFAULT_THRESHOLD))
    weights = FusionWeights(
        bias=round(intercept + threshold_logit, 4),
        bm25_norm=round(slope, 4),
        fuzzy=round(slope * fuzzy_ratio, 4),
        query_terms=round(length, 4),
        query_terms_cap=QUERY_TERMS_CAP,
    )
    return weights, scores[fuzzy_ratio]


def _deciles(values: Sequence[float]) -> str:
    ordered = sorted(values)
    quantiles = (0.1, 0.25, 0.5, 0.75, 0.9)
    picks = [ordered[min(len(ordered) - 1, int(q * len(ordered)))] for q in quantiles]
    return " ".join(f"{v:5.1f}" for v in picks)


def describe(runs: Sequence[QueryRun], weights: FusionWeights) -> str:
    """Score distribution of each query's top hit, split by whether it is relevant."""
    relevant: list[float] = []
    other: list[float] = []
    for run in runs:
        ranked = fused_ranking(run, weights)
        if ranked:
            score, item = ranked[0]
            (relevant if item.claim_id in run.relevant else other).append(score)
    spread = separation(runs, weights)
    return "\n".join(
        [
            "top-hit scores on train (p10 p25 p50 p75 p90):",
            f"  relevant top hits     ({len(relevant):4}): {_deciles(relevant)}",
            f"  non-relevant top hits ({len(other):4}): {_deciles(other)}",
            f"  relevant claim >= {spread.threshold:g}: {spread.relevant_above:.3f};"
            f" best non-relevant < {spread.threshold:g}: {spread.other_below:.3f}",
        ]
    )


def main(argv: Sequence[str]) -> int:
    directory = Path(argv[0]) if argv else Path("../shared/eval/checkthat2020")
    _, runs = collect_runs(directory, "train")
    weights, train_map = fit(runs)
    about = {
        "fitted_on": "CheckThat! 2020 task 2 English, train split, by scripts/fit_fusion.py",
        "train_map_at_5": round(train_map, 4),
        "threshold": DEFAULT_THRESHOLD,
    }
    OUTPUT.write_text(weights_json(weights, about), encoding="utf-8")
    print(f"train MAP@5 {train_map:.4f}; weights {weights}")
    print(describe(runs, weights))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
