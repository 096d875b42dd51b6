"""The stages of a check timed one by one, through the same public calls `Checker.check` makes.

Each stage runs over every statement once, in five slices, and the fastest slice counts: on a
shared machine the minimum is the figure least disturbed by other work, so a change to one stage
shows as a change of its line. The inputs of each stage are computed beforehand, which warms
the caches keyed by the statement; the whole check runs first, on cold caches.
"""

import time
from collections.abc import Awaitable, Callable, Sequence

from schemas.check import CheckRequest
from service.matching.score import BestScores, rerank
from service.matching.stance import judge
from service.runtime import Services
from service.text.analyse import analyse

PASSES = 5
JUDGED = 20  # as Checker: the candidates judged for stance at most


async def _fastest(statements: Sequence[str], run: Callable[[str], Awaitable[object]]) -> float:
    # Each statement once (caches keyed by the statement stay as cold as in real use), in
    # PASSES slices; the fastest slice counts.
    passes: list[float] = []
    for part in range(PASSES):
        chosen = statements[part::PASSES]
        started = time.perf_counter()
        for statement in chosen:
            await run(statement)
        passes.append((time.perf_counter() - started) * 1000 / len(chosen))
    return min(passes)


async def stage_times(services: Services, statements: Sequence[str]) -> dict[str, float]:
    """Milliseconds per check spent in each stage, and in the whole check."""
    whole_check = await _fastest(
        statements, lambda s: services.checker.check(CheckRequest(statement=s))
    )
    index, store, candidates = services.index, services.store, services.settings.candidates
    min_score = services.settings.min_score
    found = {s: index.search(s, candidates) for s in statements}
    records = {
        s: {c.id: c for c in await store.get_claims([c.claim_id for c in found[s]])}
        for s in statements
    }
    analyses = {s: analyse(s) for s in statements}

    async def search(s: str) -> object:
        return index.search(s, candidates)

    async def fetch_all(s: str) -> object:
        return await store.get_claims([c.claim_id for c in found[s]])

    async def fetch_judged(s: str) -> object:
        return await store.get_claims([c.claim_id for c in found[s][:JUDGED]])

    async def revision(s: str) -> object:
        return await store.revision()

    async def scoring(s: str) -> object:
        return rerank(s, found[s], {i: c.text for i, c in records[s].items()})

    async def bounded(s: str) -> object:
        return BestScores(s, found[s]).top(JUDGED, min_score)

    async def analysing(s: str) -> object:
        return analyse(s)

    judged = {
        s: [
            (records[s][item.claim_id], item.score)
            for item in rerank(s, found[s], {i: c.text for i, c in records[s].items()})
            if item.score >= min_score
        ][:JUDGED]
        for s in statements
    }

    async def judging(s: str) -> object:
        return [
            judge(s, analyses[s], claim.text, claim.analysis, relevance=score)
            for claim, score in judged[s]
        ]

    stages: dict[str, Callable[[str], Awaitable[object]]] = {
        "store.revision() (catch-up test)": revision,
        f"index.search({candidates})": search,
        f"store.get_claims({candidates} ids)": fetch_all,
        f"store.get_claims({JUDGED} ids)": fetch_judged,
        "rerank (every candidate)": scoring,
        f"BestScores.top({JUDGED}) (what a check scores)": bounded,
        "analyse(statement)": analysing,
        f"judge (those scoring min_score or more, {JUDGED} at most)": judging,
    }
    times = {name: round(await _fastest(statements, run), 3) for name, run in stages.items()}
    return {**times, "whole Checker.check (run first, cold)": round(whole_check, 3)}


def judged_per_check(services: Services, statements: Sequence[str]) -> float:
    """How many candidates a check judges on average: those scoring at least min_score."""
    index, min_score = services.index, services.settings.min_score
    judged = 0
    for statement in statements:
        found = index.search(statement, services.settings.candidates)
        texts = {c.claim_id: c.masked_text for c in found}
        scored = rerank(statement, found, texts)
        judged += min(JUDGED, sum(item.score >= min_score for item in scored))
    return judged / len(statements) if statements else 0.0
