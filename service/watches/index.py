"""The watch index: watched statements indexed like claims, so a new claim looks up the few
statements it may bear on instead of every watch being checked again.

It is a second, small search index of the same kind as the claims' (BM25 over normalised
words), held in memory and loaded from the store; statements of watches made through other
replicas are picked up by id before every scan.
"""

import asyncio

import msgspec

from service.matching.index import TantivyIndex
from service.matching.retrieval import Candidate
from service.matching.terms import is_number_term, normalized_statement, statement_terms
from service.store.base import Store
from service.store.watch_records import WatchStatementRecord
from service.text.normalize import mask_numbers

PAGE = 5_000


class StatementSide(msgspec.Struct, frozen=True):
    """What re-ranking needs of a statement, computed once when it is loaded: the masked text
    fuzzy matching reads, and its content words (numbers left out)."""

    masked: str
    words: frozenset[str]
    query_terms: int


def statement_side(text: str) -> StatementSide:
    masked = mask_numbers(normalized_statement(text))
    words = [t for t in statement_terms(masked) if not is_number_term(t)]
    return StatementSide(masked=masked, words=frozenset(words), query_terms=len(words))


class WatchIndex:
    def __init__(self) -> None:
        self._index = TantivyIndex(None)
        self._statements: dict[int, WatchStatementRecord] = {}
        self._sides: dict[int, StatementSide] = {}
        self._loaded_after = 0
        self._lock = asyncio.Lock()

    def __len__(self) -> int:
        return len(self._statements)

    async def refresh(self, store: Store) -> None:
        """Add the statements stored since the last refresh."""
        async with self._lock:
            added = False
            while True:
                page = await store.watch_statements_after(self._loaded_after, limit=PAGE)
                if not page:
                    break
                await asyncio.to_thread(self._load, page)
                self._loaded_after = page[-1].id
                added = True
            if added:
                await asyncio.to_thread(self._index.commit)

    def _load(self, page: list[WatchStatementRecord]) -> None:
        self._index.add([(s.id, s.text) for s in page])
        self._sides.update((s.id, statement_side(s.text)) for s in page)
        self._statements.update((s.id, s) for s in page)

    def side(self, statement_id: int) -> StatementSide:
        return self._sides[statement_id]

    async def forget(self, statement_ids: list[int]) -> None:
        async with self._lock:
            for statement_id in statement_ids:
                self._statements.pop(statement_id, None)
                self._sides.pop(statement_id, None)
            await asyncio.to_thread(self._index.delete, statement_ids)
            await asyncio.to_thread(self._index.commit)

    def lookup(self, claim_text: str, limit: int) -> list[tuple[WatchStatementRecord, Candidate]]:
        """The statements most like `claim_text`, best first (BM25 of the claim's words)."""
        found = []
        for candidate in self._index.search(claim_text, limit):
            statement = self._statements.get(candidate.claim_id)
            if statement is not None:
                found.append((statement, candidate))
        return found

    def close(self) -> None:
        self._index.close()
