"""The OpenAPI document's components: each schema says what it is, in its own words, and keeps
the constraints the service enforces.

- Descriptions. The wire types describe every field with `Meta(description=...)`. litestar
  copies the description of the first field typed by a struct onto that struct's component as
  well (so `Span` would read "Where the figure is in the analysed text."); each component is
  given its struct's docstring instead, or no description when the struct has none. The
  `@type` fields msgspec adds for tagged JSON-LD structs are described here, as they have no
  field to annotate.
- Constraints litestar drops (`restore_constraints`): unknown fields refused, zero lower
  bounds, the bounds of a union's list or string branch.
- What a Struct cannot say: WatchIn takes `statement` or `text`, and a `secret` only with a
  `callback_url` (`document_watch_input`).
"""

import functools
import importlib
import inspect
import pkgutil

import msgspec
from litestar.openapi.spec import Components, OpenAPI, Schema
from litestar.openapi.spec.enums import OpenAPIType

import schemas
from service.watches.callbacks import STRICT_CALLBACK_PATTERN, CallbackPolicy


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


def restore_constraints(components: Components) -> None:
    """Put back on the wire types' schemas what litestar leaves out: that inputs refuse unknown
    fields (msgspec `forbid_unknown_fields`), and the bounds it drops."""
    for name, schema in (components.schemas or {}).items():
        struct = wire_structs().get(name)
        if struct is None:
            continue
        if struct.__struct_config__.forbid_unknown_fields:
            schema.additional_properties = False
        _restore_zero_lower_bounds(struct, schema)
        _restore_bounds_in_unions(struct, schema)


@functools.cache
def wire_structs() -> dict[str, type[msgspec.Struct]]:
    """The wire types by schema name: the class name, or `module_Class` when two modules of
    `schemas` define the same name (litestar's rule)."""
    found: dict[str, type[msgspec.Struct]] = {}
    for module_info in pkgutil.iter_modules(schemas.__path__):
        module = importlib.import_module(f"schemas.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, msgspec.Struct)
                and value.__module__ == module.__name__
            ):
                found[value.__name__] = value
                found[f"{module_info.name}_{value.__name__}"] = value
    return found


def _restore_zero_lower_bounds(struct: type[msgspec.Struct], schema: Schema) -> None:
    """litestar 2.25 drops `ge=0` from schemas (it tests the bound for truth): put it back."""
    info = msgspec.inspect.type_info(struct)
    if not isinstance(info, msgspec.inspect.StructType):
        return
    for field in info.fields:
        kinds = field.type.types if isinstance(field.type, msgspec.inspect.UnionType) else ()
        for kind in (field.type, *kinds):
            if getattr(kind, "ge", None) == 0 and field.encode_name in (schema.properties or {}):
                prop = (schema.properties or {})[field.encode_name]
                if isinstance(prop, Schema) and prop.minimum is None:
                    prop.minimum = 0


def _restore_bounds_in_unions(struct: type[msgspec.Struct], schema: Schema) -> None:
    """litestar 2.25 drops the constraints of a list, or of a string, that sits in a union with
    another non-null type (`Thing | list[Thing]`, `float | str`): put them on the array or
    string branch, or the document calls `[]` and `""` valid where the service refuses them."""
    info = msgspec.inspect.type_info(struct)
    if not isinstance(info, msgspec.inspect.StructType):
        return
    for field in info.fields:
        kind = field.type.type if isinstance(field.type, msgspec.inspect.Metadata) else field.type
        prop = (schema.properties or {}).get(field.encode_name)
        if not isinstance(kind, msgspec.inspect.UnionType) or not isinstance(prop, Schema):
            continue
        for member in kind.types:
            if isinstance(member, msgspec.inspect.ListType):
                set_array_bounds(prop, member.min_length, member.max_length)
                if isinstance(member.item_type, msgspec.inspect.StrType):
                    for branch in _array_branches(prop):
                        if isinstance(branch.items, Schema):
                            _set_string_constraints(branch.items, member.item_type)
            elif isinstance(member, msgspec.inspect.StrType):
                _set_string_constraints(prop, member)
            elif isinstance(member, msgspec.inspect.FloatType):
                for branch in _branches(prop, OpenAPIType.NUMBER):
                    branch.minimum = member.ge if branch.minimum is None else branch.minimum
                    branch.maximum = member.le if branch.maximum is None else branch.maximum


def set_array_bounds(schema: Schema, min_items: int | None, max_items: int | None) -> None:
    """Bound the array branches of a `oneOf`/`anyOf` schema (other branches are not arrays)."""
    for branch in _array_branches(schema):
        branch.min_items = min_items if branch.min_items is None else branch.min_items
        branch.max_items = max_items if branch.max_items is None else branch.max_items


def _array_branches(schema: Schema) -> list[Schema]:
    return _branches(schema, OpenAPIType.ARRAY)


def _branches(schema: Schema, kind: OpenAPIType) -> list[Schema]:
    """The branches of a `oneOf`/`anyOf` schema of type `kind`."""
    branches = (*(schema.one_of or ()), *(schema.any_of or ()))
    return [b for b in branches if isinstance(b, Schema) and b.type == kind]


def _set_string_constraints(schema: Schema, kind: msgspec.inspect.StrType) -> None:
    """On a string schema, or on the string branches of a union's schema."""
    if (schema.pattern, schema.min_length, schema.max_length) != (None, None, None):
        return  # litestar kept them, on the union itself (`str | None`)
    union = bool(schema.one_of or schema.any_of)
    for target in _branches(schema, OpenAPIType.STRING) if union else [schema]:
        target.pattern = kind.pattern
        target.min_length = kind.min_length
        target.max_length = kind.max_length


def document_watch_input(openapi: OpenAPI, policy: CallbackPolicy) -> None:
    """WatchIn takes exactly one of `statement` or `text`, and a `secret` only with a
    `callback_url`: say so in the document (litestar cannot derive it from the Struct)."""
    components = openapi.components
    schemas = components.schemas if isinstance(components, Components) else None
    schema = (schemas or {}).get("WatchIn")
    if schema is not None:
        string, null = Schema(type=OpenAPIType.STRING), Schema(type=OpenAPIType.NULL)
        schema.one_of = [
            Schema(required=["statement"], properties={"statement": string, "text": null}),
            Schema(required=["text"], properties={"text": string, "statement": null}),
        ]
        # A secret signs callbacks: without a callback_url (absent or null) it is refused.
        schema.dependent_required = {"secret": ["callback_url"]}
        schema.dependent_schemas = {"secret": Schema(properties={"callback_url": string})}
        callback = (schema.properties or {}).get("callback_url")
        if policy.strict and isinstance(callback, Schema):
            callback.pattern = STRICT_CALLBACK_PATTERN
