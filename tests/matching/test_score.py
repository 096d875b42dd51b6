"""Fused scoring: a calibrated 0-100 relevance, figures masked so a conflict is still a match."""

import random
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.matching.index import TantivyIndex
from service.matching.retrieval import Candidate
from service.matching.score import (
    Features,
    FusionWeights,
    fused_score,
    load_weights,
    rerank,
)

THRESHOLD = 35.0  # the default `min_score`

RELATED = {
    1: "North Korea sent 10,000 troops to Russia to fight in the war in Ukraine.",
    2: "Kim Jong-un met Vladimir Putin at a space centre in the Russian Far East.",
    3: "The city council approved a new tram line to the airport.",
}

# Filler claims about other topics, some sharing common words ("Russia", "sent", "city"), so the
# index looks like a real news archive and not a list of strangers.
_SUBJECTS = [
    "The central bank",
    "A regional airline",
    "The football league",
    "A hospital trust",
    "The education ministry",
    "A solar panel maker",
    "The national weather service",
    "A supermarket chain",
    "The city council",
    "A software company",
    "The railway operator",
    "Farmers in the south",
    "The health regulator",
    "A car manufacturer",
    "The stock exchange",
    "Russia's finance ministry",
    "A university team",
    "The port authority",
    "A charity",
    "The tax office",
]
_VERBS = [
    "raised",
    "cut",
    "announced",
    "cancelled",
    "delayed",
    "approved",
    "reported",
    "sent",
    "criticised",
    "doubled",
    "halved",
    "expanded",
    "froze",
    "reviewed",
    "published",
]
_OBJECTS = [
    "interest rates",
    "ticket prices",
    "a recall of faulty brakes",
    "new safety rules",
    "the harvest forecast",
    "plans for a stadium",
    "its annual profits",
    "a vaccine campaign",
    "wages for nurses",
    "the budget for schools",
    "fuel subsidies",
    "a data breach notice",
    "flood defences",
    "a merger with a rival",
    "exam results",
    "export quotas",
    "a heatwave warning",
    "broadband coverage",
    "pension payments",
    "a strike ballot",
]
_WHEN = ["on Monday", "last week", "after a long review", "for the second time", "this spring"]


@cache
def crowded_index() -> tuple[TantivyIndex, dict[int, str]]:
    """The related claims among 10,000 claims about other things."""
    rng = random.Random(20240601)
    texts = dict(RELATED)
    next_id = 100
    while len(texts) < 10_003:
        texts[next_id] = (
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"in {rng.randint(1990, 2024)} {rng.choice(_WHEN)}, with {rng.randint(2, 900)} cases."
        )
        next_id += 1
    index = TantivyIndex()
    index.add(list(texts.items()))
    index.commit()
    return index, texts


def top(statement: str) -> tuple[int, float]:
    index, texts = crowded_index()
    scored = rerank(statement, index.search(statement, 100), texts)
    return (scored[0].claim_id, scored[0].score) if scored else (-1, 0.0)


@pytest.mark.parametrize(
    "statement",
    [
        "The Eiffel Tower is 330 metres tall.",
        "Bananas are a good source of potassium.",
        "My neighbour's cat sleeps in the garden every afternoon.",
        "Water boils at 100 degrees Celsius at sea level.",
        "The violinist played a sonata by Brahms at the festival.",
        "The museum reported record visitor numbers on Monday.",
        "The orchestra cancelled its concert in Vienna this spring.",
    ],
)
def test_an_unrelated_statement_scores_below_the_threshold_among_10000_claims(
    statement: str,
) -> None:
    assert top(statement)[1] < THRESHOLD


@pytest.mark.parametrize(
    ("statement", "claim_id"),
    [
        ("Pyongyang dispatched ten thousand troops to Russia for the Ukraine war", 1),
        ("Kim met Putin at a Russian space centre", 2),
        ("The council has approved a tram line to the airport", 3),
    ],
)
def test_a_restated_claim_is_the_top_hit_above_the_threshold(statement: str, claim_id: int) -> None:
    found, score = top(statement)
    assert found == claim_id
    assert score >= THRESHOLD


def test_another_figure_is_still_a_match_nearly_as_strong_as_the_same_figure() -> None:
    same_id, same = top("North Korea sent 10,000 troops to Russia")
    other_id, other = top("North Korea sent 50,000 troops to Russia")
    assert same_id == other_id == 1
    assert other >= THRESHOLD
    assert other >= 0.8 * same


def test_rerank_orders_best_first_and_drops_claims_without_text() -> None:
    texts = {1: "North Korea sent troops to Russia.", 2: "Troops paraded in the capital."}
    candidates = [Candidate(2, 3.0, 0.3), Candidate(1, 5.0, 0.9), Candidate(7, 9.0, 1.0)]
    scored = rerank("North Korea sent 5,000 troops to Russia", candidates, texts)
    assert [s.claim_id for s in scored] == [1, 2]
    assert scored[0].score > scored[1].score
    assert scored[0].fuzzy > 90


def test_a_candidate_without_masked_text_is_scored_from_the_claim_text() -> None:
    text = "The tram line to the airport will open in 2026."
    with_text = Candidate(1, 4.0, 0.7, "the tram line to the airport will open in #")
    without = Candidate(1, 4.0, 0.7)
    statement = "The airport tram opens in 2027"
    assert rerank(statement, [with_text], {1: text}) == rerank(statement, [without], {1: text})


def test_the_fitted_weights_favour_matching_words_and_fuzzy_similarity() -> None:
    weights = load_weights()
    assert weights.bm25_norm > 0
    assert weights.fuzzy >= 0
    assert weights.query_terms_cap > 0
    everything = Features(1, 20.0, 1.0, 100.0, 6)
    nothing = Features(1, 0.0, 0.0, 0.0, 6)
    assert fused_score(everything, weights) > 80
    assert fused_score(nothing, weights) < 10


_weights = st.builds(
    FusionWeights,
    bias=st.floats(-1e3, 1e3),
    bm25_norm=st.floats(0, 1e3),
    fuzzy=st.floats(0, 1e3),
    query_terms=st.floats(-1e3, 1e3),
    query_terms_cap=st.integers(1, 100),
)
_share = st.floats(0.0, 1.0)


@given(_weights, _share, _share, st.floats(0, 100), st.integers(0, 500))
def test_the_score_stays_in_0_to_100_and_rises_with_bm25_norm(
    weights: FusionWeights, low: float, high: float, fuzzy: float, terms: int
) -> None:
    low, high = sorted((low, high))
    weaker = fused_score(Features(1, 1.0, low, fuzzy, terms), weights)
    stronger = fused_score(Features(1, 1.0, high, fuzzy, terms), weights)
    assert 0.0 <= weaker <= stronger <= 100.0


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_rerank_scores_any_statement_in_range_and_best_first(statement: str) -> None:
    index, texts = crowded_index()
    scored = rerank(statement, index.search(statement, 20), texts)
    assert all(0.0 <= s.score <= 100.0 for s in scored)
    assert [s.score for s in scored] == sorted((s.score for s in scored), reverse=True)
