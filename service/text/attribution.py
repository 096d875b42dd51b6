"""Who a claim is attributed to: "according to the NIS", "TASS reported", "the NIS says that",
"..., the NIS confirmed.", "South Korean lawmakers revealed to Yonhap", "as noted by Yonhap".

The source is the noun phrase before a reporting verb (read backwards to a comma, a clause word or
eight words), the phrase after "according to" or after "reported by". A phrase that ends in a name
gives that name ("The Russian news agency TASS" -> "TASS", "National Intelligence Service (NIS)"
-> "NIS"); a phrase that ends in a common noun is kept whole ("South Korean lawmakers").
The first attribution of the claim is returned.
"""

import json
import re
from functools import cache
from importlib import resources

from schemas.analysis import Attribution, Span
from service.text.phrases import PhraseIndex

_WORD = re.compile(r"\(?[A-Za-z][\w'’.-]*\)?")
_PHRASE_END = re.compile(r"[,;:.!?\"“”\n]|\s[-–—]\s")
# `(?<!\s)`: a search from inside a run of blanks fails at once (linear time); matched right
# after a verb, so nothing is lost.
_THAT_OR_CLAUSE_END = re.compile(r"(?<!\s)\s*(?:that\b|[,;.!?]|$)", re.IGNORECASE)


class _Table:
    def __init__(self) -> None:
        table = json.loads(
            resources.files("service.text").joinpath("data", "attribution.json").read_text("utf-8")
        )
        verbs = [v for v in table["verbs"] if v != "according"]
        self.skip_before_verb: frozenset[str] = frozenset(table["skip_before_verb"])
        self.subject_stops: frozenset[str] = frozenset(table["subject_stops"])
        self.determiners: frozenset[str] = frozenset(table["determiners"])
        self.pronouns: frozenset[str] = frozenset(table["pronouns"])
        self.object_stops: frozenset[str] = frozenset(table["object_stops"])
        self.leads = PhraseIndex(["according to", *table["by_verbs"]])
        self.verbs = PhraseIndex(verbs)
        self.verbs_also_nouns: frozenset[str] = frozenset(table["verbs_also_nouns"])
        self.said_pattern = re.compile(r"(?<=[,”\"])\s*(?P<lead>said|says)\s+", re.IGNORECASE)


@cache
def _table() -> _Table:
    return _Table()


def _words_before(text: str, end: int) -> list[re.Match[str]]:
    """The words of the phrase that ends at `end`, read back to punctuation, at most eight."""
    start = max(0, end - 120)
    window = text[start:end]
    cut = max((m.end() for m in _PHRASE_END.finditer(window)), default=0)
    return list(_WORD.finditer(text, start + cut, end))[-8:]


def _source(words: list[re.Match[str]]) -> tuple[str, int, int] | None:
    """The source named by a phrase: its trailing name, or the whole phrase without determiners."""
    table = _table()
    while words and words[0].group(0).lower() in table.determiners:
        words = words[1:]
    if not words or words[-1].group(0).lower() in table.pronouns:
        return None  # "It adds", "Reports indicate": no one is named
    last = words[-1].group(0)
    if last.strip("()")[:1].isupper():
        first = len(words) - 1
        while first > 0 and words[first - 1].group(0).strip("()")[:1].isupper():
            first -= 1
        names = words[first:]
        if last.startswith("("):
            names = words[-1:]  # "National Intelligence Service (NIS)": the acronym
        start, end = names[0].start(), names[-1].end()
        return "", start, end
    return "", words[0].start(), words[-1].end()


def _subject_of(text: str, verb: re.Match[str]) -> tuple[int, int] | None:
    table = _table()
    words = _words_before(text, verb.start())
    while words and words[-1].group(0).lower() in table.skip_before_verb:
        words.pop()
    kept: list[re.Match[str]] = []
    for word in reversed(words):
        lower = word.group(0).lower()
        if lower in table.subject_stops or (
            word.group(0).endswith(("ed", "ing")) and word.group(0).islower()
        ):
            break
        kept.insert(0, word)
    found = _source(kept)
    return None if found is None else (found[1], found[2])


def _object_after(text: str, pos: int) -> tuple[int, int] | None:
    table = _table()
    stop = _PHRASE_END.search(text, pos)
    end = len(text) if stop is None else stop.start()
    kept: list[re.Match[str]] = []
    for word in _WORD.finditer(text, pos, end):
        if word.group(0).lower() in table.object_stops or len(kept) == 8:
            break
        kept.append(word)
    while kept and kept[0].group(0).lower() in table.determiners:
        kept.pop(0)
    if not kept:
        return None
    # "a press release from the NIS": the source is what the release comes from.
    froms = [i for i, w in enumerate(kept) if w.group(0).lower() == "from"]
    if froms and froms[-1] + 1 < len(kept):
        kept = kept[froms[-1] + 1 :]
    found = _source(kept)
    return None if found is None else (found[1], found[2])


def _strip(source: str) -> str:
    return source.strip("()").strip()


def find_attribution(text: str) -> Attribution | None:
    """The first attribution in `text`, or None."""
    table = _table()
    candidates: list[Attribution] = []
    for lead in table.leads.finditer(text):
        if (span := _object_after(text, lead.end())) is not None:
            candidates.append(
                Attribution(
                    _strip(text[span[0] : span[1]]),
                    text[lead.start() : span[1]],
                    Span(lead.start(), span[1]),
                )
            )
            break
    saids = table.said_pattern.finditer(text) if "said" in text or "says" in text else ()
    for said in saids:
        if (span := _object_after(text, said.end())) is not None:
            candidates.append(
                Attribution(
                    _strip(text[span[0] : span[1]]),
                    text[said.start("lead") : span[1]],
                    Span(said.start("lead"), span[1]),
                )
            )
            break
    for verb in table.verbs.finditer(text):
        if verb.group(0).lower() in table.verbs_also_nouns and not _THAT_OR_CLAUSE_END.match(
            text, verb.end()
        ):
            continue  # "earlier reports of...", "the development adds to...": not a report
        if (span := _subject_of(text, verb)) is not None:
            candidates.append(
                Attribution(
                    _strip(text[span[0] : span[1]]),
                    text[span[0] : verb.end()],
                    Span(span[0], verb.end()),
                )
            )
            break
    return min(candidates, key=lambda a: a.span.start, default=None)
