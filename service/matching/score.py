"""Fusion of BM25 and fuzzy similarity into one calibrated 0-100 relevance score.

The score is an absolute relevance, not a rank: 100 * sigmoid of a linear blend of
- `bm25_norm`, the share of the statement's information the claim matches (see index.py);
- a fuzzy similarity (rapidfuzz partial ratio) of the normalised texts with figures masked, so that
  "50,000 troops" reads as close to "10,000 troops" as to "50,000 troops": a conflict is a match;
- the statement's length in content words, capped: a long post that repeats a short claim matches
  a small share of its own words, so the same share means more the longer the statement.
Weights come from data/fusion.json, fitted on the CheckThat! train split by scripts/fit_fusion.py,
with the bias placed so that the default threshold (35) separates related from unrelated.
"""

import heapq
import json
import math
from collections.abc import Mapping, Sequence, Set
from functools import cache, lru_cache
from importlib import resources

import msgspec
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from service.matching.index import (
    Candidate,
    is_number_term,
    normalized_statement,
    statement_terms,
)
from service.text.normalize import mask_numbers, normalize


class Scored(msgspec.Struct, frozen=True):
    claim_id: int
    score: float  # 0..100, calibrated relevance
    bm25: float
    fuzzy: float  # 0..100, partial ratio of the masked normalised texts


class FusionWeights(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    bias: float
    bm25_norm: float
    fuzzy: float  # per unit of fuzzy / 100
    query_terms: float  # per unit of log(1 + content words)
    query_terms_cap: int


class Features(msgspec.Struct, frozen=True):
    """What the fusion sees of one candidate; scripts/fit_fusion.py fits on these."""

    claim_id: int
    bm25: float
    bm25_norm: float
    fuzzy: float
    query_terms: int


class _FusionFile(msgspec.Struct, frozen=True):
    weights: FusionWeights


@cache
def load_weights() -> FusionWeights:
    raw = resources.files("service.matching").joinpath("data", "fusion.json").read_bytes()
    return msgspec.json.decode(raw, type=_FusionFile).weights


@lru_cache(maxsize=65_536)
def _masked_claim(text: str) -> str:
    # Only for candidates that arrive without the index's masked text; normalize() costs ~0.1 ms
    # a claim, too much to repeat for 100 candidates on every check.
    return mask_numbers(normalize(text))


def _statement_side(statement: str) -> tuple[str, int]:
    """The statement as fuzzy matching sees it, and its count of content words."""
    masked_statement = mask_numbers(normalized_statement(statement))
    query_terms = sum(not is_number_term(t) for t in statement_terms(masked_statement))
    return masked_statement, query_terms


def features(
    statement: str, candidates: Sequence[Candidate], texts: Mapping[int, str]
) -> list[Features]:
    """Features of the candidates whose text is known; the others (deleted since) are left out."""
    masked_statement, query_terms = _statement_side(statement)
    out: list[Features] = []
    for candidate in candidates:
        text = texts.get(candidate.claim_id)
        if text is None:
            continue
        masked_claim = candidate.masked_text or _masked_claim(text)
        out.append(
            Features(
                claim_id=candidate.claim_id,
                bm25=candidate.bm25,
                bm25_norm=candidate.bm25_norm,
                fuzzy=fuzz.partial_ratio(masked_statement, masked_claim),
                query_terms=query_terms,
            )
        )
    return out


def fused_logit(item: Features, weights: FusionWeights) -> float:
    length = math.log1p(min(item.query_terms, weights.query_terms_cap))
    return (
        weights.bias
        + weights.bm25_norm * item.bm25_norm
        + weights.fuzzy * item.fuzzy / 100.0
        + weights.query_terms * length
    )


def fused_score(item: Features, weights: FusionWeights) -> float:
    return _sigmoid(fused_logit(item, weights))


def _sigmoid(logit: float) -> float:
    """100 * sigmoid(logit), written to stay finite for any logit (math.exp overflows past ~709)."""
    if logit >= 0:
        return 100.0 / (1.0 + math.exp(-logit))
    odds = math.exp(logit)
    return 100.0 * odds / (1.0 + odds)


def rerank(
    statement: str,
    candidates: Sequence[Candidate],
    texts: Mapping[int, str],
    weights: FusionWeights | None = None,
) -> list[Scored]:
    """Candidates scored 0..100, best first (ties: higher BM25, then lower id)."""
    weights = weights or load_weights()
    scored = [
        Scored(item.claim_id, fused_score(item, weights), item.bm25, item.fuzzy)
        for item in features(statement, candidates, texts)
    ]
    scored.sort(key=_order)
    return scored


def _order(item: Scored) -> tuple[float, float, int]:
    return (-item.score, -item.bm25, item.claim_id)


def fuzzy_bound(masked_statement: str, masked_claim: str) -> float:
    """An upper bound of `fuzz.partial_ratio` of two texts, some thirty times cheaper.

    partial_ratio is the best `fuzz.ratio` (200 * LCS / total length) of the shorter text, of
    length m, against a window of the longer one. A window shares at most L = LCS(both texts)
    characters with it in order, and at most its own length k: 200 * min(L, k) / (m + k) peaks
    at k = L, so 200 * L / (m + L) bounds every window.
    """
    shorter = min(len(masked_statement), len(masked_claim))
    common = LCSseq.similarity(masked_statement, masked_claim)
    if shorter + common == 0:
        return 100.0
    return min(100.0, 200.0 * common / (shorter + common))


class BestScores:
    """`rerank` cut to its first `count` items scoring at least `floor`, for candidates that carry
    the index's masked text, with the fuzzy similarity computed only where it can matter.

    Fuzzy matching is most of the cost of re-ranking and the score only rises with it, so a
    bound of the fuzzy similarity bounds the score. Candidates are taken best bound first; a
    candidate whose bound is not yet its exact score is refined (perfect similarity, then
    `fuzzy_bound`, then partial_ratio itself) and put back, and one whose exact score comes out
    on top is the next item of `rerank`'s order: every other candidate's score is at most its
    bound, and bounds are ordered with `rerank`'s tie-break. Candidates can be excluded (deleted,
    or filtered out once their record is read); the answer is then `rerank`'s without them.
    Exact: the same items, scores and order.
    """

    _PERFECT, _BOUNDED, _EXACT = 0, 1, 2

    def __init__(
        self,
        statement: str,
        candidates: Sequence[Candidate],
        weights: FusionWeights | None = None,
    ) -> None:
        weights = weights or load_weights()
        self._masked_statement, query_terms = _statement_side(statement)
        self._candidates = {c.claim_id: c for c in candidates}
        # fused_logit in parts, summed in its order so that scores come out bit for bit the same:
        # (bias + bm25 part) + fuzzy part + length part.
        self._fuzzy_weight = weights.fuzzy
        self._length_part = weights.query_terms * math.log1p(
            min(query_terms, weights.query_terms_cap)
        )
        self._head = {
            c.claim_id: weights.bias + weights.bm25_norm * c.bm25_norm for c in candidates
        }
        # claim id -> (refinement level, fuzzy similarity or its bound, score for it)
        self._known: dict[int, tuple[int, float, float]] = {
            c.claim_id: (self._PERFECT, 100.0, self._fused(c.claim_id, 100.0)) for c in candidates
        }

    def _fused(self, claim_id: int, fuzzy: float) -> float:
        return _sigmoid(
            self._head[claim_id] + self._fuzzy_weight * fuzzy / 100.0 + self._length_part
        )

    def _refine(self, claim_id: int, level: int) -> tuple[int, float, float]:
        masked_claim = self._candidates[claim_id].masked_text
        if level == self._PERFECT:
            fuzzy, level = fuzzy_bound(self._masked_statement, masked_claim), self._BOUNDED
        else:
            fuzzy = fuzz.partial_ratio(self._masked_statement, masked_claim)
            level = self._EXACT
        known = (level, fuzzy, self._fused(claim_id, fuzzy))
        self._known[claim_id] = known
        return known

    def top(self, count: int, floor: float, excluded: Set[int] = frozenset()) -> list[Scored]:
        best: list[Scored] = []
        heap = [
            (-score, -self._candidates[i].bm25, i, level)
            for i, (level, _, score) in self._known.items()
            if i not in excluded and score >= floor
        ]
        heapq.heapify(heap)
        while heap and len(best) < count:
            negative_score, negative_bm25, claim_id, level = heapq.heappop(heap)
            if level == self._EXACT:
                fuzzy = self._known[claim_id][1]
                best.append(Scored(claim_id, -negative_score, -negative_bm25, fuzzy))
                continue
            level, _, score = self._refine(claim_id, level)
            if score >= floor:
                heapq.heappush(heap, (-score, negative_bm25, claim_id, level))
        return best


def weights_json(weights: FusionWeights, about: Mapping[str, object]) -> str:
    """data/fusion.json's text: the weights and how they were fitted."""
    document = {"about": dict(about), "weights": msgspec.to_builtins(weights)}
    return json.dumps(document, indent=2) + "\n"
