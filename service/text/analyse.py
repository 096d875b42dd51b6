"""analyse(): everything the matcher needs to know about one claim, computed once at ingest.

Each finder is a pure function of the text; this module runs them in the order that lets later ones
reuse earlier results (numbers and names once, dates before quantities so that "June 17" is not a
count, the attribution before roles so that "according to the NIS" does not make the NIS a target).
"""

import datetime as dt

from schemas.analysis import Analysis
from service.text.attribution import find_attribution
from service.text.dates import find_dates
from service.text.entities import find_entities
from service.text.normalize import canonical_entities
from service.text.numbers import find_numbers
from service.text.ordinals import find_ordinals
from service.text.polarity import find_hedges, find_negations, negates_main_clause
from service.text.quantities import find_quantities


def analyse(text: str, reference_date: dt.date | None = None) -> Analysis:
    """Quantities, dates, ordinals, entities, negation, hedges and attribution of `text`.

    `reference_date` (the report's date) resolves relative and year-less dates.
    """
    names = canonical_entities(text)
    dates = find_dates(text, reference_date)
    date_spans = [(d.span.start, d.span.end) for d in dates]
    attribution = find_attribution(text)
    negations = find_negations(text)
    hedges = find_hedges(text, skip=date_spans)
    return Analysis(
        quantities=find_quantities(text, numbers=find_numbers(text), dates=dates, names=names),
        dates=dates,
        ordinals=find_ordinals(text, skip=date_spans, names=names),
        entities=find_entities(
            text,
            names=names,
            attribution=None
            if attribution is None
            else (attribution.span.start, attribution.span.end),
        ),
        negations=negations,
        hedges=hedges,
        attribution=attribution,
        negated=negates_main_clause(text, negations),
        hedged=bool(hedges),
    )
