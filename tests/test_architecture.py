"""The layout tells the architecture: the core never imports the edge or a database driver,
route handlers never import the middleware, and only the store's factory picks a backend."""

import ast
import multiprocessing
import os
import sys
from pathlib import Path

import msgspec
import pytest

from schemas.claimreview import ClaimReviewIn
from schemas.claims import ClaimIn
from schemas.reports import ReportIn
from service.ingest.pipeline import Item, NotJson, UncheckedReport, prepare_items
from service.ingest.preparing import CHUNK, ReportPreparer

SERVICE = Path(__file__).resolve().parents[1] / "service"
SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
EDGE = ("litestar", "uvicorn", "service.api", "service.app")
DRIVERS = (
    "sqlite3",
    "psycopg",
    "psycopg_pool",
    "asyncpg",
    "service.store.sqlite",
    "service.store.postgres",
)


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(folder.parent))] = names
    return found


def offenders(folder: Path, banned: tuple[str, ...]) -> list[str]:
    return [
        f"{path} imports {name}"
        for path, names in imported_modules(folder).items()
        for name in names
        if any(name == b or name.startswith(b + ".") for b in banned)
    ]


@pytest.mark.parametrize("concern", ["ingest", "text", "matching", "present", "watches"])
def test_the_core_imports_neither_the_edge_nor_a_driver(concern: str) -> None:
    assert offenders(SERVICE / concern, EDGE + DRIVERS) == []


@pytest.mark.parametrize("concern", ["ingest", "matching", "present", "text"])
def test_the_core_never_imports_the_http_layer(concern: str) -> None:
    """Spelled out on its own: the presenters and the ingest path serve the CLI as well."""
    assert offenders(SERVICE / concern, ("service.api",)) == []


def test_the_cli_takes_its_presenters_from_present_not_from_the_api() -> None:
    clis = {path: names for path, names in imported_modules(SERVICE).items() if "cli" in path}
    assert clis, "no CLI module found"
    assert [
        f"{p} imports {n}" for p, ns in clis.items() for n in ns if n.startswith("service.api")
    ] == []


def test_route_handlers_never_import_the_middleware() -> None:
    """A new endpoint touches api/routes/ only; the edge reads its policy from `opt=`."""
    assert offenders(SERVICE / "api" / "routes", ("service.api.edge",)) == []


def test_only_the_store_factory_imports_a_backend() -> None:
    backends = ("service.store.sqlite", "service.store.postgres")
    inside = (f"service/store/{name}/" for name in ("sqlite", "postgres"))
    prefixes = tuple(inside)
    found = [
        entry
        for entry in offenders(SERVICE, backends)
        if not entry.startswith(prefixes) and not entry.startswith("service/store/factory.py ")
    ]
    assert found == []
    assert offenders(SERVICE / "store", backends), "the factory no longer imports a backend?"


def test_storage_does_not_import_the_http_layer() -> None:
    assert offenders(SERVICE / "store", EDGE) == []


def test_schemas_depend_on_msgspec_only() -> None:
    assert offenders(SCHEMAS, EDGE + DRIVERS + ("service",)) == []


def litestar_loaded_by_the_preparing_job(answer: "multiprocessing.Queue[tuple[str, bool]]") -> None:
    """Run in a fresh spawned process: import what a preparing worker imports (the pool's
    module and its job function), then tell whether litestar came with them."""
    from service.ingest.pipeline import prepare_items
    from service.ingest.preparing import ReportPreparer

    job = f"{prepare_items.__module__}.{prepare_items.__name__} for {ReportPreparer.__name__}"
    answer.put((job, "litestar" in sys.modules))


def test_a_spawned_preparing_worker_never_imports_litestar() -> None:
    context = multiprocessing.get_context("spawn")
    answer: multiprocessing.Queue[tuple[str, bool]] = context.Queue()
    worker = context.Process(target=litestar_loaded_by_the_preparing_job, args=(answer,))
    worker.start()
    try:
        job, loaded = answer.get(timeout=60)
    finally:
        worker.join(timeout=60)
    assert worker.exitcode == 0
    assert job == "service.ingest.pipeline.prepare_items for ReportPreparer"
    assert loaded is False


def edge_modules_after_preparing(items: list[Item]) -> list[tuple[int, list[str]]]:
    """Run in a preparing worker: prepare every kind of item, then list the edge's modules
    the worker has loaded (module-level, so the pool can pickle it by name)."""
    prepare_items(items)
    loaded = sorted(m for m in sys.modules if any(m == e or m.startswith(e + ".") for e in EDGE))
    return [(os.getpid(), loaded) for _ in items]


async def test_the_preparing_workers_never_import_the_edge() -> None:
    """Checked in spawned worker processes, with every kind of item the ingest path takes."""
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "North Korea has sent 100,000 soldiers.",
        "author": {"name": "Example Fact Check"},
        "reviewRating": {"alternateName": "False"},
    }
    kinds: list[Item] = [
        ReportIn(text="Officials said 40 ships docked in May."),
        UncheckedReport({"text": "   "}),
        NotJson(b"{"),
        ClaimIn(text="The port handled 1,200 ships in May."),
        msgspec.convert(review, ClaimReviewIn),
    ]
    items = kinds * (2 * CHUNK // len(kinds) + 1)  # more than one chunk: the pool is used
    preparer = ReportPreparer(processes=2, pool_after=0)
    try:
        answers = await preparer.map(edge_modules_after_preparing, items)
    finally:
        preparer.close()
    assert {pid for pid, _ in answers}.isdisjoint({os.getpid()}), "prepared in this process"
    assert {module for _, loaded in answers for module in loaded} == set()
