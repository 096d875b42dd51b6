"""Candidates from both lists: the BM25 list and the nearest embedded claims, each with its cosine.

Re-ranking only the BM25 list cannot find a claim said in other words (measured on CheckThat! dev:
0.85 against 0.88+ with both lists), so the vector list adds its own candidates. They arrive without
a BM25 score (0: they were not among the lexical best) and with the masked text re-ranking needs.
"""

from collections.abc import Callable, Sequence
from functools import lru_cache

from service.matching.retrieval import Candidate
from service.matching.semantic.engine import Semantic
from service.store.base import Store
from service.text.normalize import mask_numbers, normalize


@lru_cache(maxsize=65_536)
def _masked(text: str) -> str:
    # As the index masks claim text (index.py add), cached: normalize() costs ~0.1 ms a claim.
    return mask_numbers(normalize(text))


async def with_semantic(
    semantic: Semantic, store: Store, statement: str, lexical: Sequence[Candidate], limit: int
) -> list[Candidate]:
    """`lexical` with cosines where the claim is embedded, then the vector list's own claims."""
    nearest, cosines = await semantic.search(statement, limit, also=[c.claim_id for c in lexical])
    return await _merged(store, lexical, nearest, cosines)


def with_cosines(
    lexical: Sequence[Candidate], nearest: Sequence[int], cosine: Callable[[int], float | None]
) -> tuple[list[Candidate], dict[int, int]]:
    """The lexical candidates with their cosine and both ranks, and each nearest claim's rank
    in the vector list (1-based), for the caller to add the vector list's own claims."""
    vector_rank = {claim_id: rank for rank, claim_id in enumerate(nearest, start=1)}
    merged = [
        Candidate(
            c.claim_id,
            c.bm25,
            c.bm25_norm,
            c.masked_text,
            cosine(c.claim_id),
            lexical_rank=rank,
            vector_rank=vector_rank.get(c.claim_id),
        )
        for rank, c in enumerate(lexical, start=1)
    ]
    return merged, vector_rank


async def _merged(
    store: Store,
    lexical: Sequence[Candidate],
    nearest: Sequence[tuple[int, float]],
    cosines: dict[int, float],
) -> list[Candidate]:
    merged, vector_rank = with_cosines(lexical, [i for i, _ in nearest], cosines.get)
    known = {c.claim_id for c in lexical}
    extra = [claim_id for claim_id, _ in nearest if claim_id not in known]
    if extra:
        # Deleted since they were embedded: not found, left out (the follower drops their vectors).
        for claim in await store.get_claims(extra):
            merged.append(
                Candidate(
                    claim.id,
                    0.0,
                    0.0,
                    _masked(claim.text),
                    cosines[claim.id],
                    vector_rank=vector_rank[claim.id],
                )
            )
    return merged
