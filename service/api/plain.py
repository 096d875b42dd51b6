"""Check results as a readable table, for journalists using curl (`Accept: text/plain`)."""

import textwrap

from schemas.check import CheckResult

WIDTH = 100


def render_check(result: CheckResult) -> str:
    lines = [
        f"statement: {result.statement}",
        f"verdict:   {result.verdict.upper()}   "
        f"({len(result.matches)} matches, index revision {result.index_revision}, "
        f"{result.took_ms:.1f} ms)",
        "",
    ]
    if not result.matches:
        lines.append("No indexed claim is close enough to this statement.")
    for rank, match in enumerate(result.matches, start=1):
        report = match.report
        where = " · ".join(
            part for part in (report.source, report.published_at, report.title) if part
        )
        hedged = "  (hedged)" if match.hedged else ""
        lines.append(f"{rank}. {match.stance.upper():<9} score {match.score:5.1f}{hedged}")
        lines.extend(
            textwrap.wrap(f"claim:  {match.claim.text}", WIDTH, subsequent_indent="        ")
        )
        if where:
            lines.extend(textwrap.wrap(f"report: {where}", WIDTH, subsequent_indent="        "))
        for reason in match.reasons:
            lines.extend(textwrap.wrap(f"  - {reason.message}", WIDTH, subsequent_indent="    "))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
