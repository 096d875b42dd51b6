"""`factcheck` (and `python -m service`): serve, ingest, list, check, evaluate, reindex.

Every command takes the same code paths as the API, with Settings read from FACTCHECK_*.
"""

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import msgspec

from schemas.check import CheckRequest
from schemas.reports import ReportIn
from service.api.plain import render_check
from service.loaders import LoadError, load_reports, report_files
from service.runtime import running
from service.settings import Settings, SettingsError
from service.store.records import NewReport

INGEST_BATCH = 200


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.run(args)
        return result
    except (SettingsError, LoadError) as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factcheck", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", help="bind address (FACTCHECK_HOST)")
    serve.add_argument("--port", type=int, help="port (FACTCHECK_PORT)")
    serve.add_argument("--workers", type=int, help="worker processes (FACTCHECK_WORKERS)")
    serve.set_defaults(run=_serve)

    ingest = commands.add_parser("ingest", help="ingest report files or folders")
    ingest.add_argument(
        "paths", nargs="+", type=Path, help=".txt, .json or .ndjson files, or folders"
    )
    ingest.add_argument("--source", help="publisher for .txt files")
    ingest.set_defaults(run=_ingest)

    for name, what in (("reports", "list stored reports"), ("claims", "list stored claims")):
        listing = commands.add_parser(name, help=what)
        listing.add_argument("--limit", type=int, default=20)
        listing.add_argument("--json", action="store_true", help="print JSON lines")
        if name == "claims":
            listing.add_argument("--report-id", type=int)
        listing.set_defaults(run=_list, kind=name)

    check = commands.add_parser("check", help="check a statement against the index")
    check.add_argument("statement")
    check.add_argument("--limit", type=int, default=5)
    check.add_argument("--json", action="store_true", help="print the JSON result")
    check.set_defaults(run=_check)

    reindex = commands.add_parser("reindex", help="rebuild the search index from the store")
    reindex.set_defaults(run=_reindex)

    backup = commands.add_parser(
        "backup", help="write a consistent copy of the store while the service runs"
    )
    backup.add_argument(
        "target", type=Path, help="new file: a SQLite database, or a pg_dump custom archive"
    )
    backup.set_defaults(run=_backup)

    from service.evaluation.cli import add_eval_commands

    add_eval_commands(commands)
    return parser


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.api.security import load_key_ring, refuse_open_exposure
    from service.matching.semantic.engine import require_weights

    # Worker processes build their own app from the environment, so overrides go there too.
    for name in ("host", "port", "workers"):
        value = getattr(args, name)
        if value is not None:
            os.environ[f"FACTCHECK_{name.upper()}"] = str(value)
    settings = Settings.from_env()
    # Fail here, with one line, before uvicorn would fail the same way in every worker.
    refuse_open_exposure(settings, load_key_ring(settings))
    require_weights(settings.semantic)
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        proxy_headers=True,
        access_log=False,  # the app writes its own JSON access lines, with request ids
    )
    return 0


def _backup(args: argparse.Namespace) -> int:
    return asyncio.run(_backup_store(args.target))


async def _backup_store(target: Path) -> int:
    from service.errors import FactcheckError
    from service.store.factory import create_store

    settings = Settings.from_env()
    # The store alone: a backup needs neither the search index nor the seeds.
    store = create_store(settings.database_url, sqlite_synchronous=settings.sqlite_synchronous)
    try:
        await store.open()
        await store.backup(str(target))
    except FactcheckError as exc:
        print(f"factcheck: backup failed: {exc}", file=sys.stderr)
        return 1
    finally:
        await store.close()
    print(f"backed up the store to {target}")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    return asyncio.run(_ingest_files(report_files(args.paths), args.source))


async def _ingest_files(files: list[Path], source: str | None) -> int:
    settings = Settings.from_env()
    progress = Progress(len(files))
    created = replaced = claims = 0
    # One batch is prepared (in worker processes) while the one before it is written.
    preparing: asyncio.Task[list[NewReport]] | None = None
    async with running(settings, follow=False, semantic=False) as services:
        batch: list[ReportIn] = []

        async def write() -> None:
            nonlocal created, replaced, claims, preparing
            if preparing is None:
                return
            prepared, preparing = await preparing, None
            for result in await services.store.put_reports(prepared):
                replaced += result.replaced
                created += not result.replaced
                claims += len(result.claims)

        async def flush() -> None:
            nonlocal preparing
            next_batch = asyncio.ensure_future(services.preparer.prepare(list(batch)))
            batch.clear()
            try:
                await write()
            finally:
                preparing = next_batch

        try:
            # Batches bound memory (an NDJSON file may hold a million reports) and amortise
            # one transaction over many reports.
            for done, path in enumerate(files, start=1):
                for report in load_reports(path, source=source):
                    batch.append(report)
                    if len(batch) >= INGEST_BATCH:
                        await flush()
                        progress.show(done - 1, f"{created + replaced} reports, {claims} claims")
                if batch:
                    await flush()
                progress.show(done, f"{created + replaced} reports, {claims} claims")
            await write()
        finally:
            if preparing is not None:
                preparing.cancel()
                await asyncio.gather(preparing, return_exceptions=True)
    progress.finish()
    print(f"ingested {created} new and {replaced} replaced reports, {claims} claims")
    return 0


def _list(args: argparse.Namespace) -> int:
    return asyncio.run(_list_rows(args))


async def _list_rows(args: argparse.Namespace) -> int:
    from service.api.convert import claim_out, report_summary
    from service.store.records import ClaimFilter

    async with running(Settings.from_env(), follow=False, semantic=False) as services:
        if args.kind == "reports":
            reports = await services.store.list_reports(limit=args.limit)
            for report in reports:
                summary = report_summary(report)
                if args.json:
                    print(msgspec.json.encode(summary).decode())
                else:
                    print(
                        f"{report.id:>6}  {report.claim_count:>4} claims  "
                        f"{report.published_at or '':<10}  {report.title or report.external_id}"
                    )
        else:
            where = ClaimFilter(report_id=args.report_id)
            for claim in await services.store.list_claims(limit=args.limit, where=where):
                if args.json:
                    print(msgspec.json.encode(claim_out(claim)).decode())
                else:
                    print(f"{claim.id:>6}  r{claim.report_id or '-':<5} {claim.text}")
    return 0


def _check(args: argparse.Namespace) -> int:
    async def run() -> int:
        async with running(Settings.from_env(), follow=False) as services:
            result = await services.checker.check(
                CheckRequest(statement=args.statement, limit=args.limit)
            )
        print(msgspec.json.encode(result).decode() if args.json else render_check(result), end="")
        return 0

    return asyncio.run(run())


def _reindex(args: argparse.Namespace) -> int:
    async def run() -> int:
        async with running(Settings.from_env(), follow=False, semantic=False) as services:
            revision = await services.sync.rebuild()
            print(f"index rebuilt: {len(services.index)} claims at revision {revision}")
        return 0

    return asyncio.run(run())


class Progress:
    """A one-line progress bar on a terminal; silent when output is piped or in CI."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.enabled = sys.stderr.isatty()

    def show(self, done: int, note: str) -> None:
        if not self.enabled or self.total == 0:
            return
        width = 30
        filled = int(width * done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{self.total} files  {note}")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
