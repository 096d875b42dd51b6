"""Claims below the relevance threshold (service.matching.checker): one is judged when it names
the statement's subject or is among the few the search ranked first, and it counts only when a
figure, date or denial bears on the statement; further below, only when it names the subject
and agrees with the statement's figure, tells the same fact (the embeddings), or disagrees on a
figure that counts the same thing by a class of data/frames.json."""

from pathlib import Path
from typing import Literal

import pytest

from schemas.check import CheckRequest, CheckResult
from service.matching import checker
from service.runtime import running
from service.settings import Settings
from service.store.records import NewReport
from tests.matching.reports import report_of

CLAIMS = [
    "The Orrin dam inspection found 14 cracks in the spillway wall.",
    "Engineers said the spillway would be closed for repairs until spring.",
    "The regional water board approved a budget of 3 million crowns for the work.",
    "Anglers were told to keep away from the reservoir during the inspection.",
    "Tourism at the lake fell by a fifth last summer.",
    "Velmar Council said the Orrin dam had 41 cracks in its spillway wall.",
]


def report() -> NewReport:
    return report_of(CLAIMS, title="Water board notes")


async def check(tmp_path: Path, statement: str, min_score: float) -> CheckResult:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/s.db", seeds_dir=None, semantic="off")
    async with running(settings, follow=False) as services:
        await services.store.put_reports([report()])
        request = CheckRequest(statement=statement, min_score=min_score, limit=10)
        return await services.checker.check(request)


async def test_the_top_ranked_claim_below_the_threshold_counts_on_a_figure(
    tmp_path: Path,
) -> None:
    statement = "There were 40 cracks in the spillway wall of the dam, we hear."
    everything = await check(tmp_path / "a", statement, min_score=0)
    scores = {m.claim.text: m.score for m in everything.matches}
    first = max(scores, key=lambda text: scores[text])
    assert first == CLAIMS[0]
    # A threshold just above the best score: every claim is below it, and the ones the search
    # ranked first are still judged on their figures.
    strict = await check(tmp_path / "b", statement, min_score=scores[first] + 1)
    stances = {m.claim.text: m.stance for m in strict.matches}
    assert stances[CLAIMS[0]] == "conflicts"
    # Claims below the threshold that no figure, date or denial bears on are not shown.
    assert CLAIMS[4] not in stances
    assert strict.verdict == "contradicted"


FAR_CLAIMS = [
    "Velmar Council ordered about 2,300 residents of the valley to evacuate.",
    "The regional water board approved a budget of 3 million crowns for the work.",
]


async def judged_far(
    tmp_path: Path, statement: str, semantic: Literal["on", "off"] = "off"
) -> CheckResult:
    """The check with a threshold that puts the council's claim between 30 and 55 percent of
    it: far below, where only a figure that agrees counts, or one of the same fact."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/s.db", seeds_dir=None, semantic=semantic
    )
    async with running(settings, follow=False) as services:
        await services.store.put_reports([report_of(FAR_CLAIMS, title="Valley floods")])
        if services.semantic is not None:
            await services.semantic.sync.drain()
        found = await services.checker.check(CheckRequest(statement=statement, min_score=0))
        (score,) = [m.score for m in found.matches if m.claim.text == FAR_CLAIMS[0]]
        request = CheckRequest(statement=statement, min_score=min(100.0, score / 0.4), limit=10)
        return await services.checker.check(request)


async def test_far_below_the_threshold_a_figure_counts_when_it_agrees_or_counts_alike(
    tmp_path: Path,
) -> None:
    agreeing = await judged_far(tmp_path / "a", "Velmar told roughly 2,300 people to leave home.")
    assert [(m.claim.text, m.stance) for m in agreeing.matches] == [(FAR_CLAIMS[0], "supports")]
    # Disagreeing that far down, it counts only when both say the same thing happened to what
    # they count (leaving home, evacuating: one class of data/frames.json) ...
    alike = await judged_far(tmp_path / "b", "Velmar told roughly 4,000 people to leave home.")
    assert [(m.claim.text, m.stance) for m in alike.matches] == [(FAR_CLAIMS[0], "conflicts")]
    # ... not when they merely share words: then it is more likely another figure altogether.
    other = await judged_far(tmp_path / "c", "Velmar's valley is home to roughly 4,000 residents.")
    assert other.matches == []
    assert other.verdict == "unverified"


async def test_far_below_a_claim_telling_the_same_fact_counts_when_it_disagrees(
    tmp_path: Path,
) -> None:
    # The embeddings see "told ... to leave home" and "ordered ... to evacuate" as one fact
    # (cosine 0.65 here): the council's other figure is another account of it.
    statement = "Velmar told roughly 4,000 people to leave home."
    other = await judged_far(tmp_path, statement, semantic="on")
    assert [(m.claim.text, m.stance) for m in other.matches] == [(FAR_CLAIMS[0], "conflicts")]


async def test_a_statement_whose_subject_is_no_name_is_about_the_names_it_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Two divers" names nothing; the wreck is what the statement is about, and the report's
    # title names it, so the denial below the threshold counts even where its rank would not.
    monkeypatch.setattr(checker, "GROUNDED_RANKS", 0)
    denial = "No divers have died working on the salvage of the wreck, the harbour office said."
    statement = "Two divers were killed working on the salvage of the Oressa wreck."
    settings = Settings(database_url=f"sqlite:///{tmp_path}/s.db", seeds_dir=None, semantic="off")
    async with running(settings, follow=False) as services:
        await services.store.put_reports([report_of([denial], title="Oressa wreck salvage")])
        everything = await services.checker.check(CheckRequest(statement=statement, min_score=0))
        (score,) = [m.score for m in everything.matches]
        found = await services.checker.check(
            CheckRequest(statement=statement, min_score=score + 1, limit=10)
        )
    assert [(m.claim.text, m.stance) for m in found.matches] == [(denial, "conflicts")]
