"""A check from statement to verdict: candidates -> fused score -> stance with reasons -> verdict.

Only the statement is analysed here; every claim's analysis was stored at ingest.
"""

import time
from collections.abc import Sequence

from schemas.analysis import Span
from schemas.check import CheckRequest, CheckResult, Match, MatchedClaim, MatchedReport
from service.matching.index import Candidate, SearchIndex
from service.matching.ratings import apply_rating
from service.matching.score import BestScores, Scored, rerank
from service.matching.semantic.candidates import with_semantic
from service.matching.semantic.engine import Semantic
from service.matching.stance import judge
from service.matching.sync import IndexSync
from service.matching.verdict import verdict
from service.store.base import Store
from service.store.records import ClaimRecord
from service.text.analyse import analyse

# Filters drop candidates after retrieval, so ask the index for more when they are set.
FILTERED_CANDIDATE_FACTOR = 5
# Relevant candidates judged for stance (at least `limit`): enough to find the supporting or
# conflicting evidence among merely related claims, few enough to keep a check in milliseconds.
JUDGED = 20


class Checker:
    def __init__(
        self,
        store: Store,
        index: SearchIndex,
        sync: IndexSync,
        *,
        min_score: float,
        candidates: int,
        semantic: Semantic | None = None,
    ) -> None:
        self.store = store
        self.index = index
        self.sync = sync
        self.min_score = min_score
        self.candidates = candidates
        self.semantic = semantic  # None: lexical candidates only (FACTCHECK_SEMANTIC=off)

    async def check(self, request: CheckRequest) -> CheckResult:
        started = time.perf_counter()
        # Apply writes the change feed has not delivered yet, so a claim stored a moment ago
        # through any replica is matched (and a deleted one is not).
        revision = await self.sync.catch_up()
        statement = request.statement
        filtered = bool(request.sources or request.since or request.until)
        wanted = self.candidates * (FILTERED_CANDIDATE_FACTOR if filtered else 1)
        candidates = self.index.search(statement, wanted)
        if self.semantic is not None:
            candidates = await with_semantic(
                self.semantic, self.store, statement, candidates, wanted
            )
        threshold = self.min_score if request.min_score is None else request.min_score
        judged_count = max(request.limit, JUDGED)
        records, scored = await self._judged_candidates(
            request, candidates, threshold, judged_count, filtered=filtered
        )
        analysis = analyse(statement)
        judged: list[Match] = []
        for item in scored:
            claim = records[item.claim_id]
            stance = judge(statement, analysis, claim.text, claim.analysis, relevance=item.score)
            stance = apply_rating(stance, claim.rating)
            judged.append(
                Match(
                    claim=matched_claim(claim),
                    report=matched_report(claim),
                    score=round(item.score, 2),
                    stance=stance.stance,
                    hedged=stance.hedged,
                    reasons=stance.reasons,
                )
            )
        # Evidence first: claims that support or conflict, by score, then related ones by score.
        # The verdict weighs every judged match, not only the ones that fit in `limit`.
        ranked = sorted(judged, key=lambda m: (m.stance == "related", -m.score))
        matches = ranked[: request.limit]
        return CheckResult(
            statement=statement,
            verdict=verdict([m.stance for m in judged]),
            matches=matches,
            index_revision=revision,
            took_ms=round((time.perf_counter() - started) * 1000, 3),
        )

    async def _judged_candidates(
        self,
        request: CheckRequest,
        candidates: list[Candidate],
        threshold: float,
        count: int,
        *,
        filtered: bool,
    ) -> tuple[dict[int, ClaimRecord], list[Scored]]:
        """The candidates to judge, best first: the first `count` stored ones that pass the
        filters and score `threshold` or more, with their records.

        Scores come from the index's masked text, so only the claims that may be judged are read
        from the store (all of them when filters will drop some), and deleted or filtered-out
        ones give their place to the next best.
        """
        statement = request.statement
        if any(not c.masked_text for c in candidates):
            # An index that does not hand out its masked text: score from the stored texts.
            everything = await self._passing(request, [c.claim_id for c in candidates])
            live = [c for c in candidates if c.claim_id in everything]
            texts = {i: c.text for i, c in everything.items()}
            ranked = [s for s in rerank(statement, live, texts) if s.score >= threshold]
            return everything, ranked[:count]
        best = BestScores(statement, candidates)
        records: dict[int, ClaimRecord] = {}
        read: set[int] = set()
        if filtered:
            read = {c.claim_id for c in candidates}
            records = await self._passing(request, list(read))
        excluded = read - records.keys()
        while True:
            ranked = best.top(count, threshold, excluded)
            unread = [item.claim_id for item in ranked if item.claim_id not in read]
            if not unread:
                return records, ranked
            records.update(await self._passing(request, unread))
            read.update(unread)
            excluded.update(i for i in unread if i not in records)

    async def _passing(self, request: CheckRequest, claim_ids: list[int]) -> dict[int, ClaimRecord]:
        """The stored claims among `claim_ids` that pass the request's filters."""
        found = await self.store.get_claims(claim_ids)
        return {c.id: c for c in found if _passes_filters(c, request)}

    async def check_many(self, requests: Sequence[CheckRequest]) -> list[CheckResult]:
        return [await self.check(request) for request in requests]


def _passes_filters(claim: ClaimRecord, request: CheckRequest) -> bool:
    if request.sources:
        wanted = {s.casefold() for s in request.sources}
        if (claim.source or "").casefold() not in wanted:
            return False
    day = (claim.published_at or "")[:10]
    if request.since and (not day or day < request.since[:10]):
        return False
    return not (request.until and (not day or day > request.until[:10]))


def matched_claim(claim: ClaimRecord) -> MatchedClaim:
    span = None
    if claim.start is not None and claim.end is not None:
        span = Span(claim.start, claim.end)
    return MatchedClaim(
        id=claim.id, text=claim.text, report_id=claim.report_id, span=span, rating=claim.rating
    )


def matched_report(claim: ClaimRecord) -> MatchedReport:
    return MatchedReport(
        id=claim.report_id,
        title=claim.report_title,
        source=claim.source or claim.claimant,
        url=claim.url,
        published_at=claim.published_at,
    )
