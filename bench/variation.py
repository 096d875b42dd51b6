"""Ways to vary a real claim sentence: other figures, names, dates and word order; and the edits
that turn a claim into a query whose right answer is known (typos, paraphrases, changed figures).

Every function takes the random generator it draws from, so a seed fixes the whole corpus.
"""

import re
from datetime import date, timedelta
from functools import cache
from importlib import resources
from random import Random

import msgspec

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_FIGURE = re.compile(r"(?<![\w.,/-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w/]|[.,]\d)")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-3]\d)\b")
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
_AFTER_MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r") $")
_WORD = re.compile(r"[A-Za-z]{4,}")
_TERMINAL = (".", "!", "?", '"', "'", "”", "’")
_EARLIEST_DAY = date(1995, 1, 1)
_DAYS = 30 * 365


class Vocabulary(msgspec.Struct, frozen=True):
    people: list[str]
    places: list[str]
    organisations: list[str]
    sources: list[str]
    synonyms: dict[str, str]
    lowercase_openers: list[str]
    leading_phrase_words: list[str]


@cache
def vocabulary() -> Vocabulary:
    raw = resources.files("bench").joinpath("data", "vocab.json").read_bytes()
    return msgspec.json.decode(raw, type=Vocabulary)


@cache
def _pools() -> tuple[re.Pattern[str], dict[str, list[str]]]:
    """One pattern for every pooled name (longest first), and each name's pool."""
    words = vocabulary()
    pool_of: dict[str, list[str]] = {}
    for pool in (words.people, words.places, words.organisations):
        for name in pool:
            pool_of[name] = pool
    names = sorted(pool_of, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b"), pool_of


@cache
def _synonym_pattern() -> re.Pattern[str]:
    phrases = sorted(vocabulary().synonyms, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, phrases)) + r")\b", re.IGNORECASE)


@cache
def _leading_phrase() -> re.Pattern[str]:
    openers = "|".join(map(re.escape, vocabulary().leading_phrase_words))
    return re.compile(r"^((?:" + openers + r")\b[^,]{2,50}), (.{20,})$", re.DOTALL)


def ends_sentence(text: str) -> str:
    """The text with a full stop added if it has no closing punctuation, so reports split on it."""
    text = text.strip()
    return text if text.endswith(_TERMINAL) else text + "."


def other_figure(figure: str, rng: Random) -> str:
    """A different figure of about the same size, written the same way ("1,200" -> "1,450")."""
    plain = figure.replace(",", "")
    decimals = len(plain.partition(".")[2])
    value = float(plain)
    for _ in range(8):
        changed = round(value * rng.uniform(0.4, 2.5) + rng.choice((-1, 1)), decimals)
        if changed > 0 and changed != value:
            break
    else:
        changed = value + 1
    if decimals:
        return f"{changed:.{decimals}f}"
    return f"{int(changed):,}" if "," in figure else str(int(changed))


def _figures(text: str) -> list[re.Match[str]]:
    # Years and days of the month are dates, which change_dates varies.
    return [
        m
        for m in _FIGURE.finditer(text)
        if not _YEAR.fullmatch(m.group()) and not _AFTER_MONTH.search(text, 0, m.start())
    ]


def change_figures(text: str, rng: Random, *, every: bool = False) -> str:
    """Other figures for some (or `every`) of the figures that are not dates."""
    found = _figures(text)
    if not found:
        return text
    chosen = found if every else rng.sample(found, rng.randint(1, len(found)))
    for match in sorted(chosen, key=lambda m: m.start(), reverse=True):
        text = text[: match.start()] + other_figure(match.group(), rng) + text[match.end() :]
    return text


def has_figure(text: str) -> bool:
    return bool(_figures(text))


def change_dates(text: str, rng: Random) -> str:
    """Years moved by 1 to 12 and month names swapped."""
    text = _YEAR.sub(lambda m: str(int(m.group()) + rng.choice((-1, 1)) * rng.randint(1, 12)), text)
    return _MONTH.sub(lambda m: rng.choice([n for n in MONTHS if n != m.group()]), text)


def has_date(text: str) -> bool:
    return _YEAR.search(text) is not None or _MONTH.search(text) is not None


def swap_names(text: str, rng: Random) -> str:
    """People, places and organisations replaced by others of the same pool."""
    pattern, pool_of = _pools()

    def swap(match: re.Match[str]) -> str:
        pool = pool_of[match.group()]
        return rng.choice([name for name in pool if name != match.group()])

    return pattern.sub(swap, text)


def has_name(text: str) -> bool:
    return _pools()[0].search(text) is not None


def move_leading_phrase(text: str) -> str:
    """ "In 2019, X did Y." -> "X did Y in 2019." (unchanged when there is no leading phrase)."""
    match = _leading_phrase().match(text)
    if match is None:
        return text
    phrase, rest = match.groups()
    closing = rest[-1] if rest.endswith((".", "!", "?")) else ""
    body = rest[: len(rest) - len(closing)]
    return f"{body[0].upper()}{body[1:]} {_lower_opener(phrase)}{closing or '.'}"


def report_attribution(text: str, rng: Random) -> str:
    """ ", Reuters reported on March 3, 2019." appended: a source and a day, 220,000 ways."""
    words = vocabulary()
    day = _EARLIEST_DAY + timedelta(days=rng.randrange(_DAYS))
    when = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    body = text.rstrip().rstrip(".!?")
    return f"{body}, {rng.choice(words.sources)} reported on {when}."


def add_typos(text: str, rng: Random, count: int) -> str:
    """`count` one-letter slips (swap, drop, double, replace) in words of four letters or more."""
    words = list(_WORD.finditer(text))
    if not words:
        return text
    for match in sorted(rng.sample(words, min(count, len(words))), key=lambda m: -m.start()):
        word = match.group()
        at = rng.randrange(1, len(word) - 1)
        slip = rng.choice(("swap", "drop", "double", "replace"))
        if slip == "swap":
            typo = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
        elif slip == "drop":
            typo = word[:at] + word[at + 1 :]
        elif slip == "double":
            typo = word[:at] + word[at] + word[at:]
        else:
            typo = (
                word[:at] + rng.choice("aeioulnrst".replace(word[at].lower(), "")) + word[at + 1 :]
            )
        text = text[: match.start()] + typo + text[match.end() :]
    return text


def paraphrase(text: str, rng: Random) -> str:
    """Synonyms, the leading phrase moved, or "It was reported that ..." when neither applies."""
    synonyms = vocabulary().synonyms

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        other = synonyms.get(found.lower(), found)
        return other[0].upper() + other[1:] if found[0].isupper() else other

    changed = _synonym_pattern().sub(replace, text)
    moved = move_leading_phrase(changed)
    if moved != text:
        return moved
    return f"{rng.choice(('It was reported that', 'Reports say that'))} {_lower_opener(text)}"


def _lower_opener(text: str) -> str:
    # Only a common first word loses its capital: "The army" -> "the army", "Obama" stays.
    first, _, rest = text.partition(" ")
    if first in vocabulary().lowercase_openers:
        return f"{first.lower()} {rest}" if rest else first.lower()
    return text
