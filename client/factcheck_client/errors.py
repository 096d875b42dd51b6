"""What a failed request raises: the service's RFC 9457 problem, decoded."""

import msgspec

from schemas.problems import Problem


class FactcheckError(Exception):
    """The service answered with an error; `problem` is its problem+json body."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.status} {problem.title}: {problem.detail}")
        self.problem = problem

    @property
    def status(self) -> int:
        return self.problem.status


def error_from(status: int, reason: str, body: bytes) -> FactcheckError:
    """The problem in `body`, or one made up from the status when a proxy answered instead."""
    try:
        return FactcheckError(msgspec.json.decode(body, type=Problem))
    except (msgspec.DecodeError, UnicodeDecodeError):
        text = body.decode("utf-8", "replace").strip()[:500]
        return FactcheckError(Problem(title=reason or "Error", status=status, detail=text))
