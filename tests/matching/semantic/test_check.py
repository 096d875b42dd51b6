"""Checks with semantic matching: a claim said in other words is found, and no lexical match is
lost (the score shown is never below the lexical one)."""

from pathlib import Path

from schemas.check import CheckRequest
from service.runtime import running
from service.settings import Settings
from service.store.records import NewReport
from tests.matching.reports import report_of

CLAIMS = [
    "Fighters came ashore on the island at dawn, the army said.",
    "The central bank raised interest rates by half a point on Tuesday.",
    "A new stadium for the football club will open in the spring.",
    "The jobless rate fell to a record low in March.",
    "Heavy rain flooded hundreds of homes in the valley.",
]
PARAPHRASE = "Soldiers landed on the isle early in the morning"


def report() -> NewReport:
    return report_of(CLAIMS)


async def test_a_paraphrase_is_found_only_with_semantic_matching(tmp_path: Path) -> None:
    found: dict[str, list[str]] = {}
    for mode in ("off", "on"):
        settings = Settings(
            database_url=f"sqlite:///{tmp_path}/{mode}.db", seeds_dir=None, semantic=mode
        )
        async with running(settings, follow=False) as services:
            await services.store.put_reports([report()])
            if services.semantic is not None:
                await services.semantic.sync.drain()
            result = await services.checker.check(CheckRequest(statement=PARAPHRASE))
            found[mode] = [m.claim.text for m in result.matches]
    assert CLAIMS[0] not in found["off"]
    assert found["on"][:1] == [CLAIMS[0]]


async def test_semantic_matching_keeps_every_lexical_match_and_its_score(tmp_path: Path) -> None:
    statements = [
        "The central bank raised rates by half a point",
        "Hundreds of homes flooded after heavy rain in the valley",
        "The club's new stadium opens in spring",
    ]
    scores: dict[str, dict[tuple[str, str], float]] = {}
    for mode in ("off", "on"):
        settings = Settings(
            database_url=f"sqlite:///{tmp_path}/{mode}.db", seeds_dir=None, semantic=mode
        )
        async with running(settings, follow=False) as services:
            await services.store.put_reports([report()])
            if services.semantic is not None:
                await services.semantic.sync.drain()
            scores[mode] = {}
            for statement in statements:
                result = await services.checker.check(CheckRequest(statement=statement))
                for match in result.matches:
                    scores[mode][(statement, match.claim.text)] = match.score
    assert scores["off"]
    for key, lexical in scores["off"].items():
        assert scores["on"][key] >= lexical


async def test_similarity_is_shared_while_a_service_runs_and_none_when_off(tmp_path: Path) -> None:
    from service.matching import semantic

    settings = Settings(database_url=f"sqlite:///{tmp_path}/s.db", seeds_dir=None, semantic="on")
    async with running(settings, follow=False):
        close = semantic.similarity("soldiers", "fighters")
        far = semantic.similarity("soldiers", "interest rates")
        assert close is not None
        assert far is not None
        assert close > far
        vectors = semantic.embed(["troops", "soldiers"])
        assert vectors is not None
        assert vectors.shape == (2, 384)
    assert semantic.similarity("soldiers", "fighters") is None
    off = Settings(database_url=f"sqlite:///{tmp_path}/o.db", seeds_dir=None, semantic="off")
    async with running(off, follow=False):
        assert semantic.embed(["troops"]) is None
