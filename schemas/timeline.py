"""A check grouped by date: how the figure a statement gives was reported over time."""

from typing import Annotated

import msgspec
from msgspec import Meta

from schemas.analysis import Span
from schemas.check import MatchedClaim, MatchedReport, Stance


class TimelinePoint(msgspec.Struct, omit_defaults=True, kw_only=True):
    """One report's claim on one date; with the figure it gives when the statement has one."""

    claim: Annotated[MatchedClaim, Meta(description="The claim that gives the figure.")]
    report: Annotated[MatchedReport, Meta(description="Where the claim was published.")]
    stance: Annotated[Stance, Meta(description="The claim's stance on the statement.")]
    score: Annotated[float, Meta(description="How similar claim and statement are, 0-100.")]
    figure: Annotated[
        str | None, Meta(description='The claim\'s figure as written: "around 10,000 troops".')
    ] = None
    value: Annotated[float | None, Meta(description="That figure as a number.")] = None
    figure_span: Annotated[
        Span | None, Meta(description="Where the figure is in the claim's text.")
    ] = None
    earlier: Annotated[
        bool,
        Meta(
            description='True when the report gives it as an earlier figure ("earlier estimate").'
        ),
    ] = False


class TimelineEntry(msgspec.Struct, omit_defaults=True, kw_only=True):
    """The claims of the reports published on one day."""

    date: Annotated[
        str | None, Meta(description="The ISO day of publication; absent: undated (listed last).")
    ] = None
    points: Annotated[list[TimelinePoint], Meta(description="The claims of that day.")]


class Timeline(msgspec.Struct, kw_only=True):
    """How the figure a statement gives was reported over time."""

    statement: Annotated[str, Meta(description="The statement as checked.")]
    figure: Annotated[
        str | None, Meta(description="The statement's figure followed over time; null: none.")
    ]
    entries: Annotated[list[TimelineEntry], Meta(description="One entry per day, oldest first.")]
    index_revision: Annotated[
        int, Meta(description="The store revision the search index had reached.")
    ]
    took_ms: Annotated[float, Meta(description="Time it took, in milliseconds.")]
