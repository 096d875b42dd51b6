"""Stance quality on claim/evidence pairs labelled SUPPORTS / REFUTES / NEI (VitaminC, FEVER).

Each pair's `claim` is the statement and its `evidence` the matched claim. Relevance is a plain
lexical score (rapidfuzz token_set_ratio on normalised text), so the figures measure the stance
rules alone, not the retrieval fusion.

Three-way: supports -> SUPPORTS, conflicts -> REFUTES, related -> NEI.
Binary (pairs labelled SUPPORTS or REFUTES only): supports -> SUPPORTS, conflicts -> REFUTES,
and a related match -> REFUTES when one of its reasons argues against the statement (another
actor, swapped direction), else SUPPORTS. These sets pair a statement with evidence chosen for
it, so evidence that does not contradict it is, more often than not, the supporting kind.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import msgspec
from rapidfuzz import fuzz

from service.matching.stance import StanceResult, judge
from service.text.analyse import analyse
from service.text.normalize import normalize

Label = Literal["SUPPORTS", "REFUTES", "NEI"]
LABELS: tuple[Label, ...] = ("SUPPORTS", "REFUTES", "NEI")
BINARY: tuple[Label, ...] = ("SUPPORTS", "REFUTES")


class StancePair(msgspec.Struct, frozen=True):
    claim: str
    evidence: str
    label: Label
    id: str = ""


class StanceReport(msgspec.Struct, frozen=True):
    pairs: int
    accuracy: float
    macro_f1: float
    binary_pairs: int
    binary_accuracy: float
    binary_macro_f1: float
    confusion: dict[str, dict[str, int]]  # gold label -> predicted label -> count (three-way)


def load_pairs(path: Path) -> list[StancePair]:
    return [
        msgspec.json.decode(line, type=StancePair)
        for line in path.read_bytes().splitlines()
        if line.strip()
    ]


def relevance(statement: str, claim: str) -> float:
    return float(fuzz.token_set_ratio(normalize(statement), normalize(claim)))


_THREE_WAY: dict[str, Label] = {"supports": "SUPPORTS", "conflicts": "REFUTES", "related": "NEI"}


def three_way(result: StanceResult) -> Label:
    return _THREE_WAY[result.stance]


def binary(result: StanceResult) -> Label:
    if result.stance == "related":
        against = any(r.effect == "conflicts" for r in result.reasons)
        return "REFUTES" if against else "SUPPORTS"
    return three_way(result)


def predict(pair: StancePair) -> StanceResult:
    return judge(
        pair.claim,
        analyse(pair.claim),
        pair.evidence,
        analyse(pair.evidence),
        relevance=relevance(pair.claim, pair.evidence),
    )


def _macro_f1(outcomes: Sequence[tuple[Label, Label]], labels: Iterable[Label]) -> float:
    scores: list[float] = []
    for label in labels:
        true_pos = sum(gold == label and guess == label for gold, guess in outcomes)
        predicted = sum(guess == label for _, guess in outcomes)
        actual = sum(gold == label for gold, _ in outcomes)
        if predicted + actual:
            scores.append(2 * true_pos / (predicted + actual))
    return sum(scores) / len(scores) if scores else 0.0


def _accuracy(outcomes: Sequence[tuple[Label, Label]]) -> float:
    return sum(gold == guess for gold, guess in outcomes) / len(outcomes) if outcomes else 0.0


def score(pairs: Sequence[StancePair], results: Sequence[StanceResult]) -> StanceReport:
    outcomes = [(p.label, three_way(r)) for p, r in zip(pairs, results, strict=True)]
    binary_outcomes = [
        (p.label, binary(r)) for p, r in zip(pairs, results, strict=True) if p.label in BINARY
    ]
    counts = Counter(outcomes)
    return StanceReport(
        pairs=len(outcomes),
        accuracy=_accuracy(outcomes),
        macro_f1=_macro_f1(outcomes, LABELS),
        binary_pairs=len(binary_outcomes),
        binary_accuracy=_accuracy(binary_outcomes),
        binary_macro_f1=_macro_f1(binary_outcomes, BINARY),
        confusion={gold: {guess: counts[gold, guess] for guess in LABELS} for gold in LABELS},
    )


def evaluate_stance(path: Path) -> StanceReport:
    pairs = load_pairs(path)
    return score(pairs, [predict(p) for p in pairs])


def format_report(report: StanceReport) -> str:
    """Plain text; the last line is `binary_accuracy: 0.xxx` so runs can be compared."""
    header = "gold \\ predicted  " + "  ".join(f"{label:>8}" for label in LABELS)
    rows = [
        f"{gold:<17} " + "  ".join(f"{report.confusion[gold][guess]:>8}" for guess in LABELS)
        for gold in LABELS
    ]
    return "\n".join(
        [
            f"pairs: {report.pairs}",
            f"accuracy: {report.accuracy:.3f}",
            f"macro_f1: {report.macro_f1:.3f}",
            header,
            *rows,
            f"binary_pairs: {report.binary_pairs}",
            f"binary_macro_f1: {report.binary_macro_f1:.3f}",
            f"binary_accuracy: {report.binary_accuracy:.3f}",
        ]
    )
