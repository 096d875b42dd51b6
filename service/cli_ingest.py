"""`factcheck ingest`: report files and folders (or `-`, NDJSON on standard input) into the
store, in batches, with a progress bar that counts reports, not files.

A bad item stops the run at that item, after storing every report before it, and says how
many were stored; `--skip-invalid` reports each bad item and goes on. A second run of the
same files replaces rather than duplicates (each report has an external_id: its own, or its
file's path inside the folder named).
"""

import argparse
import asyncio
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from schemas.reports import ReportIn
from service.ingest.loaders import LoadError, count_reports, iter_reports, named_report_files
from service.ingest.pipeline import Prepared, Rejected, ReportStored, prepare, store_prepared
from service.settings import Settings

INGEST_BATCH = 200


@dataclass
class Tally:
    created: int = 0
    replaced: int = 0
    claims: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.created + self.replaced

    def summary(self) -> str:
        line = (
            f"ingested {self.created} new and {self.replaced} replaced reports, "
            f"{self.claims} claims"
        )
        if self.skipped:
            line += f"; skipped {len(self.skipped)} invalid"
        return line


class StoppedAtInvalid(Exception):
    """A bad item without --skip-invalid; the message says what was stored before it."""


def ingest_command(args: argparse.Namespace, console: Console | None = None) -> int:
    console = console or Console(stderr=True)
    with tempfile.TemporaryDirectory(prefix="factcheck-stdin-") as folder:
        paths: list[Path] = []
        for path in args.paths:
            if str(path) == "-":
                piped = Path(folder, "stdin.ndjson")
                with piped.open("w", encoding="utf-8") as out:
                    shutil.copyfileobj(sys.stdin, out)
                paths.append(piped)
            else:
                paths.append(path)
        files = named_report_files(paths)
        tally = Tally()
        try:
            asyncio.run(_ingest(files, args.source, args.skip_invalid, tally, console))
        except StoppedAtInvalid as exc:
            print(f"factcheck: {exc}", file=sys.stderr)
            return 2
    for skipped in tally.skipped:
        print(f"skipped {skipped}", file=sys.stderr)
    print(tally.summary())
    return 0


def _items(files: list[tuple[Path, str]], source: str | None) -> Iterator[ReportIn | LoadError]:
    for path, name in files:
        yield from iter_reports(path, name=name, source=source)


async def _ingest(
    files: list[tuple[Path, str]],
    source: str | None,
    skip_invalid: bool,
    tally: Tally,
    console: Console,
) -> None:
    from service.runtime import running

    settings = Settings.from_env()
    total = sum(count_reports(path) for path, _ in files)
    progress = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("reports  {task.fields[claims]} claims"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,
    )
    # One batch is prepared (in worker processes) while the one before it is written: the two
    # halves of `service.ingest.pipeline.ingest`, overlapped.
    pending: tuple[list[ReportIn], asyncio.Task[list[Prepared]]] | None = None
    async with running(settings, follow=False, semantic=False) as services:
        task = progress.add_task("ingest", total=total, claims=0)

        async def write() -> None:
            nonlocal pending
            if pending is None:
                return
            (batch, preparing), pending = pending, None
            prepared = await preparing
            bad = next((n for n, p in enumerate(prepared) if isinstance(p, Rejected)), None)
            stop = bad is not None and not skip_invalid
            upto = bad if stop and bad is not None else len(batch)
            outcomes = await store_prepared(
                services.store, batch[:upto], prepared[:upto], observer=services.observer
            )
            for report, outcome in zip(batch, outcomes, strict=False):
                if isinstance(outcome, ReportStored):
                    tally.replaced += outcome.result.replaced
                    tally.created += not outcome.result.replaced
                    tally.claims += len(outcome.result.claims)
                elif isinstance(outcome, Rejected):
                    tally.skipped.append(_rejection(report, outcome))
            progress.update(task, completed=tally.stored + len(tally.skipped), claims=tally.claims)
            if stop:
                rejected = prepared[upto]
                assert isinstance(rejected, Rejected)
                raise StoppedAtInvalid(_stopped_message(_rejection(batch[upto], rejected), tally))

        async def flush(batch: list[ReportIn]) -> None:
            nonlocal pending
            items = list(batch)
            next_batch = (items, asyncio.ensure_future(prepare(services.preparer, items)))
            batch.clear()
            try:
                await write()
            finally:
                pending = next_batch

        batch: list[ReportIn] = []
        with progress:
            try:
                # Batches bound memory (an NDJSON file may hold a million reports) and amortise
                # one transaction over many reports.
                for item in _items(files, source):
                    if isinstance(item, LoadError):
                        if not skip_invalid:
                            if batch:
                                await flush(batch)
                            await write()
                            raise StoppedAtInvalid(_stopped_message(str(item), tally))
                        tally.skipped.append(str(item))
                        continue
                    batch.append(item)
                    if len(batch) >= INGEST_BATCH:
                        await flush(batch)
                if batch:
                    await flush(batch)
                await write()
            finally:
                if pending is not None:
                    pending[1].cancel()
                    await asyncio.gather(pending[1], return_exceptions=True)


def _rejection(report: ReportIn, rejected: Rejected) -> str:
    return f"report {report.external_id or report.title or '(unnamed)'}: {rejected.error()}"


def _stopped_message(item: str, tally: Tally) -> str:
    return (
        f"{item}\nstopped there: the {tally.stored} reports before it were stored "
        f"({tally.created} new, {tally.replaced} replaced) and nothing after it. Fix it and run "
        "again (stored reports are replaced, not duplicated), or pass --skip-invalid."
    )
