"""Validation messages in words: msgspec says "Expected `str` matching regex '<400 characters>'",
which tells a person nothing and leaks how the check is written. Each pattern of the wire
types gets a sentence saying what is expected, with an example; an unknown one a pointer to the
API description. Plain string searches, so the time is linear in the message.
"""

from schemas.check import ENGLISH_TAG
from schemas.claimreview import DECIMAL
from schemas.patterns import ISO_DATE, ISO_DATE_OR_DATE_TIME, NO_NUL, NON_BLANK_NO_NUL, NOT_BLANK

DATE = "a date such as 2024-10-18"
WORDS = {
    ISO_DATE_OR_DATE_TIME: f"expected {DATE}, or a date and time such as "
    "2024-10-18T09:30:00+09:00 (a real calendar date)",
    ISO_DATE: f"expected {DATE} (a real calendar date)",
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}": f"expected {DATE}",
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": f"expected {DATE}",
    NON_BLANK_NO_NUL: "expected text with at least one visible character and no NUL character",
    NO_NUL: "expected text without NUL characters",
    NOT_BLANK: "expected text that is not blank",
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": "expected a language tag such as en, de or pt-BR",
    r"^(https?://schema\.org/)?ClaimReview$": 'expected "ClaimReview"',
    DECIMAL: "expected a number such as 4 or 2.5",
    ENGLISH_TAG: "expected en (or en-GB, en-US...): factcheck matches English statements only",
}
_OPENING = "Expected `str` matching regex '"


def humane(message: str) -> str:
    """`message` with a regex expectation replaced by words; anything else unchanged."""
    start = message.find(_OPENING)
    if start < 0:
        return message
    pattern_start = start + len(_OPENING)
    located = message.find(" - at `", pattern_start)
    end = message.rfind("'", pattern_start, located if located >= 0 else len(message))
    if end < 0:
        return message
    quoted = message[pattern_start:end]
    words = "expected text in the form the API description (/schema/openapi.json) gives"
    for pattern, said in WORDS.items():
        # msgspec doubles the backslashes of a pattern in its message.
        if quoted in (pattern, pattern.replace("\\", "\\\\")):
            words = said
            break
    return message[:start] + words + message[end + 1 :]
