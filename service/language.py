"""Which statements the matcher can judge: English ones. Anything else is refused in words,
never answered with a silent `unverified`.

A statement may declare its `language`; one that does not is refused when most of its
letters are of a script English does not use (Hangul, Cyrillic, CJK, Arabic...), or when CLD2
(`pycld2`, pinned by version and hash in requirements/language.txt; its model is compiled into
the extension, nothing is loaded or downloaded) finds it, reliably, to be mostly in another
language: German, French, Spanish... Refusing an English statement is the worse mistake, so
only a confident answer refuses: CLD2 must call the guess reliable and find at least
`MIN_PERCENT` of the text in that language. Measured on 12,946 English sentences (the seeds'
sentences, the seed statements, FEVER, VitaminC and CheckThat! claims, ../shared/eval) this
refuses none, and it refuses 40 of 45 short German, French and Spanish news statements
(tests/test_language.py); the five it lets through are short sentences made mostly of names
("Kim Jong Un traf Putin in Wladiwostok."), which then match as before. The detector costs
about 2 MB and no load time, 26 microseconds a statement. lingua-language-detector 2.1.1 was
measured too and left out: 16.5 s and 475 MB per worker to load 20 languages, 52 s and
1.25 GB for all; py3langid 0.4.0, restricted to seven languages, 0.8 s and 120 MB to load,
and it calls 9 of the English sentences another language.
"""

import unicodedata

import pycld2

from service.errors import InvalidInput

SUPPORTED = frozenset({"en"})
MIN_LETTERS = 4
# Letters of these scripts are never English: by the first word of their Unicode names.
OTHER_SCRIPTS = (
    "HANGUL",
    "CJK",
    "HIRAGANA",
    "KATAKANA",
    "CYRILLIC",
    "ARABIC",
    "HEBREW",
    "GREEK",
    "DEVANAGARI",
    "THAI",
    "BENGALI",
    "TAMIL",
    "GEORGIAN",
    "ARMENIAN",
    "ETHIOPIC",
)


def foreign_script(text: str) -> str | None:
    """The non-Latin script most of the text's letters are in, if most are in one."""
    letters = 0
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        script = unicodedata.name(char, "").split(" ", 1)[0]
        if script in OTHER_SCRIPTS:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script, found = max(counts.items(), key=lambda item: item[1])
    # A few letters (a name in its own script) do not make a statement foreign.
    return script.title() if found * 2 > letters and found >= MIN_LETTERS else None


# CLD2's share of the text in its top language, in percent, below which it is not trusted:
# the English sentences it got wrong stood at 53% or less, the foreign statements at 97% or more.
MIN_PERCENT = 80


def detected_language(text: str) -> tuple[str, str] | None:
    """(code, name) of the language CLD2 reliably finds most of `text` in, if any."""
    # CLD2 refuses control characters, surrogates and noncharacters ("invalid UTF-8"): they
    # carry no language, so they become spaces first.
    printable = "".join(char if char.isprintable() else " " for char in text)
    try:
        reliable, _, languages = pycld2.detect(printable)
    except pycld2.error:
        return None
    name, code, percent, _ = languages[0]
    if not reliable or code in {"un", "xxx"} or percent < MIN_PERCENT:
        return None
    return str(code), str(name).title()


def foreign_language(text: str) -> str | None:
    """The name of the language other than English the statement is written in, if any."""
    found = detected_language(text)
    if found is None or found[0].split("-", 1)[0] in SUPPORTED:
        return None
    return found[1]


def unsupported(statement: str) -> str | None:
    """Why the matcher cannot judge a statement, in words; None when it can."""
    script = foreign_script(statement)
    if script is not None:
        return (
            f"is written in {script} script; factcheck matches English statements only, so it "
            "cannot be verified (translate it, or check it against a service for its language)"
        )
    language = foreign_language(statement)
    if language is not None:
        return (
            f"looks like {language}, not English; factcheck matches English statements only, "
            "so it cannot be verified (translate it, or check it against a service for its "
            "language)"
        )
    return None


def require_supported(statement: str, declared: str | None) -> None:
    """Raise InvalidInput (a 422) for a statement the matcher cannot judge."""
    if declared is not None and declared.split("-", 1)[0].lower() not in SUPPORTED:
        raise InvalidInput(
            "language",
            f"is {declared!r}; factcheck matches English statements only (language: en)",
        )
    reason = unsupported(statement)
    if reason is not None:
        raise InvalidInput("statement", reason)
