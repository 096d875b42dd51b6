"""Bounded re-ranking: the best candidates of `rerank`, found without fuzzy-scoring them all."""

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from service.matching.retrieval import Candidate
from service.matching.score import BestScores, fuzzy_bound, rerank

_TEXT = st.text(alphabet="abcde xyz0#", max_size=60)


@given(_TEXT, _TEXT)
@settings(max_examples=400)
def test_fuzzy_bound_is_never_below_partial_ratio(a: str, b: str) -> None:
    assert fuzz.partial_ratio(a, b) <= fuzzy_bound(a, b) + 1e-9


_WORDS = ["troops", "russia", "sent", "north", "korea", "war", "city", "bank", "rates", "#"]
_CLAIM = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12).map(" ".join)


@given(
    statement=_CLAIM,
    claims=st.lists(st.tuples(_CLAIM, st.floats(0, 30), st.floats(0, 1)), min_size=0, max_size=40),
    count=st.integers(1, 25),
    floor=st.sampled_from([0.0, 20.0, 35.0, 60.0]),
    excluded=st.sets(st.integers(0, 39), max_size=10),
)
@settings(max_examples=200, deadline=None)
def test_top_is_the_head_of_rerank(
    statement: str,
    claims: list[tuple[str, float, float]],
    count: int,
    floor: float,
    excluded: set[int],
) -> None:
    """The same items, scores and order as rerank, cut at `count` and `floor`, without the
    excluded ones (ties included: bm25 values repeat)."""
    candidates = [
        Candidate(claim_id=i, bm25=round(bm25), bm25_norm=norm, masked_text=text)
        for i, (text, bm25, norm) in enumerate(claims)
    ]
    texts = {c.claim_id: c.masked_text for c in candidates if c.claim_id not in excluded}
    expected = [s for s in rerank(statement, candidates, texts) if s.score >= floor][:count]
    best = BestScores(statement, candidates)
    best.top(count, floor)  # an earlier call must not change a later answer
    assert best.top(count, floor, excluded) == expected
