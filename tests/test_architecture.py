"""The layout tells the architecture: the core never imports the edge or a database driver."""

import ast
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("concern", ["text", "matching", "watches"])
def test_the_core_imports_neither_the_edge_nor_a_driver(concern: str) -> None:
    assert offenders(SERVICE / concern, EDGE + DRIVERS) == []


def test_storage_does_not_import_the_http_layer() -> None:
    assert offenders(SERVICE / "store", EDGE) == []


def test_schemas_depend_on_msgspec_only() -> None:
    assert offenders(SCHEMAS, EDGE + DRIVERS + ("service",)) == []
