"""A check from statement to verdict: candidates -> fused score -> stance with reasons -> verdict.

Only the statement is analysed here; every claim's analysis was stored at ingest.
"""

import time
from collections.abc import Iterable, Sequence

import msgspec

from schemas.analysis import Span
from schemas.check import (
    CheckRequest,
    CheckResult,
    FactCheck,
    Match,
    MatchedClaim,
    MatchedReport,
)
from service.matching.ratings import apply_rating
from service.matching.retrieval import Candidate, SearchIndex
from service.matching.revisions import another_time, one_account, supersede
from service.matching.score import BestScores, Scored, rerank
from service.matching.semantic.candidates import with_semantic
from service.matching.semantic.engine import Semantic
from service.matching.stance import StanceResult, agrees_on_a_figure, judge
from service.matching.sync import IndexSync
from service.matching.verdict import combine, stance_counts, verdict
from service.store.base import Store
from service.store.records import ClaimRecord
from service.text.analyse import analyse
from service.text.facts import split_facts
from service.text.names import Name, find_names, known_names, mentioned, subjects

# Filters drop candidates after retrieval, so ask the index for more when they are set.
FILTERED_CANDIDATE_FACTOR = 5
# Candidates down to this share of the threshold are judged, and kept when grounded (_grounded).
GROUNDED_FACTOR = 0.55
# Further down, only a claim that names the statement's subject and agrees with its figure
# counts: the same 240,000 people told in other words. A conflict found that far down is too
# often another event's figure to be evidence, unless both figures count the same thing by a
# class of data/frames.json ("about 5,000 fans" and "a crowd of 52,114": attendance; "told to
# leave home" and "ordered to evacuate"): a shared word is not enough there. topics_dev: 3
# conflicts found ("about 3,200 images" for "more than 30,000"), 1 lost (a panorama "stitched
# from 48 images" disputing "more than 3,000 images" sent back).
AGREEING_FACTOR = 0.30
# ... unless the embeddings say the claim tells the statement's fact in other words ("is
# cutting about 1,800 jobs" and "will eliminate roughly 2,400 positions": cosine 0.62): then
# its figure disagreeing is another outlet's account. The cosine only says the two tell one
# fact; never whether their figures agree (a changed figure scores higher than a paraphrase).
# Fitted on topics_dev with the claims' int8.2 vectors: the same verdicts from 0.56 to 0.59
# (0.60 dropped "more than 1.1 million homes and businesses", at 0.597, from a dispute), more
# false conflicts from 0.54 down; the middle of that plateau.
SAME_FACT_COSINE = 0.57
GROUNDED_RANKS = 3
_GROUNDING_KINDS = frozenset({"quantity", "date", "ordinal", "negation", "meaning"})
# Relevant candidates judged for stance (at least `limit`): enough to find the supporting or
# conflicting evidence among merely related claims, few enough to keep a check in milliseconds.
# The rules read each judged claim anew, so their number sets the cost of a check on a large
# corpus: the first JUDGED always, and up to MORE_JUDGED those the search scored high. At
# 100,000 claims, p50 5.9-7.1 ms against 8.7-16.2 ms for 20 always (same run, loaded machine);
# the seeds' "10,000 soldiers" stays disputed by an "over 11,000" claim ranked 16th at 54.
JUDGED = 10
MORE_JUDGED = 20
MORE_JUDGED_SCORE = 50.0


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
        facts = split_facts(statement)
        found = [await self._judge(fact.text, request) for fact in facts]
        judged_by_fact = [matches for matches, _ in found]
        # The verdict weighs the JUDGED most relevant matches of each fact, whatever the page
        # size: a longer page shows more claims but does not change the verdict.
        weighed_by_fact = [[m for m in matches if m.claim.id in ids] for matches, ids in found]
        verdicts = [verdict([m.stance for m in weighed]) for weighed in weighed_by_fact]
        weighed = _merged(weighed_by_fact)
        # The page is about the statement, not its facts: a statement of several facts is also
        # judged whole, for the page only, so that the claim that tells all of it ("... chariot
        # and the bones of horses ...") is ranked by how well it matches all of it, not by how
        # well it matches a fragment ("Archaeologists have discovered Pharaoh's chariot").
        whole = found[0][0] if len(facts) == 1 else await self._shown_whole(request)
        judged = _merged(judged_by_fact, whole)
        # The verdict weighs every weighed match, not only the ones that fit in `limit`.
        ranked = _page(judged, _best(whole), request.limit)
        fact_checks: list[FactCheck] = []
        if len(facts) > 1:
            fact_checks = [
                FactCheck(
                    span=fact.span,
                    text=statement[fact.span.start : fact.span.end],
                    verdict=fact_verdict,
                    match_ids=[m.claim.id for m in found if m.stance != "related"],
                )
                for fact, fact_verdict, found in zip(facts, verdicts, weighed_by_fact, strict=True)
            ]
        return CheckResult(
            statement=statement,
            verdict=combine(verdicts),
            matches=ranked,
            counts=stance_counts([m.stance for m in weighed]),
            index_revision=revision,
            took_ms=round((time.perf_counter() - started) * 1000, 3),
            facts=fact_checks,
        )

    async def _shown_whole(self, request: CheckRequest) -> list[Match]:
        """The matches of a statement of several facts judged whole: only the `limit` most
        relevant, since they are for the page (the verdict weighs its facts' matches)."""
        matches, _ = await self._judge(request.statement, request, weigh=False)
        return matches

    async def _judge(
        self, statement: str, request: CheckRequest, *, weigh: bool = True
    ) -> tuple[list[Match], set[int]]:
        """The candidates of one statement (or one fact of it), each with its stance, and the
        ids of those the verdict weighs (none when `weigh` is false: the `limit` most relevant
        are judged to be shown)."""
        filtered = bool(request.sources or request.since or request.until)
        wanted = self.candidates * (FILTERED_CANDIDATE_FACTOR if filtered else 1)
        candidates = self.index.search(statement, wanted)
        if self.semantic is not None:
            candidates = await with_semantic(
                self.semantic, self.store, statement, candidates, wanted
            )
        cosines = {c.claim_id: c.cosine for c in candidates if c.cosine is not None}
        threshold = self.min_score if request.min_score is None else request.min_score
        judged_count = max(request.limit, MORE_JUDGED) if weigh else request.limit
        query = request if statement == request.statement else _for_fact(request, statement)
        records, scored = await self._judged_candidates(
            query, candidates, threshold * AGREEING_FACTOR, judged_count, filtered=filtered
        )
        weighed = {
            item.claim_id
            for rank, item in enumerate(scored[:MORE_JUDGED])
            if weigh and (rank < JUDGED or item.score >= MORE_JUDGED_SCORE)
        }
        # The page may ask for more than the verdict weighs; those are judged to be shown.
        scored = [
            item
            for rank, item in enumerate(scored)
            if item.claim_id in weighed or rank < request.limit
        ]
        analysis = analyse(statement)
        known = known_names([statement, *(records[item.claim_id].text for item in scored)])
        judged: list[Match] = []
        # A statement whose subject is no name ("Two firefighters were killed battling the
        # Marlow Canyon Fire") is about the names it gives.
        subjects_named = subjects(statement, known=known) or [
            n for n in find_names(statement, known) if n.sure
        ]
        siblings = _siblings(records.values())  # every claim read, judged or not
        for rank, item in enumerate(scored):
            claim = records[item.claim_id]
            # A claim below the threshold counts only when it names the statement's subject or
            # is among the few the search ranked first: that cheap test comes first, so the
            # rules run on the few that can be grounded.
            far = item.score < threshold * GROUNDED_FACTOR
            if (
                item.score < threshold
                and (rank >= GROUNDED_RANKS or far)
                and not _names_subject(subjects_named, claim, known)
            ):
                continue
            stance = judge(
                statement,
                analysis,
                claim.text,
                claim.analysis,
                relevance=item.score,
                claim_title=claim.report_title,
                known_names=known,
                similarity=cosines.get(item.claim_id),
                claim_context=_context(claim, siblings),
            )
            stance = apply_rating(stance, claim.rating)
            if item.score < threshold and not _grounded(stance):
                continue
            if far and not (
                agrees_on_a_figure(stance)
                or cosines.get(item.claim_id, 0) >= SAME_FACT_COSINE
                or (stance.stance == "conflicts" and stance.counts_alike)
            ):
                continue
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
        # The verdict weighs the JUDGED most relevant candidates (check()), whatever the page.
        judged = another_time(supersede(one_account(judged)), threshold)
        return judged, weighed

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


def _names_subject(subject_names: list[Name], claim: ClaimRecord, known: frozenset[str]) -> bool:
    """Whether the claim's sentence or its report's title names the statement's subject."""
    if not subject_names:
        return False
    claim_names = find_names(claim.text, known) + find_names(claim.report_title or "", known)
    return any(mentioned(n, claim_names) for n in subject_names)


def _siblings(claims: Iterable[ClaimRecord]) -> dict[int, list[ClaimRecord]]:
    """Every claim the check read, by report: what else each report says, as far as the
    check knows."""
    found: dict[int, list[ClaimRecord]] = {}
    for claim in claims:
        if claim.report_id is not None:
            found.setdefault(claim.report_id, []).append(claim)
    return found


def _context(claim: ClaimRecord, siblings: dict[int, list[ClaimRecord]]) -> str:
    if claim.report_id is None:
        return ""
    return " ".join(c.text for c in siblings.get(claim.report_id, ()) if c.id != claim.id)


def _grounded(stance: StanceResult) -> bool:
    """A claim below the relevance threshold that names the statement's subject still counts
    when a figure, date, ordinal or denial of it bears on the statement: words the search
    scored low ("fighters", "came ashore") do not hide a figure that contradicts."""
    if stance.stance == "related":
        return False
    return any(r.kind in _GROUNDING_KINDS and r.effect == stance.stance for r in stance.reasons)


_STRENGTH = {"conflicts": 2, "supports": 1, "related": 0}


def _merged(judged_by_fact: Sequence[Sequence[Match]], whole: Sequence[Match] = ()) -> list[Match]:
    """One match per claim over every fact: its strongest stance, its best score. The matches
    of the statement judged whole (`whole`, for the page only) lend their score, since the
    page ranks claims by relevance to the statement; their stance is shown only for a claim no
    fact judged, as the stances shown are the ones the verdict weighed."""
    best: dict[int, Match] = {}
    for judged in judged_by_fact:
        for match in judged:
            seen = best.get(match.claim.id)
            if seen is None:
                best[match.claim.id] = match
            elif _STRENGTH[match.stance] > _STRENGTH[seen.stance]:
                best[match.claim.id] = _scored(match, max(match.score, seen.score))
            elif match.score > seen.score:
                best[match.claim.id] = _scored(seen, match.score)
    for match in whole:
        seen = best.get(match.claim.id)
        if seen is None:
            best[match.claim.id] = match
        elif match.score > seen.score:
            best[match.claim.id] = _scored(seen, match.score)
    return list(best.values())


def _scored(match: Match, score: float) -> Match:
    return match if match.score == score else msgspec.structs.replace(match, score=score)


def _best(matches: Sequence[Match]) -> int | None:
    """The id of the claim most relevant to the statement (the first of those tied)."""
    if not matches:
        return None
    return max(matches, key=lambda m: m.score).claim.id


def _page(judged: Sequence[Match], best: int | None, limit: int) -> list[Match]:
    """The `limit` matches shown, most relevant first, as a search result is: the stance is a
    label, not a sort key. Which matches make the page is another matter: the evidence
    (supports, conflicts) takes its places before merely related claims fill the rest, so that
    what the verdict rests on is seen; but the claim most relevant to the statement keeps its
    place whatever its stance. Without that, a near-verbatim copy of the statement that the
    rules call related (a figure they cannot compare, a report's date the statement repeats)
    gives way to weaker evidence: copies of one fragment, or other claims sharing one phrase."""
    chosen = sorted(judged, key=lambda m: (m.claim.id != best, m.stance == "related", -m.score))
    return sorted(chosen[:limit], key=lambda m: -m.score)


def _for_fact(request: CheckRequest, text: str) -> CheckRequest:
    return msgspec.structs.replace(request, statement=text)


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
    attribution = claim.analysis.attribution
    return MatchedClaim(
        id=claim.id,
        text=claim.text,
        report_id=claim.report_id,
        span=span,
        rating=claim.rating,
        claimant=claim.claimant or (attribution.source if attribution is not None else None),
    )


def matched_report(claim: ClaimRecord) -> MatchedReport:
    return MatchedReport(
        id=claim.report_id,
        title=claim.report_title,
        source=claim.source or claim.claimant,
        url=claim.url,
        published_at=claim.published_at,
    )
