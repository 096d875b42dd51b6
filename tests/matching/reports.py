"""A report made of given claim sentences, stored as ingest would store it, for check tests."""

import hashlib

from service.store.records import NewClaim, NewReport
from service.text.analyse import analyse


def report_of(claims: list[str], *, title: str | None = None) -> NewReport:
    body = " ".join(claims)
    return NewReport(
        text=body,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        source="Test Wire",
        title=title,
        claims=[NewClaim(text=t, checkworthiness=0.9, analysis=analyse(t)) for t in claims],
    )
