"""The CLI behaves like the API and like a Unix tool: the API's validation, exit codes by
verdict, `-` for standard input, --version, check-text, filters, --url, help for everything,
an honest store, and ingest that keeps every file, reads front matter and says what it stored."""

import argparse
import io
import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from rich.console import Console

from schemas.reports import ReportIn
from service import __version__, cli_ingest
from service.cli import _parser
from service.cli_ingest import ingest_command
from tests.serving import served

ROOT = Path(__file__).resolve().parents[1]
NIS = "North Korea sent 50,000 troops to Russia"


def factcheck(
    env: dict[str, str], *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )


def environment(database: Path, seeds: str = "none") -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    return {
        **kept,
        "PYTHONPATH": str(ROOT),
        "FACTCHECK_DATABASE_URL": f"sqlite:///{database}",
        "FACTCHECK_SEEDS_DIR": seeds,
    }


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = environment(tmp_path_factory.mktemp("cli") / "seeded.db", str(ROOT / "seeds"))
    assert factcheck(env, "reports").returncode == 0  # opening the store seeds it
    return env


@pytest.fixture
def empty(tmp_path: Path) -> dict[str, str]:
    return environment(tmp_path / "empty.db")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["check", ""], "STATEMENT"),
        (["check", "x" * 3000], "STATEMENT"),
        (["check", NIS, "--limit", "0"], "--limit"),
        (["check", NIS, "--min-score", "101"], "--min-score"),
        (["claims", "--limit", "-1"], "--limit"),
        (["check", "북한이 러시아에 군인 5만 명을 보냈다"], "Hangul"),
    ],
)
def test_the_cli_refuses_what_the_api_refuses(
    seeded: dict[str, str], args: list[str], says: str
) -> None:
    done = factcheck(seeded, *args)
    assert done.returncode == 2, done.stdout
    assert says in done.stderr


def test_the_exit_code_follows_the_verdict(seeded: dict[str, str]) -> None:
    assert factcheck(seeded, "check", NIS).returncode == 1
    unverified = factcheck(seeded, "check", "Tomatoes are red")
    assert unverified.returncode == 0
    assert "UNVERIFIED" in unverified.stdout


def test_a_dash_reads_the_statement_from_standard_input(seeded: dict[str, str]) -> None:
    done = factcheck(seeded, "check", "-", "--json", stdin=NIS + "\n")
    assert json.loads(done.stdout)["statement"].strip() == NIS


def test_version() -> None:
    done = factcheck(dict(os.environ), "--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"factcheck {__version__}"


def test_check_text_checks_each_sentence_of_a_file(seeded: dict[str, str], tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(f"{NIS}. It was a cold week.\n")
    done = factcheck(seeded, "check-text", str(draft), "--json")
    assert done.returncode == 1, done.stderr
    sentences = json.loads(done.stdout)["sentences"]
    assert len(sentences) == 1
    assert sentences[0]["result"]["verdict"] in {"contradicted", "disputed"}
    piped = factcheck(seeded, "check-text", "-", stdin="It was a cold week.")
    assert piped.returncode == 0
    assert "No check-worthy sentence" in piped.stdout


def test_sources_since_and_min_score_filter_the_matches(seeded: dict[str, str]) -> None:
    done = factcheck(seeded, "check", NIS, "--json", "--sources", "NationPress", "--limit", "20")
    matches = json.loads(done.stdout)["matches"]
    assert matches
    assert {m["report"]["source"] for m in matches} == {"NationPress"}
    recent = factcheck(seeded, "check", NIS, "--json", "--since", "2025-01-01", "--limit", "20")
    assert all(
        m["report"]["published_at"] >= "2025-01-01" for m in json.loads(recent.stdout)["matches"]
    )
    strict = factcheck(seeded, "check", NIS, "--json", "--min-score", "100")
    assert json.loads(strict.stdout)["matches"] == []


def test_url_asks_a_running_server_instead_of_the_store(tmp_path: Path) -> None:
    server_env = {
        "FACTCHECK_DATABASE_URL": f"sqlite:///{tmp_path}/server.db",
        "FACTCHECK_SEEDS_DIR": str(ROOT / "seeds"),
    }
    nowhere = environment(tmp_path / "missing" / "nothing.db")
    with served(server_env) as url:
        done = factcheck(nowhere, "check", NIS, "--url", url, "--json")
        bad = factcheck(nowhere, "check", NIS, "--url", url, "--sources", "")
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["matches"]
    assert not (tmp_path / "missing").exists()
    assert bad.returncode == 2
    gone = factcheck(nowhere, "check", NIS, "--url", "http://127.0.0.1:9")
    assert gone.returncode == 3
    assert "cannot reach" in gone.stderr


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def test_every_argument_and_option_has_help_and_no_markdown() -> None:
    for parser in _parsers(_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, (parser.prog, action.dest)
        text = parser.format_help()
        assert "`" not in text, parser.prog
    check_help = factcheck(dict(os.environ), "check", "--help").stdout
    assert "(default: 5)" in check_help
    assert "exit codes" in check_help


def test_from_another_folder_it_names_the_store_and_creates_nothing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env["PYTHONPATH"] = str(ROOT)
    done = factcheck(env, "check", NIS, cwd=tmp_path)
    assert done.returncode == 2
    assert "sqlite:///data/factcheck.db" in done.stderr
    assert "FACTCHECK_DATABASE_URL" in done.stderr
    assert not (tmp_path / "data").exists()


def test_an_empty_store_is_refused_with_a_hint(empty: dict[str, str]) -> None:
    assert factcheck(empty, "reports").returncode == 0  # creates the (empty) store
    done = factcheck(empty, "check", NIS)
    assert done.returncode == 2
    assert "holds no claims" in done.stderr
    assert "factcheck ingest" in done.stderr


def test_files_of_the_same_name_in_different_folders_stay_two_reports(
    empty: dict[str, str], tmp_path: Path
) -> None:
    for folder, count in (("x", 1200), ("y", 900)):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "a.txt").write_text(
            f"The port handled {count} ships in May, the authority said.\n"
        )
    done = factcheck(empty, "ingest", str(tmp_path / "in"))
    assert "ingested 2 new and 0 replaced" in done.stdout, done.stderr
    listing = factcheck(empty, "reports", "--json").stdout.splitlines()
    assert sorted(json.loads(line)["external_id"] for line in listing) == ["x/a", "y/a"]


def test_a_text_file_front_matter_gives_title_source_and_date(
    empty: dict[str, str], tmp_path: Path
) -> None:
    report = tmp_path / "port.txt"
    report.write_text(
        "---\ntitle: Port traffic in May\nsource: Harbour Times\npublished_at: 2024-06-02\n---\n"
        "Port traffic in May\nThe port handled 1,200 ships in May, the authority said.\n"
    )
    assert factcheck(empty, "ingest", str(report)).returncode == 0
    [line] = factcheck(empty, "reports", "--json").stdout.splitlines()
    stored = json.loads(line)
    assert (stored["title"], stored["source"], stored["published_at"]) == (
        "Port traffic in May",
        "Harbour Times",
        "2024-06-02",
    )
    claims = factcheck(empty, "claims", "--json").stdout.splitlines()
    assert not any("Port traffic in May" in json.loads(c)["text"] for c in claims)
    bad = tmp_path / "bad.txt"
    bad.write_text("---\nauthor: me\n---\nText about 3 ships.\n")
    refused = factcheck(empty, "ingest", str(bad))
    assert refused.returncode == 2
    assert "front matter" in refused.stderr


def _lines(count: int, bad_at: int | None = None) -> str:
    lines = []
    for number in range(1, count + 1):
        if number == bad_at:
            lines.append('{"txt": "a typo"}')
        else:
            text = f"Officials said {number} ships docked at berth {number}."
            lines.append(json.dumps({"text": text, "external_id": f"n{number}"}))
    return "\n".join(lines) + "\n"


def test_a_bad_line_stops_saying_what_was_stored_or_is_skipped_on_request(
    empty: dict[str, str], tmp_path: Path
) -> None:
    data = tmp_path / "feed.ndjson"
    data.write_text(_lines(6, bad_at=4))
    stopped = factcheck(empty, "ingest", str(data))
    assert stopped.returncode == 2
    assert "feed.ndjson:4" in stopped.stderr
    assert "the 3 reports before it were stored" in stopped.stderr
    assert "--skip-invalid" in stopped.stderr
    assert len(factcheck(empty, "reports", "--json").stdout.splitlines()) == 3

    skipped = factcheck(empty, "ingest", "--skip-invalid", "-", stdin=data.read_text())
    assert skipped.returncode == 0, skipped.stderr
    assert "ingested 2 new and 3 replaced reports" in skipped.stdout
    assert "skipped 1 invalid" in skipped.stdout
    assert ":4: " in skipped.stderr


def test_the_progress_bar_counts_reports_not_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "feed.ndjson"
    data.write_text(_lines(450))
    for name, value in environment(tmp_path / "p.db").items():
        if name.startswith("FACTCHECK_"):
            monkeypatch.setenv(name, value)
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    args = argparse.Namespace(paths=[data], source=None, skip_invalid=False)
    assert ingest_command(args, console) == 0
    assert "450/450" in screen.getvalue()
    assert "reports" in screen.getvalue()


def test_make_run_says_what_it_does_and_the_license_is_an_spdx_string() -> None:
    makefile = (ROOT / "Makefile").read_text()
    install = makefile.split("$(STAMP): pyproject.toml", 1)[1].split("\n\n", 1)[0]
    assert "@echo" in install.split("pip install", 1)[0]
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "@echo" in run
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert isinstance(project["license"], str)


def test_a_report_refused_by_the_ingest_path_stops_or_is_skipped_like_a_bad_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An item the wire type let through but the ingest path refuses (the loaders cannot make
    one today, so it is put in their place): the run stops there, or skips it."""
    data = tmp_path / "feed.ndjson"
    data.write_text(_lines(5))
    loaded = [msgspec.convert(json.loads(line), ReportIn) for line in _lines(5).splitlines()]
    loaded[2] = msgspec.structs.replace(loaded[2], published_at="2019-02-30")
    monkeypatch.setattr(cli_ingest, "_items", lambda files, source: iter(loaded))
    for name, value in environment(tmp_path / "p.db").items():
        if name.startswith("FACTCHECK_"):
            monkeypatch.setenv(name, value)
    console = Console(file=io.StringIO())
    args = argparse.Namespace(paths=[data], source=None, skip_invalid=False)

    assert ingest_command(args, console) == 2
    stopped = capsys.readouterr().err
    assert "report n3: published_at" in stopped
    assert "the 2 reports before it were stored" in stopped

    args.skip_invalid = True
    assert ingest_command(args, console) == 0
    out, err = capsys.readouterr()
    assert "ingested 2 new and 2 replaced reports" in out
    assert "skipped 1 invalid" in out
    assert "report n3: published_at" in err
