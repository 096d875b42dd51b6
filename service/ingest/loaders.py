"""Reports from files, for the seeder and `factcheck ingest`.

`.txt` is one report, optionally opening with a small front matter (title, source, date...);
`.json` a report or an array of reports; `.ndjson` one report a line. `iter_reports` yields a
bad item as a `LoadError` value, so a caller may skip it and go on; `load_reports` raises it.
"""

from collections.abc import Iterator
from pathlib import Path

import msgspec

from schemas.reports import ReportIn

SUFFIXES = (".txt", ".json", ".ndjson", ".jsonl")
FRONT_MATTER_FENCE = "---"
FRONT_MATTER_KEYS = frozenset({"title", "source", "url", "published_at", "language", "external_id"})
MAX_FRONT_MATTER_LINES = 20


class LoadError(Exception):
    """A file that cannot be read as reports; names the file and, for NDJSON, the line."""


def report_files(paths: list[Path]) -> list[Path]:
    """The report files named, or found (sorted) inside the folders named."""
    return [file for file, _ in named_report_files(paths)]


def named_report_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """Each report file with the name that tells it apart: its path inside the folder named,
    or the path as given, without the suffix. Two `a.txt` in different folders stay two."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()):
                found.append((file, file.relative_to(path).with_suffix("").as_posix()))
        elif path.is_file():
            found.append((path, path.with_suffix("").as_posix()))
        else:
            raise LoadError(f"{path}: no such file or folder")
    return found


def load_reports(path: Path, **defaults: str | None) -> Iterator[ReportIn]:
    """Reports in one file; `defaults` fill fields a `.txt` file does not carry."""
    for item in iter_reports(path, **defaults):
        if isinstance(item, LoadError):
            raise item
        yield item


def iter_reports(
    path: Path, *, name: str | None = None, **defaults: str | None
) -> Iterator[ReportIn | LoadError]:
    """Reports in one file, and a LoadError in place of each one that cannot be read.
    `name` is a `.txt` report's external_id unless its front matter gives one."""
    if path.suffix == ".txt":
        yield _text_report(path, name or path.stem, defaults)
    elif path.suffix == ".json":
        try:
            data = _decode(path.read_bytes(), path)
        except LoadError as exc:
            yield exc
            return
        for number, item in enumerate(data if isinstance(data, list) else [data]):
            yield _convert(item, f"{path}[{number}]")
    elif path.suffix in {".ndjson", ".jsonl"}:
        with path.open("rb") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    try:
                        yield _convert(_decode(line, path, number), f"{path}:{number}")
                    except LoadError as exc:
                        yield exc
    else:
        yield LoadError(f"{path}: not a .txt, .json or .ndjson file")


def count_reports(path: Path) -> int:
    """How many reports a file holds, cheaply (for a progress bar): lines for NDJSON."""
    if path.suffix in {".ndjson", ".jsonl"}:
        with path.open("rb") as lines:
            return sum(1 for line in lines if line.strip())
    if path.suffix == ".json":
        try:
            data = msgspec.json.decode(path.read_bytes())
        except msgspec.DecodeError:
            return 1
        return len(data) if isinstance(data, list) else 1
    return 1


def _text_report(path: Path, name: str, defaults: dict[str, str | None]) -> ReportIn | LoadError:
    text = path.read_text(encoding="utf-8")
    try:
        front, body = split_front_matter(text)
    except ValueError as exc:
        return LoadError(f"{path}: {exc}")
    fields: dict[str, object] = {k: v for k, v in defaults.items() if v is not None}
    fields.setdefault("external_id", name)
    fields.update(front)
    title = front.get("title")
    if title:
        # A headline repeated as the body's first line would be stored twice, once as a claim.
        first, _, rest = body.lstrip().partition("\n")
        if first.strip() == title.strip() and rest.strip():
            body = rest
    return _convert({"text": body, **fields}, str(path))


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """`---` / `key: value` lines / `---` at the top of a text file, and the rest."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return {}, text
    front: dict[str, str] = {}
    for number, line in enumerate(lines[1 : MAX_FRONT_MATTER_LINES + 2], start=2):
        if line.strip() == FRONT_MATTER_FENCE:
            return front, "\n".join(lines[number:])
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or key not in FRONT_MATTER_KEYS:
            known = ", ".join(sorted(FRONT_MATTER_KEYS))
            raise ValueError(f"line {number}: front matter takes `key: value` lines ({known})")
        front[key] = value.strip().strip('"')
    raise ValueError(f"the front matter has no closing {FRONT_MATTER_FENCE!r} line")


def _decode(raw: bytes, path: Path, line: int | None = None) -> object:
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        raise LoadError(f"{_where(path, line)}: {exc}") from exc


def _convert(item: object, where: str) -> ReportIn | LoadError:
    try:
        return msgspec.convert(item, ReportIn)
    except msgspec.ValidationError as exc:
        return LoadError(f"{where}: {exc}")


def _where(path: Path, line: int | None) -> str:
    return f"{path}:{line}" if line is not None else str(path)
