"""Find the article in a scraped report: the regions that are left once boilerplate is dropped.

Line by line, each non-blank line is first classified (patterns in data/boilerplate.json):
- boilerplate: share/follow buttons, photo credits, galleries, read-more links, lone counters
  ("0", "Views: 0"), comment-form fields, bylines, consent buttons; or a short photo caption that
  carries a credit ("... (PHOTO: Reuters)");
- tail heading: what opens the page furniture after an article ("Related Articles", "Comments",
  "Leave a reply", "发表回复", "Photo Gallery" ...);
- consent: cookie, consent or privacy wording;
- label: at most five words without final punctuation ("Always Active", "Key Takeaways");
- article: anything else.

Then the page structure decides:
1. Tail: the first tail heading with at least as much article text before it as after it ends
   the article; it and everything below are dropped. (An inline "Related" box near the top of a
   long article only loses its heading line.)
2. Author biography: one of the last two article paragraphs that opens with "<Name> is a ...
   writer/journalist/reporter ..." is dropped with everything after it.
3. Banners: in each run of lines without article text, consent lines are dropped when there are
   two or more of them or the run touches the start or the end of the text (a cookie banner is a
   block of many lines); labels between dropped lines go with them ("Always Active").
4. A first line "Headline | Site Name" loses its " | Site Name".
"""

import enum
import re
from functools import cache
from importlib import resources
from typing import NamedTuple

import msgspec

from service.text.sentences import line_spans

# Boilerplate lines are short; longer lines skip the whole-line patterns (and their cost).
_MAX_BOILERPLATE_LINE = 240
_MAX_CAPTION_LINE = 320
_MAX_LABEL_WORDS = 5
_BIO_CANDIDATES = 2
_FINAL_PUNCTUATION = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*$")
# `(?<!\s)`: the blanks are taken from the start of their run, so a line of blanks is read once.
_SITE_SUFFIX = re.compile(r"(?<!\s)\s+[|｜]\s+[^|｜]{1,60}$")
_MAX_SITE_WORDS = 5
_READER_WORDS = re.compile(r"\b(?:you|your|we|our|us)\b", re.IGNORECASE)


class _Kind(enum.Enum):
    ARTICLE = "article"
    LABEL = "label"
    BOILERPLATE = "boilerplate"
    TAIL = "tail"
    CONSENT = "consent"


class _Line(NamedTuple):
    start: int
    end: int
    kind: _Kind


class _Table(msgspec.Struct, frozen=True):
    line: list[str]
    tail_heading: list[str]
    caption_credit: list[str]
    consent: list[str]
    author_bio: list[str]


class _Patterns(NamedTuple):
    line: re.Pattern[str]
    tail_heading: re.Pattern[str]
    caption_credit: re.Pattern[str]
    consent: re.Pattern[str]
    author_bio: re.Pattern[str]


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{pattern})" for pattern in patterns)


def compile_any(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    """One regex that finds any of a data file's patterns.

    Patterns that start at a word boundary share one leading `\\b`: the engine then tries the
    alternatives only where a word starts, which makes a search several times faster.
    """
    bounded = [pattern.removeprefix(r"\b") for pattern in patterns if pattern.startswith(r"\b")]
    others = [pattern for pattern in patterns if not pattern.startswith(r"\b")]
    parts = [rf"\b(?:{_alternation(bounded)})"] if bounded else []
    if others:
        parts.append(_alternation(others))
    return re.compile("|".join(parts), flags)


def _whole_line(patterns: list[str]) -> re.Pattern[str]:
    # Decorations around a button or heading (">>> Read more <<<", "• Share") are not content.
    return re.compile(rf"[\W_]*(?:{_alternation(patterns)})[\W_]*", re.IGNORECASE)


@cache
def _patterns() -> _Patterns:
    raw = resources.files("service.text").joinpath("data", "boilerplate.json").read_bytes()
    table = msgspec.json.decode(raw, type=_Table)
    return _Patterns(
        line=_whole_line(table.line),
        tail_heading=_whole_line(table.tail_heading),
        caption_credit=compile_any(table.caption_credit),
        consent=compile_any(table.consent),
        author_bio=compile_any(table.author_bio),
    )


def _classify(line: str) -> _Kind:
    patterns = _patterns()
    if len(line) <= _MAX_BOILERPLATE_LINE:
        if patterns.tail_heading.fullmatch(line):
            return _Kind.TAIL
        if patterns.line.fullmatch(line):
            return _Kind.BOILERPLATE
    # Lower-casing once is cheaper than case-insensitive matching.
    lowered = line.lower()
    if len(line) <= _MAX_CAPTION_LINE and patterns.caption_credit.search(lowered):
        return _Kind.BOILERPLATE
    if patterns.consent.search(lowered):
        return _Kind.CONSENT
    if len(line.split(maxsplit=_MAX_LABEL_WORDS)) <= _MAX_LABEL_WORDS and not (
        _FINAL_PUNCTUATION.search(line)
    ):
        return _Kind.LABEL
    return _Kind.ARTICLE


def is_boilerplate_line(line: str) -> bool:
    """Whether a line or sentence is page furniture rather than something a report asserts.

    Consent wording counts only when it addresses the reader ("We use cookies ..."), so a
    sentence about a cookie law is not boilerplate.
    """
    kind = _classify(line.strip())
    if kind is _Kind.CONSENT:
        return _READER_WORDS.search(line) is not None
    return kind in (_Kind.BOILERPLATE, _Kind.TAIL)


def article_regions(text: str) -> list[tuple[int, int]]:
    """Code-point [start, end) regions of `text` that are article content (boilerplate removed)."""
    lines = [
        _Line(start, end, _classify(text[start:end]))
        for start, end in line_spans(text)
        if start < end
    ]
    lines = lines[: _tail_start(lines)]
    lines = lines[: _biography_start(text, lines)]
    keep = _banner_free(lines)
    regions: list[tuple[int, int]] = []
    previous_kept = -2
    for index, line in enumerate(lines):
        if not keep[index]:
            continue
        end = _without_site_suffix(text, line) if index == 0 else line.end
        if previous_kept == index - 1 and regions[-1][1] == lines[index - 1].end:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((line.start, end))
        previous_kept = index
    return regions


def _tail_start(lines: list[_Line]) -> int:
    article_total = sum(line.end - line.start for line in lines if line.kind is _Kind.ARTICLE)
    before = 0
    for index, line in enumerate(lines):
        if line.kind is _Kind.ARTICLE:
            before += line.end - line.start
        elif line.kind is _Kind.TAIL and before > 0 and before >= article_total - before:
            return index
    return len(lines)


def _biography_start(text: str, lines: list[_Line]) -> int:
    article = [index for index, line in enumerate(lines) if line.kind is _Kind.ARTICLE]
    bio = _patterns().author_bio
    # The first article paragraph is never a biography: something has to come before it.
    for index in article[1:][-_BIO_CANDIDATES:]:
        if bio.match(text, lines[index].start, lines[index].end):
            return index
    return len(lines)


def _banner_free(lines: list[_Line]) -> list[bool]:
    keep = [line.kind not in (_Kind.BOILERPLATE, _Kind.TAIL) for line in lines]
    run_start = 0
    for index in range(len(lines) + 1):
        if index < len(lines) and lines[index].kind is not _Kind.ARTICLE:
            continue
        if run_start < index:
            _drop_banner(lines, keep, run_start, index)
        run_start = index + 1
    return keep


def _drop_banner(lines: list[_Line], keep: list[bool], start: int, end: int) -> None:
    consent = [i for i in range(start, end) if lines[i].kind is _Kind.CONSENT]
    at_edge = start == 0 or end == len(lines)
    if len(consent) >= 2 or (consent and at_edge):
        for index in consent:
            keep[index] = False
    dropped = [i for i in range(start, end) if not keep[i]]
    if len(dropped) >= 2:
        for index in range(dropped[0] + 1, dropped[-1]):
            if lines[index].kind is _Kind.LABEL:
                keep[index] = False


def _without_site_suffix(text: str, line: _Line) -> int:
    suffix = _SITE_SUFFIX.search(text, line.start, line.end)
    if suffix is None or len(suffix.group().split()) - 1 > _MAX_SITE_WORDS:
        return line.end
    return suffix.start()
