"""Queries both backends run, written once: each backend gives its SQL dialect.

The two backends differ in placeholders (`?`, `%s`) and in a few functions; what a query asks
for, and in which order, is the same, so it lives here and the contract suite holds both to it.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from service.store.codec import since_date, utc_instant
from service.store.records import ClaimFilter, ClaimRecord


@dataclass(frozen=True)
class Dialect:
    param: str  # the placeholder of one parameter
    date_prefix: str  # the first ten characters (the date) of `published_at`
    instant: str  # a parameter read as an instant, to compare with a stored timestamp


def claim_listing(
    select: str, dialect: Dialect, *, limit: int, after_id: int | None, where: ClaimFilter | None
) -> tuple[str, list[int | str]]:
    """`Store.list_claims` as SQL and its parameters: `select` (the claim columns FROM claims)
    filtered by `where`, after `after_id`, in id order."""
    p = dialect.param
    conditions: list[str] = [f"id > {p}"]
    params: list[int | str] = [after_id or 0]
    if where is not None and where.report_id is not None:
        conditions.append(f"report_id = {p}")
        params.append(where.report_id)
    if where is not None and where.source is not None:
        conditions.append(f"source = {p}")
        params.append(where.source)
    if where is not None and where.since is not None:
        conditions.append(f"{dialect.date_prefix} >= {p}")
        params.append(since_date(where.since))
    if where is not None and where.updated_since is not None:
        conditions.append(f"created_at >= {dialect.instant}")
        params.append(utc_instant(where.updated_since))
    sql = f"{select} WHERE {' AND '.join(conditions)} ORDER BY id LIMIT {p}"
    return sql, [*params, limit]


ListClaims = Callable[..., Awaitable[list[ClaimRecord]]]


async def claims_in_batches(
    list_claims: ListClaims, batch_size: int
) -> AsyncIterator[list[ClaimRecord]]:
    """`Store.iter_claims` on any backend: `list_claims` pages, in id order, until empty."""
    after_id = 0
    while True:
        batch = await list_claims(limit=batch_size, after_id=after_id)
        if not batch:
            return
        yield batch
        after_id = batch[-1].id
