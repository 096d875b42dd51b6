"""`factcheck check` and `factcheck check-text`: against the local store, or a running service
with `--url`. Requests are built and validated by the API's own wire types, so the CLI refuses
what the API refuses, with the same limits.

Exit codes: 0 supported or unverified, 1 contradicted or disputed (for check-text: some
sentence is), 2 a usage error (bad option, empty statement, empty store), 3 the service or
the store could not be reached.
"""

import argparse
import asyncio
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import msgspec

from schemas.check import CheckRequest, CheckResult, TextCheckRequest, TextCheckResult
from schemas.problems import Problem
from service.errors import InvalidInput
from service.language import require_supported
from service.present.plain import render_check
from service.settings import Settings
from service.store.factory import missing_store_file

EXIT_AGREES, EXIT_DISAGREES, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3
DISAGREEING = {"contradicted", "disputed"}
T = TypeVar("T")


class UsageError(Exception):
    """A bad argument or an empty store: exit 2 with this message."""


class Unreachable(Exception):
    """The service at --url or the store did not answer: exit 3."""


def read_argument(value: str) -> str:
    """`-` reads standard input (a statement or a draft piped in); anything else is as given."""
    return sys.stdin.read() if value == "-" else value


def validated(kind: type[T], fields: dict[str, Any]) -> T:
    """`fields` as the API's wire type, refused with the API's message when out of bounds."""
    try:
        return msgspec.convert({k: v for k, v in fields.items() if v is not None}, kind)
    except msgspec.ValidationError as exc:
        from service.present.wording import humane

        raise UsageError(option_message(humane(str(exc)))) from exc


def option_message(message: str) -> str:
    """msgspec's "Expected ... - at `$.min_score`" as "--min-score: expected ..."."""
    head, _, where = message.partition(" - at `$.")
    if not where:
        return message
    name = where.split("`", 1)[0].split("[", 1)[0]
    label = name.upper() if name in {"statement", "text"} else "--" + name.replace("_", "-")
    return f"{label}: {head[:1].lower()}{head[1:]}"


def check_command(args: argparse.Namespace) -> int:
    request = validated(
        CheckRequest,
        {
            "statement": read_argument(args.statement),
            "limit": args.limit,
            "min_score": args.min_score,
            "sources": args.sources,
            "since": args.since,
            "until": args.until,
        },
    )
    try:
        require_supported(request.statement, request.language)
    except InvalidInput as exc:
        raise UsageError(f"{exc.field.upper()}: {exc.reason}") from exc
    if args.url:
        result = ask(args.url, "/v1/check", request, CheckResult, args.api_key_file)
    else:
        result = asyncio.run(_check_locally(request))
    print(msgspec.json.encode(result).decode() if args.json else render_check(result), end="")
    if args.json:
        print()
    return EXIT_DISAGREES if result.verdict in DISAGREEING else EXIT_AGREES


def check_text_command(args: argparse.Namespace) -> int:
    source: str = args.file
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"FILE: cannot read {source}: {exc.strerror}") from exc
    request = validated(TextCheckRequest, {"text": text, "limit": args.limit})
    if args.url:
        result = ask(args.url, "/v1/check/text", request, TextCheckResult, args.api_key_file)
    else:
        result = asyncio.run(_check_text_locally(request))
    if args.json:
        print(msgspec.json.encode(result).decode())
    else:
        for sentence in result.sentences:
            print(f"[{sentence.start}-{sentence.end}] {sentence.result.verdict.upper()}")
            print(render_check(sentence.result))
        if not result.sentences:
            print("No check-worthy sentence in this text.")
    verdicts = {s.result.verdict for s in result.sentences}
    return EXIT_DISAGREES if verdicts & DISAGREEING else EXIT_AGREES


def describe_store(url: str) -> str:
    """The database URL without its password, to say which store a command uses."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def require_existing_store(settings: Settings) -> None:
    """Opening a missing SQLite file would create an empty store and answer UNVERIFIED."""
    print(f"factcheck: store {describe_store(settings.database_url)}", file=sys.stderr)
    seeds = settings.seeds_dir if settings.seeding_enabled else None
    if seeds is not None and Path(seeds).is_dir():
        return  # a new store is seeded as it opens
    path = missing_store_file(settings.database_url)
    if path is not None:
        raise UsageError(
            f"no store at {path} (from {Path.cwd()}); set FACTCHECK_DATABASE_URL to your "
            "store, or run `factcheck ingest FILES` first, or ask a server with --url"
        )


async def _check_locally(request: CheckRequest) -> CheckResult:
    from service.runtime import running

    settings = Settings.from_env()
    require_existing_store(settings)
    async with running(settings, follow=False) as services:
        await _refuse_empty(services.settings, len(services.index))
        return await services.checker.check(request)


async def _check_text_locally(request: TextCheckRequest) -> TextCheckResult:
    from service.matching.drafts import check_draft, split_draft
    from service.runtime import running

    settings = Settings.from_env()
    require_existing_store(settings)
    async with running(settings, follow=False) as services:
        await _refuse_empty(services.settings, len(services.index))
        sentences = await check_draft(
            services.checker,
            split_draft(request.text),
            limit=request.limit,
            min_score=request.min_score,
        )
        revision = await services.store.revision()
    return TextCheckResult(sentences=sentences, index_revision=revision, took_ms=0.0)


async def _refuse_empty(settings: Settings, claims: int) -> None:
    if claims == 0:
        raise UsageError(
            f"the store {describe_store(settings.database_url)} holds no claims, so every check "
            "would be UNVERIFIED; ingest reports first (`factcheck ingest FILES`) or point "
            "FACTCHECK_DATABASE_URL at your store"
        )


def ask(url: str, path: str, request: msgspec.Struct, answer: type[T], key_file: Path | None) -> T:
    """POST `request` to a running service and decode its answer (or its problem)."""
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if key_file is not None:
        headers["Authorization"] = f"Bearer {key_file.read_text().strip()}"
    call = urllib.request.Request(
        url.rstrip("/") + path, data=msgspec.json.encode(request), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(call, timeout=60) as response:
            return msgspec.json.decode(response.read(), type=answer)
    except urllib.error.HTTPError as exc:
        body = exc.read()
        try:
            problem = msgspec.json.decode(body, type=Problem)
            message = f"{problem.status} {problem.title}: {problem.detail}"
        except (msgspec.DecodeError, msgspec.ValidationError):
            message = f"{exc.code} {exc.reason}: {body[:300].decode(errors='replace')}"
        if 400 <= exc.code < 500 and exc.code not in {408, 429}:
            raise UsageError(f"{url} answered {message}") from exc
        raise Unreachable(f"{url} answered {message}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise Unreachable(f"cannot reach {url}: {getattr(exc, 'reason', exc)}") from exc
