"""The watch index: watched statements indexed like claims, so a new claim looks up the few
statements it may bear on instead of every watch being checked again.

It is a second, small search index of the same kind as the claims' (BM25 over normalised
words), held in memory and loaded from the store; statements of watches made through other
replicas are picked up by id before every scan.
"""

import asyncio

from service.matching.index import Candidate, TantivyIndex
from service.store.base import Store
from service.store.watch_records import WatchStatementRecord

PAGE = 5_000


class WatchIndex:
    def __init__(self) -> None:
        self._index = TantivyIndex(None)
        self._statements: dict[int, WatchStatementRecord] = {}
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
                await asyncio.to_thread(self._index.add, [(s.id, s.text) for s in page])
                self._statements.update((s.id, s) for s in page)
                self._loaded_after = page[-1].id
                added = True
            if added:
                await asyncio.to_thread(self._index.commit)

    async def forget(self, statement_ids: list[int]) -> None:
        async with self._lock:
            for statement_id in statement_ids:
                self._statements.pop(statement_id, None)
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
