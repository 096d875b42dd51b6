"""Every regular expression that touches client text runs in linear time.

The patterns are found by walking the code, not listed by hand, so that the next one is covered
the day it is written: compiled `re.Pattern` objects anywhere in a module of `service` or
`schemas` (also inside tuples, lists, dicts and frozen sets), `pattern=` constraints of the wire
types and settings (msgspec `Meta`, which msgspec applies with `re.search`), and the `pattern=`
of every query and path parameter of the app's routes.

Each is fed adversarial inputs at 10,000 and 100,000 characters: long runs of each of the
pattern's own characters and classes, the same followed by a bad last character (NUL, a blank,
punctuation), and alternations of the pattern's classes. Linear time means the 100k run takes
about ten times the 10k one; a backtracking pattern takes a hundred times (or never finishes).
"""

import importlib
import itertools
import pkgutil
import re
import time
from collections.abc import Iterator

# The parser behind `re` (private, but the only reader of a pattern's structure there is).
from re import _parser as sre_parse
from typing import Any, get_args, get_origin

import msgspec
import pytest

import schemas
import service

SMALL = 10_000
LARGE = 100_000
MAX_RATIO = 20.0
# 10,000 characters in more than this is superlinear already (and 100,000 would take minutes).
SMALL_CEILING_S = 0.2
# CPU time of this process, so that the other work of a shared machine does not count. Below
# this floor a timing is noise (a linear pass over 100k characters takes about a millisecond,
# a quadratic one seconds): such a pattern holds no worker whatever two noisy figures say.
NOISE_FLOOR_S = 0.02
BAD_LAST = ["\x00", " ", "!", "0"]
FLAGS_ONLY = re.compile("").flags


def _modules() -> Iterator[Any]:
    for package in (service, schemas):
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
            if not info.name.endswith("__main__"):  # importing it would run the CLI
                yield importlib.import_module(info.name)


def _compiled(value: Any, depth: int = 0) -> Iterator[re.Pattern[Any]]:
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _compiled(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _compiled(item, depth + 1)


def _meta_patterns(annotation: Any, depth: int = 0) -> Iterator[str]:
    """`pattern=` in the `Annotated` metadata of a type, at any depth of unions and lists."""
    if depth > 6:
        return
    for meta in getattr(annotation, "__metadata__", ()):
        pattern = getattr(meta, "pattern", None)
        if isinstance(pattern, str):
            yield pattern
    for arg in get_args(annotation):
        yield from _meta_patterns(arg, depth + 1)
    origin = get_origin(annotation)
    if origin is not None and origin is not annotation:
        yield from _meta_patterns(origin, depth + 1)


def _struct_patterns(struct: type[msgspec.Struct]) -> Iterator[str]:
    hints = msgspec.structs.fields(struct)
    for field in hints:
        yield from _meta_patterns(field.type)


def _route_patterns() -> Iterator[str]:
    from service.app import create_app
    from service.settings import Settings

    app = create_app(Settings(seeds_dir=None, database_url="sqlite:///:memory:"))
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            signature = handler.parsed_fn_signature
            for parameter in signature.parameters.values():
                kwarg = parameter.kwarg_definition
                pattern = getattr(kwarg, "pattern", None)
                if isinstance(pattern, str):
                    yield pattern
                yield from _meta_patterns(parameter.annotation)


def discovered_patterns() -> dict[str, re.Pattern[Any]]:
    found: dict[str, re.Pattern[Any]] = {}
    for module in _modules():
        for name, value in vars(module).items():
            for pattern in _compiled(value):
                found.setdefault(
                    repr(pattern.pattern)
                    if isinstance(pattern.pattern, bytes)
                    else pattern.pattern,
                    pattern,
                )
            if isinstance(value, type) and issubclass(value, msgspec.Struct):
                for text in _struct_patterns(value):
                    found.setdefault(text, re.compile(text))
            elif name[:1].isupper() or get_origin(value) is not None:
                for text in _meta_patterns(value):
                    found.setdefault(text, re.compile(text))
    for text in _route_patterns():
        found.setdefault(text, re.compile(text))
    return found


def _class_chars(items: Any) -> list[str]:
    chars: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            chars.append(chr(av))
        elif name == "RANGE":
            low, high = av
            chars.extend({chr(low), chr(high), chr((low + high) // 2)})
        elif name == "CATEGORY":
            category = str(av)
            if "DIGIT" in category:
                chars.append("7" if "NOT" not in category else "a")
            elif "SPACE" in category:
                chars.append(" " if "NOT" not in category else "a")
            elif "WORD" in category:
                chars.append("a" if "NOT" not in category else "-")
    return chars


def _own_characters(parsed: Any) -> list[str]:
    """Every literal and a few members of every class the pattern names."""
    chars: list[str] = []
    for op, av in parsed:
        name = str(op)
        if name == "LITERAL":
            chars.append(chr(av))
        elif name == "IN":
            chars.extend(_class_chars(av))
        elif name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
            chars.extend(_own_characters(av[2]))
        elif name in {"SUBPATTERN", "ATOMIC_GROUP"}:
            chars.extend(_own_characters(av[-1]))
        elif name == "BRANCH":
            for branch in av[1]:
                chars.extend(_own_characters(branch))
        elif name in {"ASSERT", "ASSERT_NOT"}:
            chars.extend(_own_characters(av[1]))
    return chars


def adversarial_inputs(pattern: re.Pattern[Any], size: int) -> dict[str, Any]:
    text = pattern.pattern
    source = text.decode("latin-1") if isinstance(text, bytes) else text
    try:
        parsed = sre_parse.parse(source, pattern.flags & ~re.ASCII if isinstance(text, str) else 0)
    except re.error:  # pragma: no cover - it compiled, so it parses
        parsed = []
    # Letters, blanks, digits and punctuation first: the usual members of negated classes.
    own = list(dict.fromkeys(["a", " ", "0", ".", *_own_characters(parsed)]))[:8]
    inputs: dict[str, str] = {}
    for char in own:
        run = char * size
        inputs[f"run {char!r}"] = run
        for bad in BAD_LAST:
            inputs[f"run {char!r} then {bad!r}"] = run[:-1] + bad
    for first, second in itertools.combinations(own[:5], 2):
        alternation = (first + second) * (size // 2)
        inputs[f"alternating {first!r}{second!r} then NUL"] = alternation[:-1] + "\x00"
    mixed = "".join(own) or "a"
    inputs["all its characters, repeated"] = (mixed * (size // len(mixed) + 1))[:size]
    if isinstance(text, bytes):  # a pattern over bytes reads the UTF-8 the client sent
        return {label: value.encode("utf-8", "replace")[:size] for label, value in inputs.items()}
    return inputs


def _timed(pattern: re.Pattern[Any], text: Any) -> float:
    started = time.process_time()
    pattern.search(text)
    for _match in itertools.islice(pattern.finditer(text), 10_000):
        pass
    return time.process_time() - started


PATTERNS = discovered_patterns()


def test_the_walk_finds_the_patterns_that_guard_client_text() -> None:
    """The walk is not empty, and it reaches each kind of place patterns live in."""
    from schemas.patterns import NON_BLANK_NO_NUL, NOT_BLANK
    from service.api.edge.observability import VALID_ID

    assert NON_BLANK_NO_NUL in PATTERNS  # a msgspec Meta on a wire type
    assert NOT_BLANK in PATTERNS  # a query parameter of a route
    assert VALID_ID.pattern in PATTERNS  # a compiled pattern in a module
    assert len(PATTERNS) > 30


@pytest.mark.parametrize("text", sorted(PATTERNS), ids=lambda text: repr(text)[:60])
def test_pattern_runs_in_linear_time(text: str) -> None:
    pattern = PATTERNS[text]
    small_inputs = adversarial_inputs(pattern, SMALL)
    large_inputs = adversarial_inputs(pattern, LARGE)
    for label, small in small_inputs.items():
        small_s = _timed(pattern, small)
        if small_s > SMALL_CEILING_S:  # a linear pass takes about a millisecond
            pytest.fail(f"{label}: {small_s:.2f} s at {SMALL} characters, superlinear")
        large_s = _timed(pattern, large_inputs[label])
        # The machine is shared: a ratio over the bound is measured again before it counts.
        for _ in range(3):
            if large_s < NOISE_FLOOR_S or large_s < MAX_RATIO * small_s:
                break
            small_s = min(small_s, _timed(pattern, small))
            large_s = min(large_s, _timed(pattern, large_inputs[label]))
        if large_s < NOISE_FLOOR_S:
            continue
        ratio = large_s / max(small_s, 1e-9)
        assert ratio < MAX_RATIO, (
            f"{label}: {small_s * 1000:.2f} ms at {SMALL}, {large_s * 1000:.1f} ms at {LARGE} "
            f"(x{ratio:.0f})"
        )
