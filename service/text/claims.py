"""Claims: the sentences of a report that assert something checkable, with their spans.

`extract_claims` cleans a scraped report (clean.article_regions), splits the article into
sentences and keeps those whose check-worthiness (checkworthiness.py) reaches the threshold.
`checkworthy_sentences` does the same for a paragraph an editor is drafting: no article has to be
found in it, but boilerplate sentences still score 0.

A claim's text is always `text[start:end]` of the text given, in code points. A sentence repeated
word for word (a headline printed twice) is one claim, at its first place. Sentences longer than
a statement may be are run-ons, never claims.
"""

import msgspec

from schemas.limits import MAX_STATEMENT_CHARS
from service.text.checkworthiness import checkworthiness
from service.text.clean import article_regions
from service.text.sentences import Sentence, split_sentences

# Keeps every figure-bearing or attributed statement with a verb and a named actor, and drops
# questions, opinions, labels and bare pronoun sentences ("Naturally, they are talking.").
DEFAULT_MIN_CHECKWORTHINESS = 0.4


class ExtractedClaim(msgspec.Struct, frozen=True):
    text: str
    start: int
    end: int
    checkworthiness: float  # 0..1


def extract_claims(
    text: str, *, min_checkworthiness: float = DEFAULT_MIN_CHECKWORTHINESS
) -> list[ExtractedClaim]:
    """The claims of a report, boilerplate removed, in text order."""
    return _claims(split_sentences(text, article_regions(text)), min_checkworthiness)


def checkworthy_sentences(text: str) -> list[ExtractedClaim]:
    """The claims of a draft paragraph, scored by the same rules as a report's."""
    return _claims(split_sentences(text), DEFAULT_MIN_CHECKWORTHINESS)


def _claims(sentences: list[Sentence], minimum: float) -> list[ExtractedClaim]:
    claims: list[ExtractedClaim] = []
    seen: set[str] = set()
    for sentence in sentences:
        if len(sentence.text) > MAX_STATEMENT_CHARS:
            continue
        score = checkworthiness(sentence.text)
        if score < minimum:
            continue
        key = " ".join(sentence.text.casefold().split())
        if key in seen:
            continue
        seen.add(key)
        claims.append(
            ExtractedClaim(
                text=sentence.text, start=sentence.start, end=sentence.end, checkworthiness=score
            )
        )
    return claims
