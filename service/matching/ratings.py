"""A fact-checker's rating of a matched claim, weighed into the match's stance.

A statement that says what a rated claim says inherits the fact-checker's finding: restating a
claim rated false is conflicting evidence, restating one rated true is support, and one rated
half true or misleading is neither. A statement that contradicts a claim rated false gets no
evidence either way from it: the fact-checker found the claim wrong, not the statement right.
The reason says who rated the claim, how and when, since editors weigh the reviewer too.
"""

import re
from functools import cache
from importlib import resources
from typing import Literal

import msgspec

from schemas.check import Effect, Reason
from schemas.claims import Rating
from service.matching.stance import StanceLabel, StanceResult

Finding = Literal["false", "mixed", "true", "unknown"]

# schema.org's defaults for a Rating that leaves its scale out.
DEFAULT_BEST = 5.0
DEFAULT_WORST = 1.0
# Where on the reviewer's scale (0 = worst, 1 = best) a rating stops reading as false / true.
FALSE_BELOW = 1 / 3
TRUE_ABOVE = 2 / 3

_NOT_A_WORD = re.compile(r"[\W_]+")


class _RatingNames(msgspec.Struct, frozen=True):
    mixed: frozenset[str]
    false: frozenset[str]
    true: frozenset[str]


@cache
def _names() -> _RatingNames:
    raw = resources.files("service.matching").joinpath("data/ratings.json").read_bytes()
    return msgspec.json.decode(raw, type=_RatingNames)


def _fold(name: str) -> str:
    return " ".join(_NOT_A_WORD.sub(" ", name.casefold()).split())


def _by_name(name: str) -> Finding:
    folded = _fold(name)
    names = _names()
    tables: tuple[tuple[Finding, frozenset[str]], ...] = (
        ("mixed", names.mixed),
        ("false", names.false),
        ("true", names.true),
    )
    for finding, table in tables:
        if folded in table:
            return finding
    padded = f" {folded} "
    for finding, table in tables:
        if any(f" {phrase} " in padded for phrase in table):
            return finding
    return "unknown"


def _by_value(rating: Rating) -> Finding:
    if rating.value is None:
        return "unknown"
    best = DEFAULT_BEST if rating.best is None else rating.best
    worst = DEFAULT_WORST if rating.worst is None else rating.worst
    if best == worst:
        return "unknown"
    position = (rating.value - worst) / (best - worst)
    if position <= FALSE_BELOW:
        return "false"
    if position >= TRUE_ABOVE:
        return "true"
    return "mixed"


def finding(rating: Rating) -> Finding:
    """What a rating says of its claim: the reviewer's own words first, then its scale."""
    by_name = _by_name(rating.name)
    return by_name if by_name != "unknown" else _by_value(rating)


def rating_message(rating: Rating) -> str:
    """ "rating: PolitiFact rated this claim False on 2024-03-02"."""
    message = f"rating: {rating.reviewer} rated this claim {rating.name}"
    if rating.reviewed_at:
        message += f" on {rating.reviewed_at[:10]}"
    return message


def _weighed(stance: StanceLabel, found: Finding) -> tuple[StanceLabel, Effect, str]:
    """The stance after the rating, the rating reason's effect, and what to add to its text."""
    if stance == "supports":
        if found == "false":
            return "conflicts", "conflicts", ""
        if found == "true":
            return "supports", "supports", ""
        return "related", "neutral", "; the statement repeats a claim that is only partly right"
    if stance == "conflicts" and found == "false":
        return "related", "neutral", "; disagreeing with it says nothing against the statement"
    if stance == "conflicts" and found == "true":
        return "conflicts", "conflicts", ""
    return stance, "neutral", ""


def apply_rating(judged: StanceResult, rating: Rating | None) -> StanceResult:
    """`judged` with the rating of its claim weighed in (see the module docstring)."""
    if rating is None:
        return judged
    stance, effect, note = _weighed(judged.stance, finding(rating))
    reason = Reason(kind="rating", effect=effect, message=rating_message(rating) + note)
    return StanceResult(stance=stance, hedged=judged.hedged, reasons=[reason, *judged.reasons])
