"""A figure revised by a later report supersedes the earlier one."""

import msgspec

from schemas.check import Match, MatchedClaim, MatchedReport, Reason
from service.matching.revisions import another_time, one_account, supersede
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


def scored(m: Match, score: float) -> Match:
    return msgspec.structs.replace(m, score=score)


def test_a_low_scored_conflict_months_away_is_another_time_not_a_dispute() -> None:
    # Spring's figure bears the statement out; a loosely worded autumn sentence gives another.
    settled = another_time(
        [
            scored(match(1, "supports", "2025-04-08"), 70),
            scored(match(2, "conflicts", "2025-09-27"), 30),
        ],
        threshold=35,
    )
    assert [m.stance for m in settled] == ["supports", "related"]
    assert settled[1].reasons[-1].kind == "time"
    assert "2025-09-27" in settled[1].reasons[-1].message


def test_conflicts_of_about_the_same_time_still_dispute() -> None:
    low_same_week = [
        scored(match(1, "supports", "2025-04-08"), 70),
        scored(match(2, "conflicts", "2025-04-10"), 30),
    ]
    assert [m.stance for m in another_time(low_same_week, 35)] == ["supports", "conflicts"]
    # A conflict the search scored above the threshold is no loosely worded sentence.
    high_far = [
        scored(match(1, "supports", "2025-04-08"), 70),
        scored(match(2, "conflicts", "2025-09-27"), 60),
    ]
    assert [m.stance for m in another_time(high_far, 35)] == ["supports", "conflicts"]
    # Without a report above the threshold bearing the statement out, nothing is set aside.
    no_support = [scored(match(2, "conflicts", "2025-09-27"), 30)]
    assert [m.stance for m in another_time(no_support, 35)] == ["conflicts"]


def in_report(
    claim_id: int, stance: str, report_id: int, claimant: str | None = None, kind: str = "quantity"
) -> Match:
    found = match(claim_id, stance, "2025-05-05", kind=kind)
    return msgspec.structs.replace(
        found,
        claim=msgspec.structs.replace(found.claim, report_id=report_id, claimant=claimant),
        report=msgspec.structs.replace(found.report, id=report_id),
    )


def test_a_report_bearing_the_figure_out_does_not_also_dispute_it() -> None:
    # "Turnout among voters under 30 was 41 percent" bears the statement out; the same
    # report's "turnout was 63 percent" is the whole electorate's, not a second account.
    settled = one_account([in_report(1, "supports", 7), in_report(2, "conflicts", 7)])
    assert [m.stance for m in settled] == ["supports", "related"]
    assert "same report" in settled[1].reasons[-1].message
    assert verdict([m.stance for m in settled]) == "supported"


def test_another_report_still_disputes() -> None:
    settled = one_account([in_report(1, "supports", 7), in_report(2, "conflicts", 8)])
    assert verdict([m.stance for m in settled]) == "disputed"


def test_two_sources_a_report_quotes_are_two_accounts() -> None:
    settled = one_account(
        [in_report(1, "supports", 7, "police"), in_report(2, "conflicts", 7, "the hospital")]
    )
    assert verdict([m.stance for m in settled]) == "disputed"


def test_a_denial_in_the_same_report_still_conflicts() -> None:
    denial = in_report(2, "conflicts", 7, kind="negation")
    settled = one_account([in_report(1, "supports", 7), denial])
    assert settled[1].stance == "conflicts"
