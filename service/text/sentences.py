"""Split text into sentences with exact code-point spans; rules and regexes, no model.

Lines first. A blank line, a bullet item (•, -, *, "1.", "a)" ...) and a line that reads as a
headline (no final punctuation, and the next line does not continue it) each end a block. A line
continues the previous one only when it starts in lower case, or when the previous one ends in a
comma, a dash, an open bracket or a word that cannot end a sentence ("of", "the", "Mr." ...):
that is how hard-wrapped paragraphs look, and headlines do not.

Then terminators inside a block. ".", "!", "?", "…" (with any closing quotes or brackets after
them) end a sentence when whitespace follows and the next word does not start in lower case;
"。", "！", "？" end one even without whitespace. A dot does not end a sentence after a title
("Mr.", "Gen."), after "No."/"Fig." before a digit, or after another abbreviation or an initial
("U.S.", "etc.", "J.") unless a common sentence starter follows ("... in the U.S. The ...").
Decimals ("1.28 million", "$3.5bn") never split: no whitespace follows their dot.

Every `Sentence.text` is `source[start:end]`: whitespace and bullet markers are trimmed by moving
the span, never by editing the text. Sentences with no letter or digit are dropped.
"""

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

import msgspec


class Sentence(msgspec.Struct, frozen=True):
    text: str
    start: int
    end: int


class _Tables(msgspec.Struct, frozen=True):
    title_abbreviations: frozenset[str]
    numeric_abbreviations: frozenset[str]
    other_abbreviations: frozenset[str]
    sentence_starters: frozenset[str]
    continuation_words: frozenset[str]


@cache
def _tables() -> _Tables:
    raw = resources.files("service.text").joinpath("data", "sentences.json").read_bytes()
    return msgspec.json.decode(raw, type=_Tables)


# The characters str.splitlines() breaks at; "\r\n" first so it counts as one break.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Zero-width space and BOM are invisible, so they are trimmed with the whitespace.
_EDGE_JUNK = re.compile(r"[\s\u200b\ufeff]+")
_BULLET = re.compile(r"(?:[•◦▪▫‣⁃●○■□·∙►▶➢✓✔*+\-–—]|\d{1,3}[.)]|[a-z]\))[ \t\u00a0]+")
# Closing quotes and brackets stay with the sentence they end, and so do the invisible marks that
# close right-to-left runs (LRM, RLM, PDF, PDI): "… Russia.\u2069 Officials …" is two sentences.
_TERMINATOR = re.compile(r"(?:[.!?…]+|[。！？]+)[\"'”’»)\]」』\u200e\u200f\u202c\u2069]*")
_CJK_TERMINATORS = frozenset("。！？")
_OPENERS = "\"'“‘«([「『¿¡"
_HAS_WORD = re.compile(r"[^\W_]")
_WORD_AT = re.compile(r"\w+")
_TOKEN_BEFORE = re.compile(r"(?<![\w.])(?:\w+\.)*\w+$")
_WRAP_PUNCTUATION = frozenset(",;:([{-–—/“‘")
_LAST_WORD = re.compile(r"(\w+)\W*$")


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Move `start`/`end` inwards past whitespace and invisible zero-width characters."""
    edge = _EDGE_JUNK.match(text, start, end)
    if edge:
        start = edge.end()
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\u200b\ufeff"):
        end -= 1
    return start, end


def line_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Each line of `text[start:end]` as a stripped span; a blank line is an empty span."""
    stop = len(text) if end is None else end
    line_start = start
    for brk in _LINE_BREAK.finditer(text, start, stop):
        yield _strip_span(text, line_start, brk.start())
        line_start = brk.end()
    yield _strip_span(text, line_start, stop)


def _bullet_end(text: str, start: int, end: int) -> int:
    """Where a line's content starts once a leading bullet marker is skipped (`start` if none)."""
    marker = _BULLET.match(text, start, end)
    return marker.end() if marker else start


def split_sentences(text: str, regions: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """Sentences of `text`, or of the given [start, end) regions of it, in order."""
    sentences: list[Sentence] = []
    for start, end in _merged(regions, len(text)):
        for block_start, block_end in _blocks(text, start, end):
            _split_block(text, block_start, block_end, sentences)
    return sentences


def _merged(regions: list[tuple[int, int]] | None, size: int) -> list[tuple[int, int]]:
    """Regions clipped to the text, in order, overlapping ones joined: no text is split twice."""
    if regions is None:
        return [(0, size)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(start, 0), min(end, size)) for start, end in regions):
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    block_start = block_end = -1
    for line_start, line_end in line_spans(text, start, end):
        if line_start == line_end:
            if block_start >= 0:
                yield block_start, block_end
            block_start = -1
            continue
        content_start = _bullet_end(text, line_start, line_end)
        is_bullet = content_start > line_start
        if not is_bullet and block_start >= 0 and _continues(text, block_end, line_start):
            block_end = line_end
            continue
        if block_start >= 0:
            yield block_start, block_end
        block_start, block_end = _strip_span(text, content_start, line_end)
    if block_start >= 0:
        yield block_start, block_end


def _continues(text: str, previous_end: int, line_start: int) -> bool:
    """Whether a line carries on the sentence of the line before (hard wrap, not a headline)."""
    if text[line_start].islower():
        return True
    last = text[previous_end - 1]
    if last in _WRAP_PUNCTUATION:
        return True
    word = _LAST_WORD.search(text, max(0, previous_end - 40), previous_end)
    if word is None:
        return False
    tables = _tables()
    lowered = word.group(1).lower()
    if last == ".":
        return lowered in tables.title_abbreviations and word.group(1)[0].isupper()
    return word.end() == previous_end and lowered in tables.continuation_words


def _split_block(text: str, start: int, end: int, out: list[Sentence]) -> None:
    sentence_start = start
    for terminator in _TERMINATOR.finditer(text, start, end):
        after = terminator.end()
        if after >= end:
            break
        if _ends_sentence(text, terminator, end):
            _emit(text, sentence_start, after, out)
            sentence_start = after
    _emit(text, sentence_start, end, out)


def _ends_sentence(text: str, terminator: re.Match[str], block_end: int) -> bool:
    after = terminator.end()
    if terminator.group()[0] in _CJK_TERMINATORS:
        return True
    if not text[after].isspace():
        return False
    position = _EDGE_JUNK.match(text, after, block_end)
    nxt = position.end() if position else after
    while nxt < block_end and text[nxt] in _OPENERS:
        nxt += 1
    if nxt >= block_end or text[nxt].islower():
        return False
    if terminator.group().startswith(("..", "…")) or terminator.group()[0] != ".":
        return True
    return not _dot_closes_abbreviation(text, terminator.start(), nxt, block_end)


def _dot_closes_abbreviation(text: str, dot: int, nxt: int, block_end: int) -> bool:
    token_match = _TOKEN_BEFORE.search(text, max(0, dot - 24), dot)
    if token_match is None:
        return False
    token = token_match.group()
    lowered = token.lower()
    tables = _tables()
    if lowered in tables.title_abbreviations:
        return token[0].isupper()
    if lowered in tables.numeric_abbreviations:
        return text[nxt].isdigit()
    is_initial = len(token) == 1 and token.isupper()
    is_dotted = "." in token and all(part.isalpha() and len(part) <= 3 for part in token.split("."))
    if lowered in tables.other_abbreviations or is_initial or is_dotted:
        next_word = _WORD_AT.match(text, nxt, block_end)
        return next_word is None or next_word.group().lower() not in tables.sentence_starters
    return False


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    start, end = _strip_span(text, start, end)
    if start < end and _HAS_WORD.search(text, start, end):
        out.append(Sentence(text=text[start:end], start=start, end=end))
