"""The facts of a statement: "Corwin made landfall near Sabine Reach and killed four people"
states two, each of which a different report sentence may bear out or refute.

A statement splits where a clause opens with a coordinating conjunction before a verb or a new
subject ("... and killed four people", "..., and the chipmaker plans to hire ...") or follows a
semicolon (service.text.clauses); "a minute and a half" is one figure, not two facts. A later
fact borrows what it leaves out from the first:
- one that starts with its verb takes the first fact's lead up to the subject, so "killed four
  people" is judged as "Hurricane Corwin killed four people", and in "On Monday the council
  approved the plan and cut the levy" the cut is dated too;
- one with no verb at all ("... called for 412 billion dinars in spending and a 6 percent rise
  in pensions") takes the lead up to and through the first fact's verb;
- one with a subject of its own takes nothing, but a possessive pronoun opening it is read as
  the statement's main name ("..., while his lawyers asked for four": Keel's lawyers), the
  first name unless only a later one is surely a name.
A part too short to state anything on its own stays with the one before it.
"""

import re

import msgspec

from schemas.analysis import Span
from service.text.clauses import clauses
from service.text.names import after_preposition, find_names, first_verb, subjects

_OPENERS = ("and ", "but ", "while ", "whereas ", "yet ", "; ")
_CONJUNCTIONS = frozenset({"and", "but", "while", "whereas", "yet"})
_WORD = re.compile(r"[^\W\d_]{3,}")
_FRACTION = re.compile(r"(?:and\s+)?(?:a|one)\s+(?:half|quarter|third)\b", re.IGNORECASE)
# A clause opening with one of these and then a verb has a subject of its own ("his lawyers
# asked for four", "the company plans ...").
_DETERMINERS = frozenset(
    {"the", "his", "her", "its", "their", "our", "my", "this", "these", "those", "a", "an"}
)
# Words that bind a verb to its object: "called for", "amounted to", "set up".
_POSSESSIVES = frozenset({"his", "her", "its", "their"})
_POSSESSIVE_END = re.compile(r"['’]s?$")
_PARTICLES = frozenset({"for", "to", "of", "up", "off", "out", "at", "on", "by", "in", "about"})
MIN_WORDS = 3  # "and more" is no fact


class Fact(msgspec.Struct, frozen=True):
    span: Span  # in the statement
    text: str  # what is judged: the clause, with what it borrows from the first fact


def _opens_fact(text: str, span: Span, previous_end: str) -> bool:
    head = text[span.start : span.end].lstrip().casefold()
    if _FRACTION.match(head):
        return False  # "a minute and a half after ...": one figure
    return head.startswith(_OPENERS) or previous_end.rstrip().endswith(";")


def _parts(statement: str) -> list[Span]:
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
    return parts


def _through_verb(first: str) -> str:
    """The first fact up to and through its verb and the particle after it."""
    verb = first_verb(first)
    if verb >= len(first):
        return ""
    rest = first[verb:].split()
    taken = rest[:2] if len(rest) > 1 and rest[1].casefold() in _PARTICLES else rest[:1]
    return f"{first[:verb]}{' '.join(taken)}".strip()


def _has_verb(body: str) -> bool:
    return first_verb(body) < len(body)


def _own_subject(body: str) -> bool:
    first, _, rest = body.partition(" ")
    return bool(subjects(body)) or (first.casefold() in _DETERMINERS and _has_verb(rest))


def split_facts(statement: str) -> list[Fact]:
    parts = _parts(statement)
    if len(parts) < 2:
        return [Fact(Span(0, len(statement)), statement)]
    names = [n for n in find_names(statement) if not after_preposition(statement, n)]
    subject = names[0] if names and names[0].span.start < parts[0].end else None
    first = statement[parts[0].start : parts[0].end].strip()
    lead = statement[parts[0].start : subject.span.end].strip() if subject is not None else ""
    sure = [n for n in find_names(statement) if n.sure and n.span.start < parts[0].end]
    owner = subject if subject is not None and (subject.sure or not sure) else None
    owner = owner or (sure[0] if sure else None)
    facts: list[Fact] = []
    for index, span in enumerate(parts):
        raw = statement[span.start : span.end]
        stripped = raw.lstrip(" ,;")
        start = span.start + (len(raw) - len(stripped))
        body = stripped
        if index:
            word, _, rest = stripped.partition(" ")
            if word.casefold() in _CONJUNCTIONS:
                body = rest
                start += len(stripped) - len(rest)
                stripped = rest
            body = _completed(body, lead, first, owner.text if owner is not None else "")
        end = start + len(stripped.rstrip(" ,;"))
        facts.append(Fact(Span(start, end), body.strip().rstrip(" ,;")))
    return facts


def _completed(body: str, lead: str, first: str, owner: str) -> str:
    """A later fact with what it leaves out of the first one."""
    word, _, rest = body.partition(" ")
    if owner and word.casefold() in _POSSESSIVES and rest:
        return f"{_POSSESSIVE_END.sub('', owner)}'s {rest}"
    if body[:1].isupper() or _own_subject(body):
        return body
    if not _has_verb(body):
        through = _through_verb(first)
        return f"{through} {body}" if through else body
    return f"{lead} {body}" if lead else body
