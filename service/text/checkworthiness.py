"""How worth checking a sentence is: a transparent sum of features, clipped to 0..1.

Features (word lists and patterns in data/claims.json) and what each adds:
- proposition +0.25: at least four words, and a verb-like word (an auxiliary, a listed verb in
  any regular or irregular form, a word in "-ed") or final punctuation (headings have neither);
- figures +0.25: a digit or a number word ("6,000", "two", "million", "second");
- dates +0.15: a month or weekday name, "yesterday", "last year", a year, "three days ago";
- named actors +0.15, +0.05 for each further one up to +0.25: runs of capitalised words, not
  counting a lone capitalised first word ("Troops"), function words or month names;
- attribution +0.10: "according to", "reportedly", "officials", or a reporting verb ("said",
  "confirmed");
- events +0.10: an event verb ("sent", "deployed", "signed", "killed", "arrived");
- denials +0.15: "not", "never", "no" ("He did not testify", "No deaths were reported", "The
  cause has not been determined"): a denial is a fact to check as much as an assertion, and a
  statement saying the opposite is contradicted only if the report's denial was kept.

Penalties: -0.15 over 60 words and -0.40 over 100 (run-ons), -0.20 for a lead-in ending in ":",
-0.10 for normative or hedging words ("should", "probably").
Caps: questions, imperatives ("Click here ...", "Subscribe ..."), and fragments (under four
words) score at most 0.10; first- or second-person opinion ("I think", "we believe", "you should")
at most 0.20; page boilerplate ("Share on Twitter", "We use cookies ...") scores 0.
"""

import re
from functools import cache
from importlib import resources
from typing import NamedTuple

import msgspec

from service.text.clean import compile_any, is_boilerplate_line

MIN_WORDS = 4
_PROPOSITION = 0.25
_FIGURES = 0.25
_DATES = 0.15
_FIRST_ACTOR = 0.15
_FURTHER_ACTOR = 0.05
_MAX_ACTORS = 0.25
_ATTRIBUTION = 0.10
_EVENT = 0.10
_DENIAL = 0.15
_LONG_WORDS, _LONG_PENALTY = 60, 0.15
_RUN_ON_WORDS, _RUN_ON_PENALTY = 100, 0.40
_LEAD_IN_PENALTY = 0.20
_NORMATIVE_PENALTY = 0.10
_DISQUALIFIED_CAP = 0.10
_OPINION_CAP = 0.20

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DIGIT = re.compile(r"\d")
_QUESTION = re.compile(r"[?？][\"'”’»)\]」』]*$")
_TERMINATED = re.compile(r"[.!。！][\"'”’»)\]」』]*$")
_LEAD_IN = re.compile(r"[:：][\"'”’»)\]」』]*$")


class CheckworthinessFeatures(msgspec.Struct, frozen=True):
    """What `score` adds up, kept apart so a score can be explained."""

    words: int
    has_verb: bool
    terminated: bool
    figures: bool
    dates: bool
    actors: int
    attribution: bool
    event: bool
    denial: bool
    question: bool
    imperative: bool
    opinion: bool
    normative: bool
    lead_in: bool
    boilerplate: bool


class _Table(msgspec.Struct, frozen=True):
    number_words: list[str]
    date_words: list[str]
    month_names: list[str]
    date_patterns: list[str]
    attribution_words: list[str]
    attribution_patterns: list[str]
    reporting_verbs: list[str]
    event_verbs: list[str]
    denial_words: list[str]
    common_verbs: list[str]
    irregular_verb_forms: dict[str, list[str]]
    auxiliaries: list[str]
    opinion_patterns: list[str]
    normative_words: list[str]
    imperative_starters: list[str]
    non_entity_capitalised: list[str]


class _Lexicon(NamedTuple):
    number_words: frozenset[str]
    date_words: frozenset[str]
    month_names: frozenset[str]
    attribution_words: frozenset[str]
    normative_words: frozenset[str]
    denial_words: frozenset[str]
    verb_forms: frozenset[str]
    event_forms: frozenset[str]
    reporting_forms: frozenset[str]
    past_forms: frozenset[str]
    auxiliaries: frozenset[str]
    imperative_starters: frozenset[str]
    not_actors: frozenset[str]
    dates: re.Pattern[str]
    attribution: re.Pattern[str]
    opinion: re.Pattern[str]


def _regular_forms(base: str) -> set[str]:
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        third = base + "es"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    if base.endswith("e"):
        past, gerund = base + "d", (base if base.endswith("ee") else base[:-1]) + "ing"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        past, gerund = base[:-1] + "ied", base + "ing"
    else:
        past, gerund = base + "ed", base + "ing"
    return {base, third, past, gerund}


def _forms(bases: list[str], irregular: dict[str, list[str]]) -> frozenset[str]:
    forms: set[str] = set()
    for base in bases:
        forms |= _regular_forms(base)
        forms.update(irregular.get(base, ()))
    return frozenset(forms)


@cache
def _lexicon() -> _Lexicon:
    raw = resources.files("service.text").joinpath("data", "claims.json").read_bytes()
    table = msgspec.json.decode(raw, type=_Table)
    irregular = table.irregular_verb_forms
    event_forms = _forms(table.event_verbs, irregular)
    reporting_forms = _forms(table.reporting_verbs, irregular)
    all_bases = table.event_verbs + table.reporting_verbs + table.common_verbs
    verb_forms = _forms(all_bases + list(irregular), irregular) | frozenset(table.auxiliaries)
    past_forms = frozenset(
        form for forms in irregular.values() for form in forms if not form.endswith(("s", "ing"))
    )
    return _Lexicon(
        number_words=frozenset(table.number_words),
        date_words=frozenset(table.date_words),
        month_names=frozenset(table.month_names),
        attribution_words=frozenset(table.attribution_words),
        normative_words=frozenset(table.normative_words),
        denial_words=frozenset(table.denial_words),
        verb_forms=verb_forms,
        event_forms=event_forms,
        reporting_forms=reporting_forms,
        past_forms=past_forms,
        auxiliaries=frozenset(table.auxiliaries),
        imperative_starters=frozenset(table.imperative_starters),
        not_actors=frozenset(table.non_entity_capitalised)
        | frozenset(table.month_names)
        | frozenset(table.date_words),
        dates=compile_any(table.date_patterns),
        attribution=compile_any(table.attribution_patterns),
        opinion=compile_any(table.opinion_patterns),
    )


def checkworthiness_features(sentence: str) -> CheckworthinessFeatures:
    """The features the check-worthiness score is made of, for one sentence."""
    lexicon = _lexicon()
    tokens = _TOKEN.findall(sentence)
    lowered = [token.lower().replace("’", "'") for token in tokens]
    words = set(lowered)
    # Lower-cased once: the patterns are written in lower case, which is faster than IGNORECASE.
    text = sentence.lower().replace("’", "'")
    has_verb = not words.isdisjoint(lexicon.verb_forms) or any(
        len(word) >= 5 and word.endswith("ed") for word in words
    )
    # "May" is a month, "may" is not: only capitalised month names count.
    months = not words.isdisjoint(lexicon.month_names) and any(
        token[0].isupper() and token.lower() in lexicon.month_names for token in tokens
    )
    stripped = sentence.rstrip()
    return CheckworthinessFeatures(
        words=len(tokens),
        has_verb=has_verb,
        terminated=_TERMINATED.search(stripped) is not None,
        figures=_DIGIT.search(sentence) is not None or not words.isdisjoint(lexicon.number_words),
        dates=months
        or not words.isdisjoint(lexicon.date_words)
        or lexicon.dates.search(text) is not None,
        actors=_count_actors(tokens, lexicon.not_actors),
        attribution=not words.isdisjoint(lexicon.attribution_words)
        or not words.isdisjoint(lexicon.reporting_forms)
        or lexicon.attribution.search(text) is not None,
        event=not words.isdisjoint(lexicon.event_forms),
        denial=not words.isdisjoint(lexicon.denial_words),
        question=_QUESTION.search(stripped) is not None,
        imperative=_is_imperative(lowered, lexicon),
        opinion=lexicon.opinion.search(text) is not None,
        normative=not words.isdisjoint(lexicon.normative_words),
        lead_in=_LEAD_IN.search(stripped) is not None,
        boilerplate=is_boilerplate_line(sentence),
    )


def _count_actors(tokens: list[str], not_actors: frozenset[str]) -> int:
    runs = 0
    in_run = False
    for index, token in enumerate(tokens):
        capitalised = token[0].isupper() and token.lower() not in not_actors
        if capitalised and index == 0:
            # Every sentence starts with a capital: only a name run or an acronym counts there.
            acronym = len(token) > 1 and token.isupper()
            followed = len(tokens) > 1 and tokens[1][0].isupper()
            capitalised = acronym or followed
        if capitalised and not in_run:
            runs += 1
        in_run = capitalised
    return runs


def _is_imperative(lowered: list[str], lexicon: _Lexicon) -> bool:
    if not lowered or lowered[0] not in lexicon.imperative_starters:
        return False
    # "Share prices fell" and "Order was restored" have a subject and a finite verb of their own.
    rest = lowered[1:]
    return not any(
        word in lexicon.auxiliaries or word in lexicon.past_forms or word.endswith("ed")
        for word in rest
    )


def score(features: CheckworthinessFeatures) -> float:
    """The 0..1 score of a sentence's features (see the module docstring for the weights)."""
    if features.boilerplate:
        return 0.0
    value = 0.0
    if features.words >= MIN_WORDS and (features.has_verb or features.terminated):
        value += _PROPOSITION
    if features.figures:
        value += _FIGURES
    if features.dates:
        value += _DATES
    if features.actors:
        value += min(_MAX_ACTORS, _FIRST_ACTOR + _FURTHER_ACTOR * (features.actors - 1))
    if features.attribution:
        value += _ATTRIBUTION
    if features.event:
        value += _EVENT
    if features.denial:
        value += _DENIAL
    if features.words > _RUN_ON_WORDS:
        value -= _RUN_ON_PENALTY
    elif features.words > _LONG_WORDS:
        value -= _LONG_PENALTY
    if features.lead_in:
        value -= _LEAD_IN_PENALTY
    if features.normative:
        value -= _NORMATIVE_PENALTY
    cap = 1.0
    if features.question or features.imperative or features.words < MIN_WORDS:
        cap = _DISQUALIFIED_CAP
    elif features.opinion:
        cap = _OPINION_CAP
    return round(min(max(value, 0.0), cap), 3)


def checkworthiness(sentence: str) -> float:
    """How worth checking a sentence is, 0..1."""
    return score(checkworthiness_features(sentence))
