"""A figure revised by a later report supersedes the earlier one."""

from schemas.check import Match, MatchedClaim, MatchedReport, Reason
from service.matching.revisions import supersede
from service.matching.verdict import combine, verdict


def match(claim_id: int, stance: str, day: str, kind: str = "quantity") -> Match:
    effect = {"supports": "supports", "conflicts": "conflicts"}.get(stance, "neutral")
    return Match(
        claim=MatchedClaim(id=claim_id, text=f"claim {claim_id}", report_id=claim_id),
        report=MatchedReport(id=claim_id, published_at=day),
        score=50.0,
        stance=stance,  # type: ignore[arg-type]
        hedged=False,
        reasons=[Reason(kind=kind, effect=effect, message=f"{kind}: report says 9 people")],  # type: ignore[arg-type]
    )


def test_an_earlier_figure_revised_later_no_longer_disputes() -> None:
    settled = supersede([match(1, "conflicts", "2025-05-03"), match(2, "supports", "2025-05-06")])
    assert [m.stance for m in settled] == ["related", "supports"]
    assert "superseded" in settled[0].reasons[-1].message
    assert verdict([m.stance for m in settled]) == "supported"


def test_a_later_conflicting_figure_keeps_the_statement_disputed() -> None:
    settled = supersede([match(1, "supports", "2025-05-03"), match(2, "conflicts", "2025-05-06")])
    assert verdict([m.stance for m in settled]) == "disputed"


def test_outlets_disagreeing_the_same_day_stay_disputed() -> None:
    settled = supersede([match(1, "conflicts", "2025-05-05"), match(2, "supports", "2025-05-06")])
    assert verdict([m.stance for m in settled]) == "disputed"


def test_a_denial_is_no_revision() -> None:
    denial = match(1, "conflicts", "2025-05-01", kind="negation")
    settled = supersede([denial, match(2, "supports", "2025-05-09")])
    assert settled[0].stance == "conflicts"


def test_facts_combine_into_one_verdict() -> None:
    assert combine(["supported", "contradicted"]) == "contradicted"
    assert combine(["supported", "supported"]) == "supported"
    assert combine(["supported", "unverified"]) == "unverified"
    assert combine(["supported", "disputed"]) == "disputed"
