"""The two rules of the API that JSON Schema cannot state, taught to schemathesis.

1. A ClaimReview's `bestRating` may not be below its `worstRating` (the service answers 422
otherwise, and the operation's description says so): JSON Schema has no way to compare two
fields, so without this the fuzzer would call such a request valid and expect a 2xx. Only the
generated cases whose body breaks this rule are dropped; every check still runs on every operation.

2. A page cursor is valid only when the service signed it for that list (service/cursors.py):
any other string of the right length is schema-valid, since a signature cannot be written as a
pattern, and the service answers it with the 400 every list documents. Only that failure is
dropped (positive_data_acceptance, status 400, a problem naming `cursor`, on a request that sent
one); every other check still judges the same response, and any other refusal still fails.
"""

import json
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


def _names_the_cursor(response: Any) -> bool:
    try:
        problem = json.loads(response.content)
    except (ValueError, TypeError):
        return False
    return isinstance(problem, dict) and problem.get("field") == "cursor"


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """False (drop it) only for a refused cursor the fuzzer made up; True keeps every other."""
    query = getattr(case, "query", None) or {}
    refused_cursor = (
        type(failure).__name__ == "RejectedPositiveData"
        and "cursor" in query
        and response.status_code == 400
        and _names_the_cursor(response)
    )
    return not refused_cursor
