"""Which unit nouns count the same thing: troops ≈ soldiers ≈ personnel, engineers ≠ sappers.

The groups live in data/units.json. A group may lie `within` a broader one (engineers are
troops): a figure for the part may agree with a figure for the whole, but a different figure
is no contradiction, since the part is smaller than the whole by nature.
"""

import enum
from functools import cache, lru_cache
from importlib import resources

import msgspec


class _Group(msgspec.Struct, frozen=True):
    nouns: list[str]
    within: str | None = None


class _UnitTable(msgspec.Struct, frozen=True):
    groups: dict[str, _Group]
    conversions: dict[str, tuple[str, float]] = {}


class Alignment(enum.IntEnum):
    """How two unit nouns relate, from least to most comparable."""

    DIFFERENT = 0  # both named and in different groups: tanks vs soldiers
    UNKNOWN = 1  # one side names no unit: "33" vs "33 cases"
    NESTED = 2  # one group lies within the other: engineers vs troops
    SAME = 3  # one group: troops vs soldiers


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """Noun -> group name, and group name -> the broader group it lies within."""
    raw = resources.files("service.matching").joinpath("data/units.json").read_bytes()
    table = msgspec.json.decode(raw, type=_UnitTable)
    group_of: dict[str, str] = {}
    parent_of: dict[str, str] = {}
    for name, group in table.groups.items():
        for noun in group.nouns:
            group_of[noun] = name
        if group.within is not None:
            parent_of[name] = group.within
    return group_of, parent_of


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("ches", "shes", "sses", "xes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3:
        return noun[:-1]
    return noun


@lru_cache(maxsize=65_536)
def listed_group(noun: str) -> str | None:
    """The group of a noun listed in data/units.json, or None."""
    folded = " ".join(noun.lower().split())
    if not folded:
        return None
    group_of, _ = _table()
    for candidate in (folded, folded.rsplit(" ", 1)[-1]):
        group = group_of.get(candidate) or group_of.get(_singular(candidate))
        if group is not None:
            return group
    return None


def qualified_unit(text: str, unit: str, unit_text: str) -> str:
    """The most specific listed noun phrase a figure counts: "6,000 military engineering
    personnel" counts engineering personnel (military engineers), not just personnel.

    `text` is the quantity as written; the phrase ends at the written unit noun.
    """
    words = text.lower().split()
    if not unit_text or unit_text.lower() not in words:
        return unit
    end = words.index(unit_text.lower())
    group_of, _ = _table()
    for size in (3, 2):
        if end + 1 >= size:
            phrase = " ".join(words[end + 1 - size : end + 1])
            if phrase in group_of or _singular(phrase) in group_of:
                return phrase
    return unit


def unit_group(unit: str) -> str:
    """The group a unit noun belongs to; an unlisted noun is its own group ("" for none)."""
    return listed_group(unit) or _singular(" ".join(unit.lower().split()))


def _ancestors(group: str) -> set[str]:
    _, parent_of = _table()
    found: set[str] = set()
    while group in parent_of and group not in found:
        group = parent_of[group]
        found.add(group)
    return found


def align(unit_a: str, unit_b: str) -> Alignment:
    """How comparable two figures are by their unit nouns alone."""
    group_a, group_b = unit_group(unit_a), unit_group(unit_b)
    if group_a == "percent" or group_b == "percent":
        # a share and a count never compare, even when the other side names no unit
        return Alignment.SAME if group_a == group_b else Alignment.DIFFERENT
    if not group_a or not group_b:
        return Alignment.UNKNOWN
    if group_a == group_b:
        return Alignment.SAME
    if group_a in _ancestors(group_b) or group_b in _ancestors(group_a):
        return Alignment.NESTED
    return Alignment.DIFFERENT


def same_noun_group(noun_a: str, noun_b: str) -> bool:
    """Whether two nouns name the same kind of thing (ordinals: "second visit" ≈ "second trip")."""
    return bool(noun_a) and bool(noun_b) and unit_group(noun_a) == unit_group(noun_b)


@cache
def _conversions() -> dict[str, tuple[str, float]]:
    raw = resources.files("service.matching").joinpath("data/units.json").read_bytes()
    return msgspec.json.decode(raw, type=_UnitTable).conversions


def conversion(unit_from: str, unit_to: str) -> float | None:
    """The factor that turns a figure in `unit_from` into `unit_to` when both measure one
    dimension (metres and kilometres, hours and days); None otherwise."""
    table = _conversions()
    source, target = table.get(unit_from), table.get(unit_to)
    if source is None or target is None or source[0] != target[0] or unit_from == unit_to:
        return None
    return source[1] / target[1]
