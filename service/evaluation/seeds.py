"""Statements against the seed corpus: does each expected support, conflict or non-support show
up in the top five matches? Format: ../shared/eval/README.md (seed_statements_*.jsonl)."""

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import msgspec

from schemas.check import CheckRequest, CheckResult, Match
from service.runtime import running
from service.settings import Settings

TOP = 5


class Expectation(msgspec.Struct, frozen=True):
    stance: Literal["supports", "conflicts", "not_supports"]
    contains: list[str]


class SeedCase(msgspec.Struct, frozen=True):
    id: str
    statement: str
    expect: list[Expectation] = []
    verdict: str | None = None


class CaseOutcome(msgspec.Struct, frozen=True):
    id: str
    passed: bool
    verdict: str
    problems: list[str]


class SeedReport(msgspec.Struct, frozen=True):
    outcomes: list[CaseOutcome]

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)


def load_cases(path: Path) -> list[SeedCase]:
    return [
        msgspec.json.decode(line, type=SeedCase)
        for line in path.read_bytes().splitlines()
        if line.strip()
    ]


def _holds(match: Match, contains: Sequence[str]) -> bool:
    text = match.claim.text.casefold()
    return all(part.casefold() in text for part in contains)


def judge_case(case: SeedCase, result: CheckResult) -> CaseOutcome:
    top = result.matches[:TOP]
    problems: list[str] = []
    for want in case.expect:
        if want.stance == "not_supports":
            bad = [m for m in top if m.stance == "supports" and _holds(m, want.contains)]
            if bad:
                problems.append(f"supported by {bad[0].claim.text!r}")
        elif not any(m.stance == want.stance and _holds(m, want.contains) for m in top):
            seen = [f"{m.stance}:{m.claim.text[:60]!r}" for m in top if _holds(m, want.contains)]
            problems.append(f"no {want.stance} match containing {want.contains}; saw {seen}")
    if case.verdict is not None:
        if result.verdict != case.verdict:
            problems.append(f"verdict {result.verdict}, expected {case.verdict}")
        if case.verdict == "unverified" and any(m.stance != "related" for m in top):
            problems.append("a match supports or conflicts")
    return CaseOutcome(case.id, not problems, result.verdict, problems)


async def evaluate_seeds(path: Path, seeds_dir: Path) -> SeedReport:
    settings = Settings(
        database_url="sqlite:///:memory:",
        seeds_dir=str(seeds_dir),
        semantic=Settings.from_env().semantic,  # FACTCHECK_SEMANTIC=off checks the lexical path
    )
    outcomes = []
    async with running(settings, follow=False) as services:
        if services.semantic is not None:
            await services.semantic.sync.drain()  # as a server would have, before the checks
        for case in load_cases(path):
            result = await services.checker.check(CheckRequest(statement=case.statement, limit=TOP))
            outcomes.append(judge_case(case, result))
    return SeedReport(outcomes)


def format_report(report: SeedReport) -> str:
    lines = []
    for outcome in report.outcomes:
        mark = "PASS" if outcome.passed else "FAIL"
        lines.append(f"{mark} {outcome.id} ({outcome.verdict})")
        lines.extend(f"     {problem}" for problem in outcome.problems)
    total = len(report.outcomes)
    lines.append(f"passed: {report.passed}/{total}")
    return "\n".join(lines)
