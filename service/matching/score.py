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

import json
import math
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources

import msgspec
from rapidfuzz import fuzz

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


def features(
    statement: str, candidates: Sequence[Candidate], texts: Mapping[int, str]
) -> list[Features]:
    """Features of the candidates whose text is known; the others (deleted since) are left out."""
    masked_statement = mask_numbers(normalized_statement(statement))
    query_terms = sum(not is_number_term(t) for t in statement_terms(masked_statement))
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
    logit = fused_logit(item, weights)
    # Written to stay finite for any logit (math.exp overflows past ~709).
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
    scored.sort(key=lambda s: (-s.score, -s.bm25, s.claim_id))
    return scored


def weights_json(weights: FusionWeights, about: Mapping[str, object]) -> str:
    """data/fusion.json's text: the weights and how they were fitted."""
    document = {"about": dict(about), "weights": msgspec.to_builtins(weights)}
    return json.dumps(document, indent=2) + "\n"
