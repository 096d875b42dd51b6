"""The verdict follows from the stances of the matches."""

from hypothesis import given
from hypothesis import strategies as st

from service.matching.verdict import verdict


def test_support_without_conflict_is_supported() -> None:
    assert verdict(["supports", "related"]) == "supported"


def test_conflict_without_support_is_contradicted() -> None:
    assert verdict(["related", "conflicts"]) == "contradicted"


def test_support_and_conflict_is_disputed() -> None:
    assert verdict(["conflicts", "supports"]) == "disputed"


def test_only_related_or_nothing_is_unverified() -> None:
    assert verdict(["related", "related"]) == "unverified"
    assert verdict([]) == "unverified"


@given(st.lists(st.sampled_from(["supports", "conflicts", "related"])))
def test_verdict_ignores_order(stances: list[str]) -> None:
    assert verdict(stances) == verdict(list(reversed(stances)))
