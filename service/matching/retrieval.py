"""Candidate retrieval's interface: what the checker asks of a search engine (`SearchIndex`)
and what it answers (`Candidate`). The engine (tantivy, `index.py`) is swappable behind it."""

from collections.abc import Sequence
from typing import Protocol

import msgspec


class Candidate(msgspec.Struct, frozen=True):
    """A claim retrieved for a statement, with its BM25 score.

    `bm25_norm` is the BM25 score over the statement's self-score (the score a claim that held each
    of the statement's words once would get), so it reads as the share of the statement's
    information the claim matches, 0..1, whatever the corpus size. `masked_text` is the claim as
    indexed (normalised, numbers masked), so re-ranking need not normalise it again. With semantic
    matching (service/matching/semantic), `cosine` is the statement's and the claim's embedding
    similarity when the claim is embedded (else None), and the ranks place it in the BM25 list and
    in the list of nearest vectors (1 = first; None = not in that list).
    """

    claim_id: int
    bm25: float
    bm25_norm: float = 0.0
    masked_text: str = ""
    cosine: float | None = None
    lexical_rank: int | None = None
    vector_rank: int | None = None


class SearchIndex(Protocol):
    revision: int  # the store revision the index reflects

    def add(self, items: Sequence[tuple[int, str]]) -> None:
        """Index (claim_id, raw claim text) pairs; a claim already indexed is replaced."""

    def delete(self, claim_ids: Sequence[int]) -> None: ...

    def commit(self, revision: int | None = None) -> None:
        """Make adds and deletes visible to search, then record `revision` (None keeps it).

        The revision moves only once the commit has made the claims searchable, so a reader that
        sees `revision >= r` also finds every claim of revision r.
        """

    def search(self, text: str, limit: int) -> list[Candidate]:
        """The best `limit` claims for a raw statement, best first."""

    def clear(self) -> None:
        """Drop every claim. Like adds, visible at the next commit: a rebuild swaps atomically."""

    def __len__(self) -> int: ...

    def close(self) -> None:
        """Release files and threads; the index is not used afterwards."""
