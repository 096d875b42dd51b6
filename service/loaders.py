"""Reports from files, for the seeder and `factcheck ingest`.

`.txt` is one report with its file name as external_id; `.json` a report or an array of reports;
`.ndjson` one report a line.
"""

from collections.abc import Iterator
from pathlib import Path

import msgspec

from schemas.reports import ReportIn

SUFFIXES = (".txt", ".json", ".ndjson", ".jsonl")


class LoadError(Exception):
    """A file that cannot be read as reports; names the file and, for NDJSON, the line."""


def report_files(paths: list[Path]) -> list[Path]:
    """The report files named, or found (sorted) inside the folders named."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise LoadError(f"{path}: no such file or folder")
    return found


def load_reports(path: Path, **defaults: str | None) -> Iterator[ReportIn]:
    """Reports in one file; `defaults` fill fields a `.txt` file cannot carry (title, source...)."""
    if path.suffix == ".txt":
        fields = {k: v for k, v in defaults.items() if v is not None}
        fields.setdefault("external_id", path.stem)
        yield _convert({"text": path.read_text(encoding="utf-8"), **fields}, path)
    elif path.suffix == ".json":
        data = _decode(path.read_bytes(), path)
        for item in data if isinstance(data, list) else [data]:
            yield _convert(item, path)
    elif path.suffix in {".ndjson", ".jsonl"}:
        with path.open("rb") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield _convert(_decode(line, path, number), path, number)
    else:
        raise LoadError(f"{path}: not a .txt, .json or .ndjson file")


def _decode(raw: bytes, path: Path, line: int | None = None) -> object:
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        raise LoadError(f"{_where(path, line)}: {exc}") from exc


def _convert(item: object, path: Path, line: int | None = None) -> ReportIn:
    try:
        return msgspec.convert(item, ReportIn)
    except msgspec.ValidationError as exc:
        raise LoadError(f"{_where(path, line)}: {exc}") from exc


def _where(path: Path, line: int | None) -> str:
    return f"{path}:{line}" if line is not None else str(path)
