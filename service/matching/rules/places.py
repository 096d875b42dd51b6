"""Places: the same thing done by the same subject somewhere else.

"Hurricane Delphine made landfall near Sabine Reach, Texas" against "Hurricane Delphine made
landfall near Carrow Bay, Florida": the same subject, the same verb (or one of its class in
data/predicates.json) and the same preposition before two places that neither side names
anywhere else is a conflict. Only prepositions of a point ("near", "at", "off", "outside") are
read, and "in" when both places are written with their region ("in Pine Hollow, Oregon"): "in
Pine Hollow" and "in Tolan County" may be one place inside the other.
"""

import re

import msgspec

from schemas.check import Reason
from service.matching.rules.frames import verb_classes
from service.matching.rules.pair import Pair, reason
from service.matching.rules.words import stem
from service.text.names import Name, find_names, mentioned, subjects

_POINT = frozenset({"near", "at", "off", "outside"})
_LEAD = re.compile(r"(?<![A-Za-z])([A-Za-z]+)\s+(near|at|off|outside|in)\s+(?:the\s+)?$")
_REGION_GAP = re.compile(r",\s*$")


class _Placed(msgspec.Struct, frozen=True):
    verb: str  # stem
    preposition: str
    place: Name
    region: Name | None  # "Texas" of "Sabine Reach, Texas"

    @property
    def text(self) -> str:
        return f"{self.place.text}, {self.region.text}" if self.region else self.place.text


def _placed(text: str, known: frozenset[str]) -> list[_Placed]:
    names = find_names(text, known)
    found: list[_Placed] = []
    for index, name in enumerate(names):
        lead = _LEAD.search(text, max(0, name.span.start - 40), name.span.start)
        if lead is None:
            continue
        region = None
        if index + 1 < len(names):
            following = names[index + 1]
            if _REGION_GAP.fullmatch(text, name.span.end, following.span.start) or (
                text[name.span.end : following.span.start] == ", "
            ):
                region = following
        preposition = lead.group(2).lower()
        if preposition == "in" and region is None:
            continue
        found.append(_Placed(stem(lead.group(1)), preposition, name, region))
    return found


def _same_verb(a: str, b: str) -> bool:
    return a == b or bool(verb_classes(a) & verb_classes(b))


def _named(place: _Placed, names: tuple[Name, ...]) -> bool:
    return mentioned(place.place, names) or (
        place.region is not None and mentioned(place.region, names)
    )


def place_reasons(pair: Pair) -> list[Reason]:
    known = pair.known_names
    mine_all = _placed(pair.statement, known)
    if not mine_all:
        return []
    theirs_all = _placed(pair.claim, known)
    if not theirs_all:
        return []
    claim_names = find_names(pair.claim, known)
    statement_names = find_names(pair.statement, known)
    subject = subjects(pair.statement, known=known)
    if not subject or not any(mentioned(s, claim_names) for s in subject):
        return []  # another subject is the referent rule's question
    for mine in mine_all:
        if _named(mine, claim_names):
            continue
        for theirs in theirs_all:
            if (
                mine.preposition == theirs.preposition
                and _same_verb(mine.verb, theirs.verb)
                and not _named(theirs, statement_names)
            ):
                return [
                    reason(
                        "place",
                        "conflicts",
                        f"statement says {mine.preposition} {mine.text}, report says "
                        f"{theirs.preposition} {theirs.text}",
                        mine.place.span,
                        theirs.place.span,
                    )
                ]
    return []
