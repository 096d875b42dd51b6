"""Making a watch: its statements, its callback, and the claims it already matches."""

import asyncio
import secrets

from schemas.check import CheckRequest
from schemas.limits import MAX_MATCHES
from schemas.watches import WatchIn
from service.errors import InvalidInput
from service.matching.checker import Checker
from service.store.base import Store
from service.store.watch_records import BaselineMatch, NewWatch, NewWatchStatement, WatchRecord
from service.text.analyse import analyse
from service.text.claims import checkworthy_sentences
from service.watches.callbacks import CallbackPolicy, CallbackRefused, parse_callback

# A watch is checked once per statement when made (its baseline): a draft article, not a book.
MAX_WATCH_STATEMENTS = 50


def watched_statements(data: WatchIn) -> list[NewWatchStatement]:
    """The statements to watch: the one given, or the text's check-worthy sentences (the same
    ones the editor checks). CPU-bound."""
    if (data.statement is None) == (data.text is None):
        raise InvalidInput("statement", "give exactly one of `statement` or `text`")
    if data.statement is not None:
        return [NewWatchStatement(text=data.statement, analysis=analyse(data.statement))]
    assert data.text is not None
    # A text without a check-worthy sentence makes a watch of none (as a check of it answers
    # no sentence): the answer's empty `statements` says so, and nothing will fire.
    found = checkworthy_sentences(data.text)
    if len(found) > MAX_WATCH_STATEMENTS:
        raise InvalidInput(
            "text", f"has {len(found)} check-worthy sentences; a watch takes {MAX_WATCH_STATEMENTS}"
        )
    return [
        NewWatchStatement(text=s.text, analysis=analyse(s.text), start=s.start, end=s.end)
        for s in found
    ]


def checked_callback(data: WatchIn, policy: CallbackPolicy) -> tuple[str | None, str | None]:
    """The callback URL and the signing secret (made when a callback comes without one)."""
    if data.callback_url is None:
        if data.secret is not None:
            raise InvalidInput("secret", "only means something with a `callback_url`")
        return None, None
    try:
        parse_callback(data.callback_url, policy)
    except CallbackRefused as exc:
        raise InvalidInput("callback_url", str(exc)) from exc
    return data.callback_url, data.secret or secrets.token_urlsafe(32)


async def make_watch(
    data: WatchIn, store: Store, checker: Checker, policy: CallbackPolicy
) -> WatchRecord:
    callback_url, secret = checked_callback(data, policy)
    statements = await asyncio.to_thread(watched_statements, data)
    # Read before the checks: a claim stored after this revision fires the watch unless the
    # checks below already saw it (then it is in the baseline and the match row stops it).
    revision = await store.revision()
    baseline: list[BaselineMatch] = []
    for index, statement in enumerate(statements):
        result = await checker.check(CheckRequest(statement=statement.text, limit=MAX_MATCHES))
        baseline.extend(
            BaselineMatch(index, match.claim.id, match.stance)
            for match in result.matches
            if match.stance != "related"
        )
    stances = tuple(dict.fromkeys(data.stances))
    return await store.put_watch(
        NewWatch(
            statements=statements,
            stances=stances,
            created_revision=revision,
            callback_url=callback_url,
            secret=secret,
            baseline=baseline,
        )
    )
