"""The facts of a statement: "Corwin made landfall near Sabine Reach and killed four people"
states two, each of which a different report sentence may bear out or refute.

A statement splits where a clause opens with a coordinating conjunction before a verb or a new
subject ("... and killed four people", "..., and the chipmaker plans to hire ...") or follows a
semicolon (service.text.clauses). A later fact that names no subject of its own borrows the
statement's first name, so "killed four people" is judged as "Hurricane Corwin killed four
people". A part too short to state anything on its own stays with the one before it.
"""

import re

import msgspec

from schemas.analysis import Span
from service.text.clauses import clauses
from service.text.names import after_preposition, find_names, subjects

_OPENERS = ("and ", "but ", "while ", "whereas ", "yet ", "; ")
_WORD = re.compile(r"[^\W\d_]{3,}")
MIN_WORDS = 3  # "and more" is no fact


class Fact(msgspec.Struct, frozen=True):
    span: Span  # in the statement
    text: str  # what is judged: the clause, with the statement's subject where it names none


def _opens_fact(text: str, span: Span, previous_end: str) -> bool:
    head = text[span.start : span.end].lstrip().casefold()
    return head.startswith(_OPENERS) or previous_end.rstrip().endswith(";")


def split_facts(statement: str) -> list[Fact]:
    parts: list[Span] = []
    for span in clauses(statement):
        before = statement[parts[-1].start : parts[-1].end] if parts else ""
        words = len(_WORD.findall(statement[span.start : span.end]))
        if parts and _opens_fact(statement, span, before) and words >= MIN_WORDS:
            parts.append(span)
        elif parts:
            parts[-1] = Span(parts[-1].start, span.end)
        else:
            parts.append(span)
    if len(parts) < 2:
        return [Fact(Span(0, len(statement)), statement)]
    names = [n for n in find_names(statement) if not after_preposition(statement, n)]
    subject = names[0] if names and names[0].span.start < parts[0].end else None
    facts: list[Fact] = []
    for index, span in enumerate(parts):
        raw = statement[span.start : span.end]
        stripped = raw.lstrip(" ,;")
        start = span.start + (len(raw) - len(stripped))
        body = stripped
        if index:
            first, _, rest = stripped.partition(" ")
            if first.casefold() in {"and", "but", "while", "whereas", "yet"}:
                body = rest
                start += len(stripped) - len(rest)
                stripped = rest
            if subject is not None and not subjects(body) and not body[:1].isupper():
                body = f"{subject.text} {body}"
        end = start + len(stripped.rstrip(" ,;"))
        facts.append(Fact(Span(start, end), body.strip().rstrip(" ,;")))
    return facts
