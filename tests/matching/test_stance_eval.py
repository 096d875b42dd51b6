"""Stance evaluation over {claim, evidence, label} pairs (service.evaluation.stance)."""

import json
from pathlib import Path

from schemas.check import Reason
from service.evaluation.stance import (
    StancePair,
    binary,
    evaluate_stance,
    format_report,
    load_pairs,
    score,
)
from service.matching.stance import StanceResult


def result(stance: str, *reasons: Reason) -> StanceResult:
    return StanceResult(stance=stance, hedged=False, reasons=list(reasons))  # type: ignore[arg-type]


ACTOR = Reason(kind="actor", effect="conflicts", message="actor: statement names A")


def test_related_binarises_to_refutes_only_with_a_reason_against() -> None:
    assert binary(result("related")) == "SUPPORTS"
    assert binary(result("related", ACTOR)) == "REFUTES"
    assert binary(result("conflicts")) == "REFUTES"


def test_score_counts_three_way_and_binary_separately() -> None:
    pairs = [
        StancePair(claim="a", evidence="a", label="SUPPORTS"),
        StancePair(claim="b", evidence="b", label="REFUTES"),
        StancePair(claim="c", evidence="c", label="NEI"),
    ]
    report = score(pairs, [result("supports"), result("related"), result("related")])
    assert report.pairs == 3
    assert report.accuracy == 2 / 3
    assert report.binary_pairs == 2
    assert report.binary_accuracy == 0.5
    assert report.confusion["REFUTES"]["NEI"] == 1


def test_format_report_ends_with_binary_accuracy() -> None:
    pairs = [StancePair(claim="a", evidence="a", label="SUPPORTS")]
    text = format_report(score(pairs, [result("supports")]))
    assert text.splitlines()[-1] == "binary_accuracy: 1.000"


def test_a_file_of_pairs_is_judged_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    evidence = "The film holds a rating of 60 % based on 84 reviews ."
    rows = [
        {"id": "1", "claim": "The film has more than 80 reviews .", "label": "SUPPORTS"},
        {"id": "2", "claim": "The film has more than 90 reviews .", "label": "REFUTES"},
    ]
    path.write_text(
        "".join(json.dumps({**row, "evidence": evidence}) + "\n" for row in rows) + "\n"
    )
    assert len(load_pairs(path)) == 2
    report = evaluate_stance(path)
    assert report.binary_accuracy == 1.0
