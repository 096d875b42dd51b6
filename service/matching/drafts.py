"""Checking a draft: each check-worthy sentence of it, where it is (in code points and in UTF-16
units, as an editor counts), and its check. One use case for `POST /v1/check/text` and
`factcheck check-text`.

A sentence in a language factcheck does not match is not checked; it says so in `unchecked`
instead of coming back as a silent `unverified`.
"""

import msgspec

from schemas.check import CheckRequest, CheckResult, SentenceCheck
from schemas.limits import MAX_STATEMENT_CHARS
from service.language import unsupported
from service.matching.checker import Checker
from service.text.claims import ExtractedClaim, checkworthy_sentences
from service.text.offsets import Utf16Offsets


class Draft(msgspec.Struct, frozen=True):
    sentences: list[ExtractedClaim]
    utf16: Utf16Offsets


def split_draft(text: str) -> Draft:
    """The check-worthy sentences of a draft. Seconds for 200,000 characters: callers that
    serve other requests meanwhile run it in a thread."""
    return Draft(checkworthy_sentences(text), Utf16Offsets(text))


async def check_draft(
    checker: Checker, draft: Draft, *, limit: int, min_score: float | None = None
) -> list[SentenceCheck]:
    checked: list[SentenceCheck] = []
    for sentence in draft.sentences:
        statement = sentence.text[:MAX_STATEMENT_CHARS]
        reason = unsupported(statement)
        if reason is None:
            request = CheckRequest(statement=statement, limit=limit, min_score=min_score)
            result = await checker.check(request)
        else:
            result = CheckResult(
                statement=statement, verdict="unverified", matches=[], index_revision=0, took_ms=0
            )
        checked.append(
            SentenceCheck(
                text=sentence.text,
                start=sentence.start,
                end=sentence.end,
                start_utf16=draft.utf16.at(sentence.start),
                end_utf16=draft.utf16.at(sentence.end),
                checkworthiness=sentence.checkworthiness,
                result=result,
                unchecked=reason,
            )
        )
    return checked
