"""Check results as a readable table, for journalists using curl (`Accept: text/plain`).

Stored text is anyone's: printed raw, an ESC sequence in a report could clear the terminal and
draw a fake verdict, and a direction override could reorder what the line shows. Control and
format characters are therefore written as visible escapes (`\x1b`, `\u202e`).
"""

import textwrap
import unicodedata

from schemas.check import CheckResult

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


def render_check(result: CheckResult) -> str:
    lines = [
        f"statement: {visible(result.statement)}",
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
            visible(part) for part in (report.source, report.published_at, report.title) if part
        )
        hedged = "  (hedged)" if match.hedged else ""
        lines.append(f"{rank}. {match.stance.upper():<9} score {match.score:5.1f}{hedged}")
        lines.extend(
            textwrap.wrap(
                f"claim:  {visible(match.claim.text)}", WIDTH, subsequent_indent="        "
            )
        )
        if where:
            lines.extend(textwrap.wrap(f"report: {where}", WIDTH, subsequent_indent="        "))
        for reason in match.reasons:
            lines.extend(
                textwrap.wrap(f"  - {visible(reason.message)}", WIDTH, subsequent_indent="    ")
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
