"""Ranking metrics with the CLEF CheckThat! conventions.

AP@k is the sum of P@i over the ranks i <= k that hold a relevant item, divided by the number of
relevant items (not by the number found), so a query whose relevant claim is missed scores 0.
"""

from collections.abc import Iterable, Sequence, Set

import msgspec


class RankingMetrics(msgspec.Struct, frozen=True):
    queries: int
    map_at_1: float
    map_at_5: float
    map_at_10: float
    precision_at_1: float
    mrr: float
    recall_at_5: float
    recall_at_20: float


def average_precision_at(ranked: Sequence[int], relevant: Set[int], k: int) -> float:
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant)


def precision_at(ranked: Sequence[int], relevant: Set[int], k: int) -> float:
    return sum(item in relevant for item in ranked[:k]) / k


def reciprocal_rank(ranked: Sequence[int], relevant: Set[int]) -> float:
    for rank, item in enumerate(ranked, start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def recall_at(ranked: Sequence[int], relevant: Set[int], k: int) -> float:
    if not relevant:
        return 0.0
    return sum(item in relevant for item in ranked[:k]) / len(relevant)


def ranking_metrics(runs: Iterable[tuple[Sequence[int], Set[int]]]) -> RankingMetrics:
    """Mean of each metric over (ranked ids, relevant ids) pairs, one pair per query."""
    columns: list[list[float]] = [[] for _ in range(7)]
    for ranked, relevant in runs:
        values = (
            average_precision_at(ranked, relevant, 1),
            average_precision_at(ranked, relevant, 5),
            average_precision_at(ranked, relevant, 10),
            precision_at(ranked, relevant, 1),
            reciprocal_rank(ranked, relevant),
            recall_at(ranked, relevant, 5),
            recall_at(ranked, relevant, 20),
        )
        for column, value in zip(columns, values, strict=True):
            column.append(value)
    count = len(columns[0])
    means = [sum(column) / count if count else 0.0 for column in columns]
    return RankingMetrics(count, *means)
