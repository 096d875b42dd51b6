"""`factcheck eval seeds|retrieval|stance` run on files of the shared formats and end with a
`metric: value` line."""

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def factcheck(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACTCHECK_SEEDS_DIR": "none"}
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
        cwd=ROOT,
    )


def write_jsonl(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def test_eval_seeds_prints_each_case_and_the_pass_count(tmp_path: Path) -> None:
    cases = write_jsonl(
        tmp_path / "cases.jsonl",
        [
            {
                "id": "a",
                "statement": "Shoigu arrived in Pyongyang for a second time within two weeks.",
                "expect": [{"stance": "supports", "contains": ["second time"]}],
            },
            {
                "id": "b",
                "statement": "North Korea sent 90,000 soldiers to Kursk in the first phase.",
                "expect": [{"stance": "conflicts", "contains": ["1,500"]}],
            },
            {"id": "c", "statement": "Tea is grown in Darjeeling.", "verdict": "unverified"},
        ],
    )
    done = factcheck("eval", "seeds", str(cases), "--seeds-dir", str(ROOT / "seeds"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "passed: 3/3", done.stdout
    assert sum(line.startswith("PASS") for line in lines) == 3


def test_eval_retrieval_prints_map_at_5_last(tmp_path: Path) -> None:
    claims = [
        {"id": "1", "text": "The city banned plastic bags in 2019.", "title": "Plastic bag ban"},
        {"id": "2", "text": "A senator said wind farms kill millions of birds.", "title": ""},
        {"id": "3", "text": "The vaccine was approved for children under five.", "title": ""},
    ]
    write_jsonl(tmp_path / "corpus.jsonl", claims)
    queries = [
        {"qid": "q1", "query": "so the city banned plastic bags?", "relevant_ids": ["1"]},
        {
            "qid": "q2",
            "query": "wind farms kill millions of birds says senator",
            "relevant_ids": ["2"],
        },
    ]
    write_jsonl(tmp_path / "queries_dev.jsonl", queries)
    done = factcheck("eval", "retrieval", str(tmp_path), "--split", "dev")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "MAP@5: 1.000"


def test_eval_stance_prints_binary_accuracy_last(tmp_path: Path) -> None:
    pairs = write_jsonl(
        tmp_path / "pairs.jsonl",
        [
            {
                "claim": "More than 300 people attended the rally.",
                "evidence": "Police said 450 people attended the rally on Sunday.",
                "label": "SUPPORTS",
            },
            {
                "claim": "Fewer than 100 people attended the rally.",
                "evidence": "Police said 450 people attended the rally on Sunday.",
                "label": "REFUTES",
            },
        ],
    )
    done = factcheck("eval", "stance", str(pairs))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "binary_accuracy: 1.000"


def test_eval_topics_scores_every_topic_and_group_and_ends_with_the_pass_rate(
    tmp_path: Path,
) -> None:
    flood = tmp_path / "set" / "flood"
    flood.mkdir(parents=True)
    write_jsonl(
        flood / "reports.jsonl",
        [
            {
                "external_id": "flood-r01",
                "source": "River Wire",
                "title": "Floods in Velmara",
                "published_at": "2025-04-02",
                "text": "Floods in Velmara killed 12 people and forced 3,000 residents from "
                "their homes, the regional government said on Tuesday.",
            }
        ],
    )
    write_jsonl(
        flood / "cases.jsonl",
        [
            {
                "id": "flood-c01",
                "group": "support",
                "statement": "Floods in Velmara killed 12 people.",
                "verdict": "supported",
                "accept": ["supported"],
                "expect": [{"stance": "supports", "contains": ["killed 12 people"]}],
            },
            {
                "id": "flood-c02",
                "group": "conflict",
                "statement": "Floods in Velmara killed 40 people.",
                "verdict": "contradicted",
                "accept": ["contradicted"],
                "expect": [{"stance": "conflicts", "contains": ["killed 12 people"]}],
            },
            {
                "id": "flood-c03",
                "group": "unrelated",
                "statement": "The orchestra played three encores in Rovna.",
                "verdict": "unverified",
                "accept": ["unverified"],
                "expect": [],
            },
        ],
    )
    done = factcheck("eval", "topics", str(tmp_path / "set"), "--seeds-dir", "seeds")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "pass: 1.000", done.stdout
    assert any(line.startswith("flood") and line.split()[1] == "3" for line in lines)
    assert any(line.startswith("conflict") for line in lines)
