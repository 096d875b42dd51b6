"""A check grouped by date: how the figure of a statement was reported over time.

For "North Korea has sent 10,000 troops to Russia" the reports' figures for the same thing
(troops, soldiers: one unit group) are listed by the date each report was published, so an
editor sees the estimate grow from one report to the next. A figure the report itself calls
an earlier one ("up from the earlier estimate of 3,000") is marked as such.

Retrieval looks further than a check (every candidate, not only the best-scored ones), since a
report that moved the figure on often words the rest differently; what keeps it on topic is
that the claim must name the statement's actors and count the same thing, on a figure of the
same order (see SAME_MEASURE_RATIO).
A statement without a figure gets its supporting and conflicting matches grouped by date.
"""

import time
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from importlib import resources

import msgspec

from schemas.analysis import Analysis, Entity, Quantity
from schemas.check import CheckRequest
from schemas.timeline import Timeline, TimelineEntry, TimelinePoint
from service.matching.checker import Checker, matched_claim, matched_report
from service.matching.languages import tag_points
from service.matching.ratings import apply_rating
from service.matching.rules.pair import Pair, mentions
from service.matching.rules.quantities import figures
from service.matching.rules.topic import assess
from service.matching.rules.words import words
from service.matching.score import rerank
from service.matching.stance import ON_TOPIC_COVERAGE, judge
from service.matching.units import Alignment, align
from service.store.records import ClaimRecord
from service.text.analyse import analyse

# A count of one thing moves by less than this factor from one report to the next; a figure
# further off counts a different total that shares the unit ("1.28 million active soldiers"
# is the whole army, not the troops sent).
SAME_MEASURE_RATIO = 10.0


class _Cues(msgspec.Struct, frozen=True):
    window_words: int
    earlier_cues: frozenset[str]


@cache
def _cues() -> _Cues:
    raw = resources.files("service.matching").joinpath("data/timeline.json").read_bytes()
    return msgspec.json.decode(raw, type=_Cues)


def followed_figure(analysis: Analysis) -> Quantity | None:
    """The statement's figure to follow: the first that says what it counts."""
    counted = [q for q in figures(analysis) if q.unit]
    return counted[0] if counted else None


def given_as_earlier(text: str, quantity: Quantity) -> bool:
    """Whether the words just before a figure present it as an earlier, replaced one."""
    cues = _cues()
    before = [w.text.casefold() for w in words(text) if w.span.end <= quantity.span.start]
    window = f" {' '.join(before[-cues.window_words :])} "
    return any(f" {cue} " in window for cue in cues.earlier_cues)


def _actors(analysis: Analysis) -> list[Entity]:
    agents = [e for e in analysis.entities if e.role == "agent"]
    return agents or list(analysis.entities)


def on_topic(statement: str, analysis: Analysis, claim: ClaimRecord) -> bool:
    """The claim names the statement's actors (or, when it names none, shares its words)."""
    actors = _actors(analysis)
    if actors:
        return all(mentions(claim.text, claim.analysis, actor) for actor in actors)
    pair = Pair(statement, analysis, claim.text, claim.analysis)
    return assess(pair).coverage >= ON_TOPIC_COVERAGE


def _same_measure(followed: Quantity, other: Quantity) -> bool:
    if align(followed.unit, other.unit) is not Alignment.SAME:
        return False
    low, high = sorted((abs(followed.value), abs(other.value)))
    return low > 0 and high / low < SAME_MEASURE_RATIO


def _same_kind(followed: Quantity, claim: ClaimRecord) -> list[Quantity]:
    return [q for q in figures(claim.analysis) if _same_measure(followed, q)]


def _by_date(points: Iterable[TimelinePoint]) -> list[TimelineEntry]:
    grouped: dict[str | None, list[TimelinePoint]] = defaultdict(list)
    for point in points:
        day = (point.report.published_at or "")[:10] or None
        grouped[day].append(point)
    days = sorted(grouped, key=lambda day: (day is None, day or ""))
    return [
        TimelineEntry(
            date=day, points=sorted(grouped[day], key=lambda p: (not p.earlier, -p.score))
        )
        for day in days
    ]


async def build_timeline(checker: Checker, statement: str, *, limit: int) -> Timeline:
    """The statement's matches grouped by date (see the module docstring)."""
    started = time.perf_counter()
    analysis = analyse(statement)
    followed = followed_figure(analysis)
    if followed is None:
        result = await checker.check(CheckRequest(statement=statement, limit=limit))
        points = [
            TimelinePoint(claim=m.claim, report=m.report, stance=m.stance, score=m.score)
            for m in result.matches
            if m.stance != "related"
        ]
        revision = result.index_revision
    else:
        revision = await checker.sync.catch_up()
        points = await _figure_points(checker, statement, analysis, followed, limit)
    points = await tag_points(checker.store, points)
    return Timeline(
        statement=statement,
        figure=followed.text if followed else None,
        entries=_by_date(points),
        index_revision=revision,
        took_ms=round((time.perf_counter() - started) * 1000, 3),
    )


async def _figure_points(
    checker: Checker, statement: str, analysis: Analysis, followed: Quantity, limit: int
) -> list[TimelinePoint]:
    candidates = checker.index.search(statement, checker.candidates)
    records = {c.id: c for c in await checker.store.get_claims([c.claim_id for c in candidates])}
    live = [c for c in candidates if c.claim_id in records]
    points: list[TimelinePoint] = []
    for item in rerank(statement, live, {i: c.text for i, c in records.items()}):
        claim = records[item.claim_id]
        comparable = _same_kind(followed, claim)
        if not comparable or not on_topic(statement, analysis, claim):
            continue
        judged = judge(statement, analysis, claim.text, claim.analysis, relevance=item.score)
        judged = apply_rating(judged, claim.rating)
        points.extend(
            TimelinePoint(
                claim=matched_claim(claim),
                report=matched_report(claim),
                stance=judged.stance,
                score=round(item.score, 2),
                figure=quantity.text,
                value=quantity.value,
                figure_span=quantity.span,
                earlier=given_as_earlier(claim.text, quantity),
            )
            for quantity in comparable
        )
        if len(points) >= limit:
            break
    return points[:limit]
