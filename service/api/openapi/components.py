"""Component descriptions of the OpenAPI document: each schema says what it is, in its own words.

The wire types describe every field with `Meta(description=...)`. litestar copies the
description of the first field typed by a struct onto that struct's component as well (so
`Span` would read "Where the figure is in the analysed text."); each component is given its
struct's docstring instead, or no description when the struct has none. The `@type` fields
msgspec adds for tagged JSON-LD structs are described here, as they have no field to annotate.
"""

import inspect

import msgspec
from litestar.openapi.spec import Components, Schema


def _structs() -> dict[str, type[msgspec.Struct]]:
    """Every Struct class by the names litestar may give its component: `Name`, and
    `module_Name` where two modules define the same name."""
    found: dict[str, type[msgspec.Struct]] = {}
    pending: list[type[msgspec.Struct]] = list(msgspec.Struct.__subclasses__())
    while pending:
        struct = pending.pop()
        pending.extend(struct.__subclasses__())
        module = struct.__module__.rsplit(".", 1)[-1]
        found.setdefault(struct.__name__, struct)
        found[f"{module}_{struct.__name__}"] = struct
    return found


def describe_components(components: Components) -> None:
    structs = _structs()
    for name, schema in (components.schemas or {}).items():
        if not isinstance(schema, Schema):
            continue
        struct = structs.get(name)
        doc = inspect.getdoc(struct) if struct is not None else None
        # msgspec.Struct's own docstring is inherited by structs without one: not theirs.
        schema.description = doc if doc and doc != inspect.getdoc(msgspec.Struct) else None
        tag = (schema.properties or {}).get("@type")
        if isinstance(tag, Schema) and tag.const is not None and not tag.description:
            tag.description = f"The schema.org type: {tag.const}."
