"""Check results as a readable table, for journalists using curl (`Accept: text/plain`).

Stored text is anyone's: printed raw, an ESC sequence in a report could clear the terminal and
draw a fake verdict, and a direction override could reorder what the line shows. Control and
format characters are therefore written as visible escapes (`\x1b`, `\u202e`).

Each reason says its effect (a reason under a CONFLICTS match may quote a figure that reads
like agreement on its own), and a match from an imported ClaimReview names its fact-checker.
"""

import textwrap
import unicodedata

from schemas.check import CheckResult, Match

WIDTH = 100
# Characters that steer a terminal or the text's direction rather than show something.
_STEERING = frozenset({"Cc", "Cf", "Zl", "Zp"})


def visible(text: str | None) -> str:
    """`text` with every control and format character escaped; tab and newline included,
    since a table line must stay one line."""
    if text is None:
        return ""
    if text.isprintable():  # the usual case, at C speed
        return text
    return "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        if unicodedata.category(c) in _STEERING
        else c
        for c in text
    )


EFFECT = {"supports": "supports", "conflicts": "conflicts", "neutral": "note"}


def render_check(result: CheckResult) -> str:
    counts = result.counts
    lines = [
        f"statement: {visible(result.statement)}",
        f"verdict:   {result.verdict.upper()}   "
        f"({len(result.matches)} shown; weighed {counts.supports} supporting, "
        f"{counts.conflicts} conflicting, {counts.related} related; "
        f"index revision {result.index_revision}, {result.took_ms:.1f} ms)",
        "",
    ]
    if not result.matches:
        lines.append("No indexed claim is close enough to this statement.")
    for rank, match in enumerate(result.matches, start=1):
        lines.extend(_match_lines(rank, match))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _match_lines(rank: int, match: Match) -> list[str]:
    report = match.report
    where = " · ".join(
        visible(part) for part in (report.source, report.published_at, report.title) if part
    )
    hedged = "  (hedged)" if match.hedged else ""
    lines = [f"{rank}. {match.stance.upper():<9} score {match.score:5.1f}{hedged}"]
    lines.extend(
        textwrap.wrap(f"claim:  {visible(match.claim.text)}", WIDTH, subsequent_indent=" " * 8)
    )
    if where:
        lines.extend(textwrap.wrap(f"report: {where}", WIDTH, subsequent_indent=" " * 8))
    rating = match.claim.rating
    if rating is not None:
        review = f"review: {visible(rating.reviewer)} rated it {visible(rating.name)!r}"
        if rating.reviewed_at:
            review += f" on {rating.reviewed_at}"
        if rating.url:
            review += f" ({rating.url})"
        lines.extend(textwrap.wrap(review, WIDTH, subsequent_indent=" " * 8))
    for reason in match.reasons:
        effect = EFFECT.get(reason.effect, reason.effect)
        # Messages mostly open with their kind ("quantity: ..."); name it once either way.
        said = visible(reason.message)
        if not said.startswith(f"{reason.kind}:"):
            said = f"{reason.kind}: {said}"
        lines.extend(
            textwrap.wrap(
                f"  - {effect}: {said}",
                WIDTH,
                subsequent_indent=" " * 4,
            )
        )
    return lines
