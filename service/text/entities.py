"""Places and actors of a claim, with the role each plays.

Names come from the alias table (countries, capitals, demonyms, organisations, known people: see
normalize.canonical_entities) and from runs of two or more capitalised words ("Itsuro Nakamura",
"Tsukuba University"), titles dropped ("Foreign Minister"); a run's canonical name is its lower-case
form. Known people are canonical by the table ("Kim Jong-un" -> "kim jong un", "Sergei Shoigu" ->
"shoigu"): surnames for people usually named alone, full names otherwise.

Roles are read from the words around a name, not from a parse:
- after a target preposition ("to", "into", "for", "with", "against") -> "target";
- after "by" -> "agent" ("owned by Russia"), and the passive subject of that clause becomes "other";
- a name that opens its clause before any verb -> "agent" ("Russia sent...", "North Korean
  soldiers were transported...", "South Korea is sending...", "North Korea to send...");
- a name joined by "and"/"or" to the name before it shares its role;
- anything else, and any name inside the attribution ("according to the NIS") -> "other".
"""

import bisect
import json
import re
from functools import cache
from importlib import resources
from typing import Literal

from schemas.analysis import Entity, Span
from service.text.calendar_words import calendar
from service.text.normalize import canonical_entities

Role = Literal["agent", "target", "other"]
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")  # figures count: "than 500 North Koreans"
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:-[A-Za-z]+)*(?![\w'’])")
_CLAUSE_BREAK = re.compile(
    r"[,;:.!?](?=\s|$)|[\"“”()]|\b(?:that|which|who|while|although|whereas|because|but)\b",
    re.IGNORECASE,
)
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b")


class _Table:
    def __init__(self) -> None:
        table = json.loads(
            resources.files("service.text").joinpath("data", "entities.json").read_text("utf-8")
        )
        self.target: frozenset[str] = frozenset(table["target_prepositions"])
        self.agent: frozenset[str] = frozenset(table["agent_prepositions"])
        self.other: frozenset[str] = frozenset(table["other_prepositions"])
        self.skippable: frozenset[str] = frozenset(table["skippable_before_name"])
        self.verbs: frozenset[str] = frozenset(table["verbs"])
        self.titles: frozenset[str] = frozenset(table["titles"])
        calendar_words = {w.capitalize() for w in [*calendar().months, *calendar().weekdays]}
        self.not_names: frozenset[str] = frozenset(table["not_names"]) | calendar_words


@cache
def _table() -> _Table:
    return _Table()


def _name_runs(text: str, known: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Runs of capitalised words outside the alias spans, titles dropped, two words or more."""
    table = _table()
    runs: list[list[re.Match[str]]] = []
    for word in _CAPITALISED.finditer(text):
        if word.group(0) in table.not_names or any(
            s < word.end() and word.start() < e for _, s, e in known
        ):
            runs.append([])
            continue
        if runs and runs[-1] and text[runs[-1][-1].end() : word.start()] == " ":
            runs[-1].append(word)
        else:
            runs.append([word])
    found: list[tuple[str, int, int]] = []
    for run in runs:
        while run and run[0].group(0) in table.titles:
            run = run[1:]
        while run and run[-1].group(0) in table.titles:
            run = run[:-1]
        if len(run) >= 2:
            name = text[run[0].start() : run[-1].end()]
            found.append((name.lower().replace("-", " "), run[0].start(), run[-1].end()))
    return found


def _clause_start(breaks: list[int], pos: int) -> int:
    """Where the clause holding `pos` begins, given the ends of the clause breaks of the text."""
    index = bisect.bisect_right(breaks, pos)
    return breaks[index - 1] if index else 0


def _is_verb(word: str) -> bool:
    lower = word.lower()
    return lower in _table().verbs or (word.islower() and len(word) > 4 and lower.endswith("ed"))


def _role_by_position(
    text: str, breaks: list[int], start: int, previous: tuple[Role, int] | None
) -> tuple[Role, bool]:
    """(role, whether it was decided as the clause subject)."""
    table = _table()
    clause = _clause_start(breaks, start)
    words = _WORD.findall(text, clause, start)
    for index in range(len(words) - 1, max(-1, len(words) - 5), -1):
        lower = words[index].lower()
        if lower in table.skippable:
            continue
        if lower in ("and", "or") and previous is not None and previous[1] >= clause:
            return previous[0], False
        if lower in table.target:
            return "target", False
        if lower in table.agent:
            return "agent", False
        if lower in table.other:
            return "other", False
        break
    if any(_is_verb(w) for w in words):
        return "other", False
    return "agent", True


def find_entities(
    text: str,
    *,
    names: list[tuple[str, int, int]] | None = None,
    attribution: tuple[int, int] | None = None,
) -> list[Entity]:
    """Every place or actor in `text`, left to right, with its role."""
    known = canonical_entities(text) if names is None else names
    spans = sorted([*known, *_name_runs(text, known)], key=lambda n: n[1])
    if not spans:
        return []
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text)]
    if attribution is not None:
        # "The NIS says North Korea has decided...": the reported clause starts after the verb.
        bisect.insort(breaks, attribution[1])
    entities: list[Entity] = []
    subjects: list[int] = []
    previous: tuple[Role, int] | None = None
    for canonical, start, end in spans:
        if attribution is not None and attribution[0] <= start < attribution[1]:
            role: Role = "other"
            as_subject = False
        else:
            role, as_subject = _role_by_position(text, breaks, start, previous)
        if as_subject:
            subjects.append(len(entities))
        previous = (role, end)
        entities.append(Entity(text[start:end], canonical, Span(start, end), role))
    return _demote_passive_subjects(text, entities, subjects)


def _demote_passive_subjects(
    text: str, entities: list[Entity], subjects: list[int]
) -> list[Entity]:
    """ "North Korean troops were moved by Russia": Russia did the moving, the troops did not."""
    for index in subjects:
        subject = entities[index]
        clause_end = _CLAUSE_BREAK.search(text, subject.span.end)
        end = len(text) if clause_end is None else clause_end.start()
        passive = _PASSIVE.search(text, subject.span.end, end)
        if passive is None:
            continue
        for other in entities:
            if other.role == "agent" and passive.end() <= other.span.start < end:
                entities[index] = Entity(subject.text, subject.canonical, subject.span, "other")
                break
    return entities
