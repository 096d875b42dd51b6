"""Which statements the matcher can judge: English ones. Anything else is refused in words,
never answered with a silent `unverified`.

A statement may declare its `language`; one that does not is refused when most of its
letters are of a script English does not use (Hangul, Cyrillic, CJK, Arabic...). Statements
in another Latin-script language (German, French) pass this test: a statistical detector
would be needed, and the one measured (lingua-language-detector 2.1.1, 20 languages) costs
16.5 s and 475 MB per worker to load, 52 s and 1.25 GB for all languages (see the README).
"""

import unicodedata

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


def require_supported(statement: str, declared: str | None) -> None:
    """Raise InvalidInput (a 422) for a statement the matcher cannot judge."""
    if declared is not None and declared.split("-", 1)[0].lower() not in SUPPORTED:
        raise InvalidInput(
            "language",
            f"is {declared!r}; factcheck matches English statements only (language: en)",
        )
    script = foreign_script(statement)
    if script is not None:
        raise InvalidInput(
            "statement",
            f"is written in {script} script; factcheck matches English statements only, so it "
            "cannot be verified (translate it, or check it against a service for its language)",
        )
