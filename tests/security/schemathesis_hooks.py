"""The one rule of the API that JSON Schema cannot state, taught to schemathesis' generator.

A ClaimReview's `bestRating` may not be below its `worstRating` (the service answers 422
otherwise, and the operation's description says so): JSON Schema has no way to compare two
fields, so without this the fuzzer would call such a request valid and expect a 2xx. Only the
generated cases whose body breaks this rule are dropped; every check still runs on every operation.
"""

from typing import Any

import schemathesis


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _scale_holds(review: Any) -> bool:
    rating = review.get("reviewRating") if isinstance(review, dict) else None
    if not isinstance(rating, dict):
        return True
    best, worst = _number(rating.get("bestRating")), _number(rating.get("worstRating"))
    return best is None or worst is None or best >= worst


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    """On cases rather than bodies: the coverage phase applies only case hooks."""
    body = getattr(case, "body", None)
    reviews = body if isinstance(body, list) else [body]
    return all(_scale_holds(review) for review in reviews)
