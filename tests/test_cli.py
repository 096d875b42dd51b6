"""`factcheck` commands: ingest files and folders, list, check; `python -m service` is the same."""

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    import os

    return {
        **os.environ,
        "FACTCHECK_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db",
        "FACTCHECK_SEEDS_DIR": "none",
    }


def factcheck(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ingest_reads_txt_json_and_ndjson_from_files_and_folders(
    tmp_path: Path, env: dict[str, str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The port handled 1,200 ships in May, the authority said.\n")
    (folder / "b.json").write_text(
        json.dumps([{"text": "Officials said 35 bridges were repaired in 2023.", "source": "B"}])
    )
    lines = [
        {"text": "The city planted 4,000 trees last spring, the mayor said.", "external_id": "c1"},
        {"text": "Police said 12 people were arrested on Sunday.", "external_id": "c2"},
    ]
    ndjson = tmp_path / "c.ndjson"
    ndjson.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    done = factcheck(env, "ingest", str(folder), str(ndjson))
    assert done.returncode == 0, done.stderr
    assert "ingested 4 new" in done.stdout

    again = factcheck(env, "ingest", str(ndjson))
    assert "2 replaced" in again.stdout

    listing = factcheck(env, "reports", "--json")
    ids = [json.loads(line).get("external_id") for line in listing.stdout.splitlines()]
    assert "a" in ids
    assert {"c1", "c2"} <= set(ids)

    claims = factcheck(env, "claims", "--json", "--limit", "50")
    texts = [json.loads(line)["text"] for line in claims.stdout.splitlines()]
    assert any("1,200 ships" in t for t in texts)


def test_a_bad_file_fails_naming_it_and_line(tmp_path: Path, env: dict[str, str]) -> None:
    bad = tmp_path / "bad.ndjson"
    bad.write_text('{"text": "fine report about 3 ships."}\n{"txt": "typo"}\n')
    done = factcheck(env, "ingest", str(bad))
    assert done.returncode == 2
    assert "bad.ndjson:2" in done.stderr


def test_check_prints_the_verdict(env: dict[str, str]) -> None:
    root = Path(__file__).resolve().parents[1]
    seeded = {**env, "FACTCHECK_SEEDS_DIR": str(root / "seeds")}
    done = factcheck(seeded, "check", "North Korea sent 50,000 troops to Russia", "--json")
    assert done.returncode == 1, done.stderr  # contradicted or disputed
    assert json.loads(done.stdout)["verdict"] in {"contradicted", "disputed"}


def test_a_bad_setting_stops_the_command_naming_it(env: dict[str, str]) -> None:
    done = factcheck({**env, "FACTCHECK_PORT": "x"}, "reports")
    assert done.returncode == 2
    assert "FACTCHECK_PORT" in done.stderr


def test_backup_writes_a_database_that_holds_every_report(
    tmp_path: Path, env: dict[str, str]
) -> None:
    import sqlite3

    report = tmp_path / "r.txt"
    report.write_text("The port handled 1,200 ships in May, the authority said.\n")
    assert factcheck(env, "ingest", str(report)).returncode == 0
    target = tmp_path / "copy.db"
    done = factcheck(env, "backup", str(target))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM reports").fetchone() == (1,)

    again = factcheck(env, "backup", str(target))
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_reanalyse_brings_stored_analyses_up_to_this_analyser(
    tmp_path: Path, env: dict[str, str]
) -> None:
    import sqlite3

    from service.store.codec import decode_analysis
    from service.text.analyse import analyse

    report = tmp_path / "r.txt"
    report.write_text("The port handled 1,200 ships in May, the authority said.\n")
    assert factcheck(env, "ingest", str(report)).returncode == 0
    # An analysis from an older analyser: it found nothing in the sentence.
    with sqlite3.connect(tmp_path / "cli.db") as db:
        db.execute("UPDATE claims SET analysis = '{}'")
    done = factcheck(env, "reanalyse")
    assert done.returncode == 0, done.stderr
    assert "re-analysed 1 claims" in done.stdout
    with sqlite3.connect(tmp_path / "cli.db") as db:
        text, stored = db.execute("SELECT text, analysis FROM claims").fetchone()
    assert decode_analysis(stored) == analyse(text)
    assert decode_analysis(stored).quantities
