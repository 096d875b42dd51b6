"""Seeding: an empty store receives the seed reports once, with their manifest's metadata."""

from pathlib import Path

import msgspec

from schemas.reports import ReportIn
from service.ingest.loaders import load_reports
from service.ingest.pipeline import IngestObserver, Preparer, ingest
from service.store.base import Store

MANIFEST = "manifest.json"


class SeedEntry(msgspec.Struct, frozen=True):
    file: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None
    date_basis: str | None = None
    source_basis: str | None = None  # how the publisher and link were read from the text


class SeedManifest(msgspec.Struct, frozen=True):
    reports: list[SeedEntry]
    about: str = ""


def seed_reports(folder: Path) -> list[ReportIn]:
    """The seed reports of a folder: the manifest's files in its order, else every `.txt` file."""
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        return [r for p in sorted(folder.glob("*.txt")) for r in load_reports(p)]
    manifest = msgspec.json.decode(manifest_path.read_bytes(), type=SeedManifest)
    reports: list[ReportIn] = []
    for entry in manifest.reports:
        reports.extend(
            load_reports(
                folder / entry.file,
                title=entry.title,
                source=entry.source,
                url=entry.url,
                published_at=entry.published_at,
            )
        )
    return reports


async def seed_if_empty(
    store: Store, folder: Path, preparer: Preparer, *, observer: IngestObserver | None = None
) -> int:
    """Ingest the seeds into an empty store; returns how many reports were ingested (0 if none).

    An existing store is left alone, so seeds deleted by a user do not come back on restart; and
    each seed has its file name as external_id, so a second seeding replaces rather than duplicates.
    """
    if await store.count_reports() > 0:
        return 0
    # Reading five small files is quicker than a thread hop; start-up has nothing else to serve.
    reports = seed_reports(folder) if folder.is_dir() else []  # noqa: ASYNC240
    if not reports:
        return 0
    # Atomic: a seed that fails validation stops the start, naming the field, as it always has.
    await ingest(store, preparer, reports, observer=observer, atomic=True)
    return len(reports)
