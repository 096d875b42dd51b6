"""Which matches a check shows (service.matching.checker): the claims most relevant to the
statement, the evidence among them before merely related ones, ordered by relevance; the claim
most relevant to the whole statement keeps its place, even when a fragment of a statement of
several facts has more evidence than the page can show."""

from pathlib import Path

import pytest

from schemas.check import CheckRequest, CheckResult, Match, MatchedClaim, MatchedReport
from service.matching import checker
from service.matching.checker import Checker, _best, _merged, _page
from service.runtime import running
from service.settings import Settings
from tests.matching.reports import report_of


def match(claim_id: int, stance: str, score: float) -> Match:
    return Match(
        claim=MatchedClaim(id=claim_id, text=f"claim {claim_id}"),
        report=MatchedReport(id=claim_id),
        score=score,
        stance=stance,  # type: ignore[arg-type]
        hedged=False,
        reasons=[],
    )


def ids(matches: list[Match]) -> list[int]:
    return [m.claim.id for m in matches]


def test_evidence_takes_the_places_before_related_claims_and_the_page_is_ordered_by_score() -> None:
    judged = [
        match(1, "related", 80.0),
        match(2, "supports", 60.0),
        match(3, "related", 70.0),
        match(4, "conflicts", 50.0),
    ]
    # The best (1) keeps its place; of the rest the evidence (2, 4) goes before 3, which is
    # more relevant; what is shown is in order of relevance, whatever the stance.
    assert ids(_page(judged, best=1, limit=3)) == [1, 2, 4]
    assert ids(_page(judged, best=None, limit=2)) == [2, 4]
    assert ids(_page(judged, best=1, limit=10)) == [1, 3, 2, 4]


def test_the_most_relevant_claim_is_not_pushed_off_by_more_evidence_than_the_page_holds() -> None:
    judged = [match(1, "related", 95.0)] + [match(i, "supports", 90.0) for i in range(2, 9)]
    page = _page(judged, best=_best(judged), limit=5)
    assert ids(page)[0] == 1
    assert len(page) == 5
    assert [m.stance for m in page[1:]] == ["supports"] * 4


def test_the_best_of_tied_claims_is_the_first_the_search_ranked() -> None:
    judged = [match(7, "related", 90.0), match(3, "related", 90.0), match(5, "related", 20.0)]
    assert _best(judged) == 7
    assert _best([]) is None


def test_a_claim_judged_for_several_facts_shows_its_strongest_stance_and_best_score() -> None:
    first_fact = [match(1, "conflicts", 40.0), match(2, "related", 70.0)]
    second_fact = [match(1, "related", 85.0), match(2, "supports", 60.0)]
    merged = {m.claim.id: m for m in _merged([first_fact, second_fact])}
    assert (merged[1].stance, merged[1].score) == ("conflicts", 85.0)
    assert (merged[2].stance, merged[2].score) == ("supports", 70.0)


def test_the_whole_statement_lends_its_score_but_not_its_stance() -> None:
    facts = [[match(1, "supports", 60.0)], [match(2, "related", 50.0)]]
    whole = [match(1, "related", 92.0), match(3, "supports", 70.0), match(2, "conflicts", 40.0)]
    merged = {m.claim.id: m for m in _merged(facts, whole)}
    # Claim 1 matches the whole statement best: that is its relevance; its stance is the one
    # the verdict weighed, a fact's. Claim 2 keeps its fact's score and stance.
    assert (merged[1].stance, merged[1].score) == ("supports", 92.0)
    assert (merged[2].stance, merged[2].score) == ("related", 50.0)
    # A claim only the whole statement found is shown with its own judgement.
    assert (merged[3].stance, merged[3].score) == ("supports", 70.0)


# Two facts: "Volunteers ... rescued a stranded octopus" and "the keepers later released it
# ...". One report tells both; four tell only the first, each a shorter and so, to the first
# fact alone, a closer match than the report that tells everything.
TOLD_WHOLE = (
    "Volunteers at the Orlen aquarium rescued a stranded octopus and the keepers later released "
    "it into the bay near Tarsby, the Courier reported on May 3, 2011."
)
TOLD_IN_PART = [
    "Volunteers at the Orlen aquarium rescued a stranded octopus.",
    "Volunteers at the Orlen aquarium rescued a stranded octopus, the Herald said.",
    "Volunteers at the Orlen aquarium rescued a stranded octopus on Sunday.",
    "Volunteers at the Orlen aquarium rescued a stranded octopus, staff said.",
]


async def check(tmp_path: Path, statement: str, limit: int) -> CheckResult:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/s.db", seeds_dir=None, semantic="off")
    async with running(settings, follow=False) as services:
        reports = [report_of([text], title=text[:40]) for text in [TOLD_WHOLE, *TOLD_IN_PART]]
        await services.store.put_reports(reports)
        return await services.checker.check(CheckRequest(statement=statement, limit=limit))


async def test_a_report_telling_the_whole_statement_is_shown_before_copies_of_one_fact(
    tmp_path: Path,
) -> None:
    result = await check(tmp_path, TOLD_WHOLE, limit=3)
    assert len(result.facts) == 2
    assert result.matches[0].claim.text == TOLD_WHOLE
    assert len(result.matches) == 3
    scores = [m.score for m in result.matches]
    assert scores == sorted(scores, reverse=True)


async def test_judging_the_whole_statement_changes_neither_verdict_nor_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_whole = await check(tmp_path / "a", TOLD_WHOLE, limit=3)

    async def nothing(self: Checker, request: CheckRequest) -> list[Match]:
        return []

    monkeypatch.setattr(Checker, "_shown_whole", nothing)
    without = await check(tmp_path / "b", TOLD_WHOLE, limit=3)
    assert (with_whole.verdict, with_whole.counts) == (without.verdict, without.counts)
    assert [f.verdict for f in with_whole.facts] == [f.verdict for f in without.facts]
    assert TOLD_WHOLE not in [m.claim.text for m in without.matches]


async def test_a_statement_of_one_fact_is_judged_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts: list[str] = []
    judge = Checker._judge

    async def counted(
        self: Checker, statement: str, request: CheckRequest, *, weigh: bool = True
    ) -> tuple[list[Match], set[int]]:
        texts.append(statement)
        return await judge(self, statement, request, weigh=weigh)

    monkeypatch.setattr(checker.Checker, "_judge", counted)
    await check(tmp_path / "one", TOLD_IN_PART[0], limit=3)
    assert texts == [TOLD_IN_PART[0]]
    texts.clear()
    await check(tmp_path / "two", TOLD_WHOLE, limit=3)
    assert len(texts) == 3  # each fact, then the whole statement for the page
    assert texts[-1] == TOLD_WHOLE
