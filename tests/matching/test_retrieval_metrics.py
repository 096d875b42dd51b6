"""Ranking metrics with CheckThat! conventions, and the retrieval evaluation end to end."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.evaluation.metrics import (
    average_precision_at,
    precision_at,
    ranking_metrics,
    recall_at,
    reciprocal_rank,
)
from service.evaluation.retrieval import evaluate_retrieval, format_report


def test_average_precision_divides_by_all_relevant_items_not_the_ones_found() -> None:
    # Relevant at ranks 1 and 3 of two relevant: (1/1 + 2/3) / 2.
    assert average_precision_at([7, 8, 9], {7, 9}, 5) == pytest.approx((1 + 2 / 3) / 2)
    # Only one of two relevant items found, at rank 2: (1/2) / 2.
    assert average_precision_at([1, 7, 2], {7, 99}, 5) == pytest.approx(0.25)


def test_average_precision_counts_only_ranks_up_to_k() -> None:
    ranked = [1, 2, 3, 4, 5, 6]
    assert average_precision_at(ranked, {6}, 5) == 0.0
    assert average_precision_at(ranked, {6}, 10) == pytest.approx(1 / 6)


def test_reciprocal_rank_precision_and_recall() -> None:
    assert reciprocal_rank([4, 5, 6], {6}) == pytest.approx(1 / 3)
    assert reciprocal_rank([4, 5], {6}) == 0.0
    assert precision_at([6, 5], {6}, 1) == 1.0
    assert recall_at([1, 2, 3], {3, 9}, 2) == 0.0
    assert recall_at([1, 2, 3], {3, 9}, 3) == 0.5


def test_ranking_metrics_average_over_queries() -> None:
    metrics = ranking_metrics([([1, 2], {1}), ([1, 2], {2})])
    assert metrics.queries == 2
    assert metrics.map_at_5 == pytest.approx((1 + 0.5) / 2)
    assert metrics.precision_at_1 == pytest.approx(0.5)
    assert metrics.mrr == pytest.approx(0.75)
    assert metrics.recall_at_5 == 1.0


def test_no_queries_give_zeros_not_an_error() -> None:
    assert ranking_metrics([]).map_at_5 == 0.0


_ranked = st.lists(st.integers(0, 30), unique=True, max_size=25)
_relevant = st.sets(st.integers(0, 30), min_size=1, max_size=4)


@given(_ranked, _relevant)
def test_every_metric_is_a_share_and_average_precision_grows_with_k(
    ranked: list[int], relevant: set[int]
) -> None:
    metrics = ranking_metrics([(ranked, relevant)])
    for value in (metrics.map_at_1, metrics.map_at_5, metrics.mrr, metrics.recall_at_20):
        assert 0.0 <= value <= 1.0
    assert metrics.map_at_1 <= metrics.map_at_5 <= metrics.map_at_10
    assert metrics.recall_at_5 <= metrics.recall_at_20


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def test_the_evaluation_ranks_queries_and_reports_map_at_5_last(tmp_path: Path) -> None:
    _write_jsonl(
        tmp_path / "corpus.jsonl",
        [
            {"id": "a1", "text": "A shark swam through a flooded highway.", "title": "Shark?"},
            {"id": "b2", "text": "The senator voted against the farm bill.", "title": None},
            {"id": "c3", "text": "A lottery winner gave away his prize.", "title": "Jackpot"},
        ],
    )
    _write_jsonl(
        tmp_path / "queries_dev.jsonl",
        [
            {
                "qid": "1",
                "query": "Unbelievable, a SHARK on the flooded highway!! #Hurricane "
                "https://t.co/x — Someone (@someone) August 27, 2017",
                "relevant_ids": ["a1"],
            },
            {"qid": "2", "query": "the senator voted against farmers", "relevant_ids": ["b2"]},
            {"qid": "3", "query": "a lottery jackpot", "relevant_ids": ["missing"]},
        ],
    )
    report = evaluate_retrieval(tmp_path, "dev")
    assert report.claims == 3
    assert report.fused.queries == 3
    assert report.bm25.map_at_5 == pytest.approx(2 / 3)
    assert report.fused.map_at_5 == pytest.approx(2 / 3)
    text = format_report(report)
    assert "P@1" in text
    assert text.splitlines()[-1] == f"MAP@5: {report.fused.map_at_5:.3f}"
