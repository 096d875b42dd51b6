"""Roles swapped within one event: "Northbridge beat Redvale" against a report that says
"Redvale United beat Northbridge Athletic".

A role is read where a name, a short verb phrase and a name follow each other with nothing
else between them ("Tessaro acquired Brightline", "Ofcom fined Delta Radio"). When the
statement has A doing something to B and the claim has B doing the same (the same verb stem or
a verb of the same event class in data/predicates.json) to A, the report says the opposite of
the statement: a conflict. Verbs that hold both ways ("met", "played", "drew with") are listed
in data/predicates.json under "symmetric" and never swap.
"""

import re
from functools import cache
from importlib import resources
from itertools import pairwise

import msgspec

from schemas.analysis import Span
from schemas.check import Reason
from service.matching.rules.frames import verb_classes
from service.matching.rules.pair import Pair, reason
from service.matching.rules.words import stem
from service.text.names import Name, find_names, same_referent

_LOWER_WORD = re.compile(r"[a-z][a-z’'-]*")
# Words between two names that join them without making one act on the other.
# fmt: off
_NOT_VERBS = frozenset({
    "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "with", "by", "as",
    "the", "a", "an", "vs", "v", "versus", "than", "near", "after", "before", "into",
})
# fmt: on


class _Table(msgspec.Struct, frozen=True):
    symmetric: list[str] = []


@cache
def _symmetric() -> frozenset[str]:
    raw = resources.files("service.matching").joinpath("data/predicates.json").read_bytes()
    return frozenset(stem(w) for w in msgspec.json.decode(raw, type=_Table).symmetric)


class _Role(msgspec.Struct, frozen=True):
    agent: Name
    verb: str  # stem of the verb
    verb_span: Span
    patient: Name


def _roles(text: str, known: frozenset[str]) -> list[_Role]:
    names = find_names(text, known)
    found: list[_Role] = []
    for first, second in pairwise(names):
        gap = text[first.span.end : second.span.start]
        verb = _verb_between(gap)
        if verb is None or (verb_stem := stem(verb)) in _symmetric():
            continue
        start = first.span.end + gap.index(verb)
        found.append(_Role(first, verb_stem, Span(start, start + len(verb)), second))
    return found


def _verb_between(gap: str) -> str | None:
    """The verb when only one or two lower-case words (a verb and perhaps a particle: "beat",
    "took over", "sold to") and perhaps "the" stand between two names."""
    if not gap[:1].isspace() or not gap[-1:].isspace():
        return None
    words = gap.split()
    if words[-1:] == ["the"]:
        words.pop()
    if not 1 <= len(words) <= 2 or not all(_LOWER_WORD.fullmatch(w) for w in words):
        return None
    if words[0] in _NOT_VERBS or words[-1] in {"and", "or"}:
        return None
    return words[0]


def _same_event(mine: _Role, theirs: _Role) -> bool:
    return mine.verb == theirs.verb or bool(verb_classes(mine.verb) & verb_classes(theirs.verb))


def role_reasons(pair: Pair) -> list[Reason]:
    theirs_all = _roles(pair.claim, pair.known_names)
    if not theirs_all:
        return []
    for mine in _roles(pair.statement, pair.known_names):
        for theirs in theirs_all:
            swapped = same_referent(mine.agent, theirs.patient) and same_referent(
                mine.patient, theirs.agent
            )
            if swapped and _same_event(mine, theirs):
                verb = pair.claim[theirs.verb_span.start : theirs.verb_span.end]
                mine_verb = pair.statement[mine.verb_span.start : mine.verb_span.end]
                return [
                    reason(
                        "roles",
                        "conflicts",
                        f"the statement says {mine.agent.text} {mine_verb} "
                        f"{mine.patient.text}; the report says {theirs.agent.text} {verb} "
                        f"{theirs.patient.text}",
                        mine.agent.span,
                        theirs.agent.span,
                    )
                ]
    return []
