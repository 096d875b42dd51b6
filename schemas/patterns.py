"""Regular expressions shared by the wire types (they reach the OpenAPI document as `pattern`).

`[0-9]`, never `\\d`: in Python `\\d` also matches other scripts' digits, which `date` refuses.
No `\\s` or `\\S` either: the service matches with Python's `re`, clients and fuzzers read the
document with ECMA 262 regexes, and the two disagree on what is blank (U+001C-U+001F and U+0085
are blank only in Python), so the blank characters are spelled out.
"""

_YEAR = r"(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
# February 29 only in leap years: divisible by 4, and centuries only when divisible by 400.
_LEAP_DAY = (
    r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29"
)

# A real clock time (hours and minutes, optional seconds and fraction) and an optional offset:
# exactly what Python's `datetime.fromisoformat` reads, so what the schema admits is stored.
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?"
_OFFSET = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])"

# A real calendar date (so a client learns from the schema that 2023-02-30 is refused),
# optionally followed by a time and an offset.
ISO_DATE_OR_DATE_TIME = rf"^(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_DAY})(?:[T ]{_TIME}{_OFFSET}?)?$"

# A real calendar date and nothing after it: `2024-02-29`, never `2024-99-99`.
ISO_DATE = rf"^(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_DAY})$"

# What Python's `re` (and `str.isspace`) calls blank, in terms every regex engine reads alike.
_BLANK = r"\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Somewhere a character that is not blank: `\S`, whichever engine reads it.
NOT_BLANK = rf"[^{_BLANK}]"

# Text the store keeps: PostgreSQL cannot store NUL, so it is refused in every stored field.
NO_NUL = r"^[^\x00]*$"
# Zero-width and direction marks: a stored text made only of these (and blanks) shows nothing.
_INVISIBLE = _BLANK + r"\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# Stored text: no NUL, and at least one character a reader can see.
# Written so that no character can be read by two quantifiers: leading invisible characters,
# the first visible one, then anything but NUL. The obvious `^[^\x00]*[^\x00...][^\x00]*$`
# backtracks: 200,000 characters and a NUL took 20 minutes to refuse.
NON_BLANK_NO_NUL = rf"^[{_INVISIBLE}]*[^\x00{_INVISIBLE}][^\x00]*$"
