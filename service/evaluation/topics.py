"""Verdicts on topic sets (../shared/eval/topics_dev/ and sets of the same format).

Every topic's reports of every given folder go into ONE index with the seed reports, then each
case's statement is checked and judged as ../shared/eval/tools/score_topics.py judges it against
a running server: strict verdict, accepted verdict, evidence in the top five, and pass (accepted
verdict and evidence), by topic, by group and in total.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import msgspec

from schemas.check import CheckRequest, CheckResult, Match
from schemas.reports import ReportIn
from service.runtime import running
from service.settings import Settings

TOP = 5


class Expectation(msgspec.Struct, frozen=True):
    stance: Literal["supports", "conflicts", "not_supports"]
    contains: list[str]


class TopicCase(msgspec.Struct, frozen=True):
    id: str
    group: str
    statement: str
    verdict: str
    accept: list[str]
    expect: list[Expectation] = []
    note: str = ""


class CaseOutcome(msgspec.Struct, frozen=True):
    case: TopicCase
    topic: str
    verdict: str
    strict: bool
    accepted: bool
    evidence: bool
    result: CheckResult

    @property
    def passed(self) -> bool:
        return self.accepted and self.evidence


def _lines(path: Path) -> list[bytes]:
    return [line for line in path.read_bytes().splitlines() if line.strip()]


def topic_folders(directories: Iterable[Path]) -> list[Path]:
    """The folders holding reports.jsonl and cases.jsonl, in name order per set."""
    return [
        folder
        for directory in directories
        for folder in sorted(directory.iterdir())
        if (folder / "reports.jsonl").is_file() and (folder / "cases.jsonl").is_file()
    ]


def _holds(expect: Expectation, matches: Sequence[Match]) -> bool:
    def has(match: Match) -> bool:
        text = match.claim.text.casefold()
        return all(part.casefold() in text for part in expect.contains)

    if expect.stance == "not_supports":
        return not any(m.stance == "supports" and has(m) for m in matches)
    return any(m.stance == expect.stance and has(m) for m in matches)


def judge_case(case: TopicCase, topic: str, result: CheckResult) -> CaseOutcome:
    top = result.matches[:TOP]
    return CaseOutcome(
        case=case,
        topic=topic,
        verdict=result.verdict,
        strict=result.verdict == case.verdict,
        accepted=result.verdict in case.accept,
        evidence=all(_holds(expect, top) for expect in case.expect),
        result=result,
    )


async def evaluate_topics(directories: Sequence[Path], seeds_dir: Path) -> list[CaseOutcome]:
    folders = topic_folders(directories)
    settings = Settings(
        database_url="sqlite:///:memory:",
        seeds_dir=str(seeds_dir),
        semantic=Settings.from_env().semantic,  # FACTCHECK_SEMANTIC=off checks the lexical path
    )
    outcomes: list[CaseOutcome] = []
    async with running(settings, follow=False) as services:
        reports = [
            msgspec.json.decode(line, type=ReportIn)
            for folder in folders
            for line in _lines(folder / "reports.jsonl")
        ]
        await services.ingest(reports, atomic=True)
        if services.semantic is not None:
            await services.sync.catch_up()
            await services.semantic.sync.drain()  # as a server would have, before the checks
        for folder in folders:
            for line in _lines(folder / "cases.jsonl"):
                case = msgspec.json.decode(line, type=TopicCase)
                request = CheckRequest(statement=case.statement, limit=TOP)
                result = await services.checker.check(request)
                outcomes.append(judge_case(case, folder.name, result))
    return outcomes


def _row(name: str, outcomes: Sequence[CaseOutcome]) -> str:
    n = len(outcomes)

    def rate(flags: Iterable[bool]) -> str:
        return f"{sum(flags) / n:.3f}" if n else "-"

    return (
        f"{name:<12} {n:>4}  {rate(o.strict for o in outcomes):>6}  "
        f"{rate(o.accepted for o in outcomes):>8}  {rate(o.evidence for o in outcomes):>8}  "
        f"{rate(o.passed for o in outcomes):>5}"
    )


def _failure(outcome: CaseOutcome) -> list[str]:
    case = outcome.case
    lines = [
        f"FAIL {case.id} [{case.group}] {case.statement}",
        f"  want {case.verdict} got {outcome.verdict}"
        f" evidence={'ok' if outcome.evidence else 'MISSING'}",
    ]
    for match in outcome.result.matches[:TOP]:
        lines.append(f"    {match.stance:<9} {match.score:6.2f} {match.claim.text[:110]}")
    return lines


def format_report(outcomes: Sequence[CaseOutcome], *, verbose: bool = False) -> str:
    lines: list[str] = []
    if verbose:
        for outcome in outcomes:
            if not outcome.passed:
                lines.extend(_failure(outcome))
        lines.append("")
    header = f"{{:<12}} {'n':>4}  {'strict':>6}  {'accepted':>8}  {'evidence':>8}  {'pass':>5}"
    for title, key in (("topic", "topic"), ("group", "group")):
        groups: dict[str, list[CaseOutcome]] = defaultdict(list)
        for outcome in outcomes:
            groups[outcome.topic if key == "topic" else outcome.case.group].append(outcome)
        lines.append(header.format(title))
        lines.extend(_row(name, groups[name]) for name in sorted(groups))
        lines.append("")
    lines.append(_row("total", outcomes))
    n = len(outcomes) or 1
    lines.append(f"strict: {sum(o.strict for o in outcomes) / n:.3f}")
    lines.append(f"accepted: {sum(o.accepted for o in outcomes) / n:.3f}")
    lines.append(f"evidence: {sum(o.evidence for o in outcomes) / n:.3f}")
    lines.append(f"pass: {sum(o.passed for o in outcomes) / n:.3f}")
    return "\n".join(lines)
