"""Figures revised over time: the latest report supersedes the earlier ones.

A death toll of "at least nine" on 18 September and 14 on 20 September do not make a statement
of 14 *disputed*: the earlier figure is shown, with a reason saying it was revised, but it no
longer counts against the statement. Reports a day apart that disagree are outlets disagreeing,
not a revision. The reverse stays disputed: a statement of nine, supported by the early report
and refuted by the later one, uses a superseded figure. Only a conflict of
figures or dates is revised this way (a toll revised, a launch postponed); a denial is none.

Reports far apart in time may also give the figures of two times: next quarter's revenue, the
share price after another event. A claim let in below the relevance threshold (grounded) that
disagrees with a claim above it which bears the statement out, from a report SAME_TIME_DAYS or
more apart, is taken for another time's figure, not a dispute (another_time): disputed is for
reports of about the same time that disagree.

A report does not contradict itself either: when one of its sentences bears the statement's
figure out and another gives a different one ("Efficacy was lower, at 52 percent, among
participants aged 75 and older" and "NV-240 was 64 percent effective"), the other figure counts
something else the words did not tell apart (a subgroup, a part, another period), and the
report is no second account (one_account). Two sources it quotes, each on its own figure, are
two accounts, and stay a dispute.
"""

import datetime as dt
from collections.abc import Sequence

import msgspec

from schemas.check import Match
from service.matching.rules.pair import reason
from service.matching.stance import agrees_on_a_figure

_REVISABLE = frozenset({"quantity", "date"})  # a toll revised, a launch postponed
# Outlets that disagree publish within a day of each other; a revision comes later.
REVISION_GAP_DAYS = 2
# Reports this many days apart are not "of about the same time".
SAME_TIME_DAYS = 14


def _day(match: Match) -> str:
    return (match.report.published_at or "")[:10]


def _demoted(conflict: Match, kind: str, why: str) -> Match:
    """The conflict shown as related, with a neutral reason of `kind` saying why."""
    note = reason(kind, "neutral", why)
    return msgspec.structs.replace(conflict, stance="related", reasons=[*conflict.reasons, note])


def _conflicting_only_in(match: Match, kinds: frozenset[str]) -> bool:
    """A conflict that nothing but reasons of these kinds makes one."""
    return match.stance == "conflicts" and all(
        r.kind in kinds or r.effect != "conflicts" for r in match.reasons
    )


def _revised(conflict: Match, newer: Match) -> Match:
    says = next(
        (r.message for r in conflict.reasons if r.kind in _REVISABLE and r.effect == "conflicts"),
        "",
    )
    figure = says.partition("report says ")[2] or "another figure"
    return _demoted(
        conflict,
        "revision",
        f"on {_day(conflict)} the report gave {figure}; a later report ({_day(newer)}) gives "
        "the statement's figure, so the earlier one is superseded",
    )


def _days_between(earlier: str, later: str) -> int:
    try:
        return (dt.date.fromisoformat(later) - dt.date.fromisoformat(earlier)).days
    except ValueError:
        return 0


def supersede(matches: Sequence[Match]) -> list[Match]:
    """Matches with conflicts that a later supporting report revised turned into related ones."""
    supporting_days = [_day(m) for m in matches if m.stance == "supports" and _day(m)]
    if not supporting_days:
        return list(matches)
    latest_support = max(supporting_days)
    settled: list[Match] = []
    for match in matches:
        day = _day(match)
        if (
            _conflicting_only_in(match, _REVISABLE)
            and day
            and _days_between(day, latest_support) >= REVISION_GAP_DAYS
        ):
            newer = next(m for m in matches if m.stance == "supports" and _day(m) == latest_support)
            settled.append(_revised(match, newer))
        else:
            settled.append(match)
    return settled


def another_time(matches: Sequence[Match], threshold: float) -> list[Match]:
    """Conflicts scored below `threshold` from reports far in time from every report above it
    that bears the statement out, turned into related ones (see the module docstring)."""
    bearing_out = [m for m in matches if m.stance == "supports" and m.score >= threshold]
    days = [_day(m) for m in bearing_out if _day(m)]
    settled: list[Match] = []
    for match in matches:
        day = _day(match)
        if match.stance != "conflicts" or match.score >= threshold or not day or not days:
            settled.append(match)
            continue
        nearest = min(days, key=lambda other: abs(_days_between(other, day)))
        if abs(_days_between(nearest, day)) < SAME_TIME_DAYS:
            settled.append(match)
            continue
        settled.append(
            _demoted(
                match,
                "time",
                f"this report is of {day} and the one that bears the statement out of "
                f"{nearest}; a figure that far apart is taken for another time's, not a dispute",
            )
        )
    return settled


_FIGURES = frozenset({"quantity"})


def one_account(matches: Sequence[Match]) -> list[Match]:
    """Conflicts on figures from a report another sentence of which bears the statement's
    figure out, turned into related ones (see the module docstring)."""
    bearing_out = {
        m.report.id: m for m in matches if m.report.id is not None and agrees_on_a_figure(m)
    }
    settled: list[Match] = []
    for match in matches:
        same = bearing_out.get(match.report.id) if match.report.id is not None else None
        quoted_apart = (
            same is not None
            and match.claim.claimant is not None
            and same.claim.claimant is not None
            and match.claim.claimant.casefold() != same.claim.claimant.casefold()
        )
        if same is None or not _conflicting_only_in(match, _FIGURES) or quoted_apart:
            settled.append(match)
            continue
        settled.append(
            _demoted(
                match,
                "report",
                "the same report bears the statement's figure out elsewhere "
                f'("{same.claim.text}"), so this figure counts something else',
            )
        )
    return settled
