"""Fusion of BM25 and fuzzy similarity into one calibrated 0-100 relevance score.

The score is an absolute relevance, not a rank: 100 * sigmoid of a linear blend of
- `bm25_norm`, the share of the statement's information the claim matches (see index.py);
- a fuzzy similarity (rapidfuzz partial ratio) of the normalised texts with figures masked, so that
  "50,000 troops" reads as close to "10,000 troops" as to "50,000 troops": a conflict is a match;
- the statement's length in content words, capped: a long post that repeats a short claim matches
  a small share of its own words, so the same share means more the longer the statement.
Weights come from data/fusion.json, fitted on the CheckThat! train split by scripts/fit_fusion.py,
with the bias placed so that the default threshold (35) separates related from unrelated.
A candidate that semantic matching has embedded also carries the cosine of the statement's and its
embeddings and its ranks in the BM25 and vector lists, and is ranked by data/fusion_semantic.json
(scripts/fit_semantic_fusion.py), a model fitted on the same data over both lists: CheckThat! dev
MAP@5 0.892 against 0.813. That model learns from one relevant claim a query that a claim below
the top of both lists is rarely relevant; a news corpus repeats a claim in many reports, so for
the threshold (and the score shown) an embedded candidate keeps the best of its calibrated
scores: the lexical one, the semantic model's and, for a claim only the vector list found (said in
other words: no BM25 rank to lift it), one of the cosine alone. Semantic matching adds matches
and reorders them; it never drops a lexical match.
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

from service.matching.retrieval import Candidate
from service.matching.terms import is_number_term, normalized_statement, statement_terms
from service.text.normalize import mask_numbers, normalize


class Scored(msgspec.Struct, frozen=True):
    claim_id: int
    score: float  # 0..100, calibrated relevance
    bm25: float
    fuzzy: float  # 0..100, partial ratio of the masked normalised texts


class FusionWeights(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    bias: float
    bm25_norm: float
    fuzzy: float  # per unit of fuzzy / 100
    query_terms: float  # per unit of log(1 + content words)
    query_terms_cap: int
    # Semantic weights only: per unit of embedding cosine, and of 1 / (rank_k + rank) in the BM25
    # list and in the nearest-vector list (reciprocal-rank features).
    cosine: float = 0.0
    lexical_rank: float = 0.0
    vector_rank: float = 0.0
    rank_k: int = 20


class Features(msgspec.Struct, frozen=True):
    """What the fusion sees of one candidate; scripts/fit_fusion.py fits on these."""

    claim_id: int
    bm25: float
    bm25_norm: float
    fuzzy: float
    query_terms: int
    cosine: float | None = None
    lexical_rank: int | None = None
    vector_rank: int | None = None


class _FusionFile(msgspec.Struct, frozen=True):
    weights: FusionWeights


class _SemanticFusionFile(msgspec.Struct, frozen=True):
    weights: FusionWeights  # the ranking model over both lists
    cosine_weights: FusionWeights  # relevance from the cosine alone (threshold only)


@cache
def load_weights() -> FusionWeights:
    raw = resources.files("service.matching").joinpath("data", "fusion.json").read_bytes()
    return msgspec.json.decode(raw, type=_FusionFile).weights


@cache
def _semantic_file() -> _SemanticFusionFile:
    data = resources.files("service.matching").joinpath("data", "fusion_semantic.json")
    return msgspec.json.decode(data.read_bytes(), type=_SemanticFusionFile)


def load_semantic_weights() -> FusionWeights:
    """The ranking weights of candidates that carry a cosine (data/fusion_semantic.json)."""
    return _semantic_file().weights


def load_cosine_weights() -> FusionWeights:
    """Relevance from the cosine alone, for the threshold of embedded candidates."""
    return _semantic_file().cosine_weights


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
                cosine=candidate.cosine,
                lexical_rank=candidate.lexical_rank,
                vector_rank=candidate.vector_rank,
            )
        )
    return out


def fused_logit(item: Features, weights: FusionWeights) -> float:
    length = math.log1p(min(item.query_terms, weights.query_terms_cap))
    return (
        _head(weights, item.bm25_norm, item.cosine, item.lexical_rank, item.vector_rank)
        + weights.fuzzy * item.fuzzy / 100.0
        + weights.query_terms * length
    )


def _head(
    weights: FusionWeights,
    bm25_norm: float,
    cosine: float | None,
    lexical_rank: int | None = None,
    vector_rank: int | None = None,
) -> float:
    """The part of the logit known before fuzzy matching (BestScores bounds the rest)."""
    head = weights.bias + weights.bm25_norm * bm25_norm
    if cosine is not None:
        head += weights.cosine * cosine
        if lexical_rank is not None:
            head += weights.lexical_rank / (weights.rank_k + lexical_rank)
        if vector_rank is not None:
            head += weights.vector_rank / (weights.rank_k + vector_rank)
    return head


def fused_score(item: Features, weights: FusionWeights) -> float:
    return _sigmoid(fused_logit(item, weights))


def _sigmoid(logit: float) -> float:
    """100 * sigmoid(logit), written to stay finite for any logit (math.exp overflows past ~709)."""
    if logit >= 0:
        return 100.0 / (1.0 + math.exp(-logit))
    odds = math.exp(logit)
    return 100.0 * odds / (1.0 + odds)


def order_and_score(
    item: Features,
    weights: FusionWeights | None = None,
    semantic_weights: FusionWeights | None = None,
) -> tuple[float, float]:
    """(what candidates are ranked by, the 0..100 score shown and compared with the threshold).

    The same number on the lexical path; for an embedded candidate, the semantic model's score
    and the better of both models' scores (see the module's docstring).
    """
    lexical = fused_score(item, weights or load_weights())
    if item.cosine is None:
        return lexical, lexical
    ranked = fused_score(item, semantic_weights or load_semantic_weights())
    if item.lexical_rank is not None:
        return ranked, max(ranked, lexical)
    return ranked, max(ranked, lexical, fused_score(item, load_cosine_weights()))


def rerank(
    statement: str,
    candidates: Sequence[Candidate],
    texts: Mapping[int, str],
    weights: FusionWeights | None = None,
    semantic_weights: FusionWeights | None = None,
) -> list[Scored]:
    """Candidates scored 0..100, best first (ties: higher BM25, then lower id)."""
    ranked = []
    for item in features(statement, candidates, texts):
        order, score = order_and_score(item, weights, semantic_weights)
        ranked.append((order, Scored(item.claim_id, score, item.bm25, item.fuzzy)))
    ranked.sort(key=lambda pair: (-pair[0], -pair[1].bm25, pair[1].claim_id))
    return [scored for _, scored in ranked]


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
    bound of the fuzzy similarity bounds the score (and the order value: both rise with it).
    Candidates are taken best bound first; a
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
        semantic_weights: FusionWeights | None = None,
    ) -> None:
        self._masked_statement, query_terms = _statement_side(statement)
        self._candidates = {c.claim_id: c for c in candidates}
        lexical = weights or load_weights()
        # fused_logit in parts, summed in its order so that scores come out bit for bit the same:
        # (bias + bm25 part [+ cosine and rank parts]) + fuzzy part + length part. Per candidate,
        # the lexical model's parts, then (embedded candidates) the semantic model's.
        self._parts: dict[int, list[tuple[float, float, float]]] = {}
        for c in candidates:
            models = [lexical]
            if c.cosine is not None:
                models.append(semantic_weights or load_semantic_weights())
                if c.lexical_rank is None:
                    models.append(load_cosine_weights())
            self._parts[c.claim_id] = [
                (
                    _head(w, c.bm25_norm, c.cosine, c.lexical_rank, c.vector_rank),
                    w.fuzzy,
                    w.query_terms * math.log1p(min(query_terms, w.query_terms_cap)),
                )
                for w in models
            ]
        # claim id -> (refinement level, fuzzy similarity or its bound, order value, score)
        self._known: dict[int, tuple[int, float, float, float]] = {
            c.claim_id: (self._PERFECT, 100.0, *self._fused(c.claim_id, 100.0)) for c in candidates
        }

    def _fused(self, claim_id: int, fuzzy: float) -> tuple[float, float]:
        """(order value, score), as `order_and_score`."""
        scores = [
            _sigmoid(head + fuzzy_weight * fuzzy / 100.0 + length_part)
            for head, fuzzy_weight, length_part in self._parts[claim_id]
        ]
        if len(scores) == 1:
            return scores[0], scores[0]
        return scores[1], max(scores)

    def _refine(self, claim_id: int, level: int) -> tuple[int, float, float, float]:
        masked_claim = self._candidates[claim_id].masked_text
        if level == self._PERFECT:
            fuzzy, level = fuzzy_bound(self._masked_statement, masked_claim), self._BOUNDED
        else:
            fuzzy = fuzz.partial_ratio(self._masked_statement, masked_claim)
            level = self._EXACT
        known = (level, fuzzy, *self._fused(claim_id, fuzzy))
        self._known[claim_id] = known
        return known

    def top(self, count: int, floor: float, excluded: Set[int] = frozenset()) -> list[Scored]:
        best: list[Scored] = []
        heap = [
            (-order, -self._candidates[i].bm25, i, level)
            for i, (level, _, order, score) in self._known.items()
            if i not in excluded and score >= floor
        ]
        heapq.heapify(heap)
        while heap and len(best) < count:
            _, negative_bm25, claim_id, level = heapq.heappop(heap)
            if level == self._EXACT:
                _, fuzzy, _, score = self._known[claim_id]
                best.append(Scored(claim_id, score, -negative_bm25, fuzzy))
                continue
            level, _, order, score = self._refine(claim_id, level)
            if score >= floor:
                heapq.heappush(heap, (-order, negative_bm25, claim_id, level))
        return best


def weights_json(weights: FusionWeights, about: Mapping[str, object]) -> str:
    """data/fusion.json's text: the weights and how they were fitted."""
    document = {"about": dict(about), "weights": msgspec.to_builtins(weights)}
    return json.dumps(document, indent=2) + "\n"
