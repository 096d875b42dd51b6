"""factcheck (or python -m service): serve, ingest, list, check, evaluate, reindex, back up.

Every command takes the same code paths and validation as the API, with settings read from
FACTCHECK_* variables (see the README's settings table).
"""

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta

from schemas.limits import MAX_MATCHES, MAX_PAGE_SIZE
from service import __version__
from service.cli_check import (
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    Unreachable,
    UsageError,
    check_command,
    check_text_command,
    describe_store,
)
from service.cli_ingest import ingest_command
from service.errors import StoreUnavailable
from service.ingest.loaders import LoadError
from service.runtime import running
from service.settings import Settings, SettingsError

EXIT_CODES = """exit codes:
  0  done; for check and check-text: supported or unverified
  1  check or check-text: contradicted or disputed
  2  usage error: a bad option or argument, an invalid file, an empty store
  3  the store, or the service at --url, could not be reached"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.run(args)
        return result
    except (SettingsError, LoadError, UsageError) as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (Unreachable, StoreUnavailable) as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return EXIT_UNREACHABLE
    except KeyboardInterrupt:
        return 130


class _Help(argparse.RawDescriptionHelpFormatter):
    """Every option's default shown (when it has one); descriptions and exit codes as written."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if "%(default)" not in text and action.default not in (None, False, argparse.SUPPRESS):
            text += " (default: %(default)s)"
        return text


def _bounded(low: int, high: int) -> "type[int]":
    """An int option refused outside the API's own bounds, with the API's message."""
    kind = Annotated[int, Meta(ge=low, le=high)]

    def parse(text: str) -> int:
        try:
            value: int = msgspec.convert(int(text), kind)
        except (ValueError, msgspec.ValidationError) as exc:
            raise argparse.ArgumentTypeError(
                f"expected a whole number from {low} to {high}"
            ) from exc
        return value

    parse.__name__ = "number"
    return parse  # type: ignore[return-value]


def _command(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]", name: str, help: str
) -> argparse.ArgumentParser:
    return commands.add_parser(
        name,
        help=help,
        description=help[:1].upper() + help[1:] + ".",
        formatter_class=_Help,
        epilog=EXIT_CODES,
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factcheck", description=__doc__, formatter_class=_Help, epilog=EXIT_CODES
    )
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = _command(commands, "serve", "run the HTTP service")
    serve.add_argument("--host", help="bind address (default: FACTCHECK_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: FACTCHECK_PORT, 8000)")
    serve.add_argument(
        "--workers", type=int, help="worker processes (default: FACTCHECK_WORKERS, 1)"
    )
    serve.set_defaults(run=_serve)

    ingest = _command(commands, "ingest", "ingest report files or folders into the store")
    ingest.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help=".txt (optionally with a front matter: title, source, published_at, url, language), "
        ".json (a report or an array) or .ndjson files, folders of them, or - for NDJSON on "
        "standard input",
    )
    ingest.add_argument("--source", help="publisher for .txt files that do not name one")
    ingest.add_argument(
        "--skip-invalid",
        action="store_true",
        help="report each invalid item and go on, instead of stopping at the first",
    )
    ingest.set_defaults(run=ingest_command)

    for name, what in (("reports", "list stored reports"), ("claims", "list stored claims")):
        listing = _command(commands, name, what)
        listing.add_argument(
            "--limit", type=_bounded(1, MAX_PAGE_SIZE), default=20, help="how many to list"
        )
        listing.add_argument("--json", action="store_true", help="print JSON lines")
        if name == "claims":
            listing.add_argument(
                "--report-id", type=_bounded(1, 2**63 - 1), help="only this report's claims"
            )
        listing.set_defaults(run=_list, kind=name)

    check = _command(commands, "check", "check a statement against the index")
    check.add_argument(
        "statement", metavar="STATEMENT", help="the statement, or - to read it from standard input"
    )
    _check_options(check, limit=5)
    check.add_argument(
        "--sources", nargs="+", metavar="NAME", help="only reports from these publishers"
    )
    check.add_argument(
        "--since", metavar="DATE", help="only reports published on or after (2024-10-18)"
    )
    check.add_argument("--until", metavar="DATE", help="only reports published on or before")
    check.add_argument(
        "--min-score",
        type=float,
        help="relevance threshold, 0 to 100 (default: FACTCHECK_MIN_SCORE)",
    )
    check.set_defaults(run=check_command)

    check_text = _command(
        commands, "check-text", "check every check-worthy sentence of a text file"
    )
    check_text.add_argument(
        "file", metavar="FILE", help="a UTF-8 text file, or - for standard input"
    )
    _check_options(check_text, limit=3)
    check_text.set_defaults(run=check_text_command)

    reindex = _command(commands, "reindex", "rebuild the search index from the store")
    reindex.set_defaults(run=_reindex)

    reanalyse = _command(
        commands,
        "reanalyse",
        "analyse every stored claim again with this version's analyser (after an upgrade)",
    )
    reanalyse.set_defaults(run=_reanalyse)

    backup = _command(
        commands, "backup", "write a consistent copy of the store while the service runs"
    )
    backup.add_argument(
        "target",
        type=Path,
        metavar="TARGET",
        help="new file: a SQLite database, or a pg_dump custom archive",
    )
    backup.set_defaults(run=_backup)

    from service.evaluation.cli import add_eval_commands

    add_eval_commands(commands)
    return parser


def _check_options(parser: argparse.ArgumentParser, *, limit: int) -> None:
    parser.add_argument(
        "--limit", type=_bounded(1, MAX_MATCHES), default=limit, help="matches to show"
    )
    parser.add_argument("--json", action="store_true", help="print the JSON result")
    parser.add_argument(
        "--url",
        help="ask the factcheck service at this URL (http://host:8000) instead of opening the "
        "store",
    )
    parser.add_argument(
        "--api-key-file", type=Path, metavar="FILE", help="a file holding the API key for --url"
    )


def _serve(args: argparse.Namespace) -> int:
    from service.serving import serve

    # Worker processes build their own app from the environment, so overrides go there too.
    for name in ("host", "port", "workers"):
        value = getattr(args, name)
        if value is not None:
            os.environ[f"FACTCHECK_{name.upper()}"] = str(value)
    serve(Settings.from_env())
    return 0


def _reanalyse(args: argparse.Namespace) -> int:
    return asyncio.run(_reanalyse_store())


async def _reanalyse_store() -> int:
    from service.ingest.pipeline import reanalysed
    from service.store.factory import create_store

    settings = Settings.from_env()
    # The store alone: the search index reads claim texts, which do not change.
    store = create_store(settings.database_url, sqlite_synchronous=settings.sqlite_synchronous)
    await store.open()
    try:
        count = 0
        async for batch in store.iter_claims(batch_size=2_000):
            count += await store.replace_analyses(reanalysed(batch))
    finally:
        await store.close()
    print(f"re-analysed {count} claims; restart running servers to drop what they remembered")
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


def _list(args: argparse.Namespace) -> int:
    return asyncio.run(_list_rows(args))


async def _list_rows(args: argparse.Namespace) -> int:
    from service.present.wire import claim_out, report_summary
    from service.store.records import ClaimFilter

    settings = Settings.from_env()
    print(f"factcheck: store {describe_store(settings.database_url)}", file=sys.stderr)
    async with running(settings, follow=False, semantic=False) as services:
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


def _reindex(args: argparse.Namespace) -> int:
    async def run() -> int:
        async with running(Settings.from_env(), follow=False, semantic=False) as services:
            revision = await services.sync.rebuild()
            print(f"index rebuilt: {len(services.index)} claims at revision {revision}")
        return 0

    return asyncio.run(run())
