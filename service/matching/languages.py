"""Each match says the language of its claim: its report's language ("en" for a claim posted
on its own), so a consumer can tell evidence in another language from English evidence.

The language is not part of a claim's stored analysis, and judging never needs it; it is read
for the matches of an answer only, one query for the page (`Store.claim_languages`).
"""

from collections.abc import Sequence

import msgspec

from schemas.check import CheckRequest, CheckResult, Match, MatchedClaim
from schemas.timeline import TimelinePoint
from service.matching.checker import Checker
from service.store.base import Store


async def _languages(store: Store, claims: Sequence[MatchedClaim]) -> dict[int, str]:
    wanted = sorted({claim.id for claim in claims if claim.language is None})
    return await store.claim_languages(wanted) if wanted else {}


def _tagged(claim: MatchedClaim, languages: dict[int, str]) -> MatchedClaim:
    language = languages.get(claim.id)
    if language is None or claim.language is not None:
        return claim  # already tagged, or deleted since it was matched
    return msgspec.structs.replace(claim, language=language)


async def tag_matches(store: Store, matches: Sequence[Match]) -> list[Match]:
    languages = await _languages(store, [m.claim for m in matches])
    return [msgspec.structs.replace(m, claim=_tagged(m.claim, languages)) for m in matches]


async def tag_points(store: Store, points: Sequence[TimelinePoint]) -> list[TimelinePoint]:
    languages = await _languages(store, [p.claim for p in points])
    return [msgspec.structs.replace(p, claim=_tagged(p.claim, languages)) for p in points]


class LanguageTaggingChecker(Checker):
    """The Checker whose every answer (API, CLI, watches) tags its matches with a language."""

    async def check(self, request: CheckRequest) -> CheckResult:
        result = await super().check(request)
        matches = await tag_matches(self.store, result.matches)
        return msgspec.structs.replace(result, matches=matches)
