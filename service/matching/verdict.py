"""The verdict on a statement from the stances of its matches."""

from collections.abc import Sequence
from typing import Literal

from schemas.check import StanceCounts

VerdictLabel = Literal["supported", "contradicted", "disputed", "unverified"]


def verdict(stances: Sequence[str]) -> VerdictLabel:
    """supported: some support, no conflict; contradicted: the reverse; disputed: both;
    unverified: neither (no match above the relevance threshold, or only related ones).
    """
    supports = "supports" in stances
    conflicts = "conflicts" in stances
    if supports and conflicts:
        return "disputed"
    if supports:
        return "supported"
    if conflicts:
        return "contradicted"
    return "unverified"


_WEAKEST_FIRST: tuple[VerdictLabel, ...] = ("unverified", "disputed", "supported")


def combine(verdicts: Sequence[VerdictLabel]) -> VerdictLabel:
    """The verdict on a statement of several facts: contradicted when any fact is; supported
    when every one is; otherwise the weakest (unverified, then disputed)."""
    if not verdicts:
        return "unverified"
    if "contradicted" in verdicts:
        return "contradicted"
    for label in _WEAKEST_FIRST:
        if label in verdicts:
            return label
    return "supported"


def stance_counts(stances: Sequence[str]) -> StanceCounts:
    """The number of matches of each stance, as the verdict weighed them."""
    return StanceCounts(
        supports=stances.count("supports"),
        conflicts=stances.count("conflicts"),
        related=stances.count("related"),
    )
