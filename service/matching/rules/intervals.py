"""The range of values a written figure allows, from its qualifier and its precision.

"about 10,000" is 9,000-11,000 (±10 %); "over 4,000" is everything above 4,000, 4,000 excluded;
"up to 3,000" and "at most 3,000" include 3,000; "between 5 and 10" is 5-10. An exact figure
stands for what rounds to it: "1.5k" is 1,450-1,550 and "12 million" 11.5-12.5 million, while a
plain integer ("1,500") is taken at its word; rounding applies between two exact figures only.
Two figures are compatible when their ranges meet.
"""

import math
import re

import msgspec

from schemas.analysis import Quantity

ABOUT_TOLERANCE = 0.10  # "about", "around", "roughly": the usual reading in news copy
# "More than 5,000" is read as a bit more than 5,000, not as 50,000: a lower bound reaches this
# factor past its figure. "Under" and "up to" stay open below: "up to 3,000" is met by 1,200.
# Fitted on the VitaminC dev pairs (README: "Qualifiers").
OPEN_BOUND_FACTOR = 2.0

# Digit groups as service.text.numbers reads them: "10,000", "10 000", "1.280.000", "1.28".
_WRITTEN_NUMBER = re.compile(
    r"(?P<whole>\d{1,3}(?:[,\u00a0\u2009\u202f ]\d{3})+(?!\d)|\d{1,3}(?:\.\d{3}){2,}|\d+)"
    r"(?:\.(?P<decimals>\d+))?"
)


class Interval(msgspec.Struct, frozen=True):
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: "Interval") -> bool:
        """Whether some value lies in both ranges (open ends exclude their bound)."""
        if self.low > other.high or other.low > self.high:
            return False
        if self.low == other.high and (self.low_open or other.high_open):
            return False
        return not (other.low == self.high and (other.low_open or self.high_open))

    def distance(self, other: "Interval") -> float:
        """How far apart two ranges lie; 0 when they meet."""
        return max(0.0, self.low - other.high, other.low - self.high)


def rounding_tolerance(quantity: Quantity) -> float:
    """Half a unit of the last written digit, when the figure was scaled or has decimals."""
    found = _WRITTEN_NUMBER.search(quantity.text)
    if found is None:
        return 0.0  # spelt out ("ten thousand"): exact
    decimals = found.group("decimals") or ""
    written = float(re.sub(r"\D", "", found.group("whole")) + "." + (decimals or "0"))
    if written == 0:
        return 0.0
    scale = quantity.value / written
    if not decimals and math.isclose(scale, 1.0):
        return 0.0  # "1,500" means 1,500: plain integers are not read as rounded
    return 0.5 * 10.0 ** -len(decimals) * abs(scale)


def interval(quantity: Quantity, *, rounded: bool = True) -> Interval:
    """The values a figure allows; `rounded=False` takes an exact figure at its word."""
    value = quantity.value
    slack = rounding_tolerance(quantity) if rounded else 0.0
    low = quantity.low
    high = quantity.high
    match quantity.qualifier:
        case "about":
            spread = max(abs(value) * ABOUT_TOLERANCE, slack)
            return Interval(
                value - spread if low is None else min(low, value - spread),
                value + spread if high is None else max(high, value + spread),
            )
        case "over":
            start = value if low is None else low
            return Interval(start, _beyond(start), low_open=True)
        case "at_least":
            start = value if low is None else low
            return Interval(start, _beyond(start))
        case "under":
            stop = value if high is None else high
            return Interval(-math.inf, stop, high_open=True)
        case "up_to" | "at_most":
            stop = value if high is None else high
            return Interval(-math.inf, stop)
        case "between":
            top = quantity.value_high if quantity.value_high is not None else high
            return Interval(value if low is None else low, value if top is None else top)
        case _:
            top = quantity.value_high if quantity.value_high is not None else value
            return Interval(value - slack, top + slack)


def _beyond(bound: float) -> float:
    return bound * OPEN_BOUND_FACTOR if bound > 0 else math.inf


def compatible(a: Quantity, b: Quantity) -> bool:
    """Whether both figures can be true. Rounding counts between two exact figures only: "12
    million" may be 12.4 million, but "more than $251.2 million" is not met by "$251 million"."""
    rounded = a.qualifier == "exact" and b.qualifier == "exact"
    return interval(a, rounded=rounded).meets(interval(b, rounded=rounded))
