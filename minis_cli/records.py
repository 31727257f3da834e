"""Records: the part of dataclasses that the command line's start-up path uses, built at a third of the cost.

`minis-py lint` on a small project is start-up bound (bench/lint_bench.py), and dataclasses were a third of
it: importing the module (it imports inspect, ast, dis and tokenize) and building the 38 classes that the lint
path defines, each with five to seven separate exec() calls, took 30-40 ms of a 110 ms run. A record's
__init__ is built with one exec() (as fast to call as a dataclass's), its other methods are closures, and
nothing else is imported. The classes read the same as
dataclasses (`@record`, `@record(frozen=True)`, `field(default_factory=...)`) and `typing.dataclass_transform`
tells the type checker so, which checks their constructors as it checks dataclasses'.

What it supports: fields from the class's own annotations and a base record's (a `ClassVar` is not a field),
defaults and `field(default=..., default_factory=..., repr=..., compare=...)`, `frozen` (assignment raises
`FrozenInstanceError`), `eq` (and then `__hash__` when frozen, else unhashable, as dataclasses), `order`,
`kw_only`, `repr`, `__post_init__`. `replace` and `fields` work on records and on
dataclasses alike. The rest of the code base (the mock, the scaffolder) keeps dataclasses: what they cost is
not on a path anyone waits for.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter, ge, gt, le, lt
from typing import Any, TypeVar, cast, dataclass_transform, overload

__all__ = ["FrozenInstanceError", "field", "fields", "record", "replace"]

T = TypeVar("T")
_MISSING: Any = type("_Missing", (), {"__repr__": lambda self: "MISSING"})()


class FrozenInstanceError(AttributeError):
    """An assignment to a field of a frozen record."""


class Field:
    """One field of a record, as `fields()` gives it."""

    __slots__ = ("compare", "default", "default_factory", "name", "repr")

    def __init__(self, default: Any = _MISSING, default_factory: Any = _MISSING, repr: bool = True, compare: bool = True) -> None:
        if default is not _MISSING and default_factory is not _MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] = _MISSING, repr: bool = True, compare: bool = True) -> Any:
    """As dataclasses.field: a default, or a factory called for each new record; left out of repr or comparisons."""
    return Field(default, default_factory, repr, compare)


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, frozen: bool = False, eq: bool = True, order: bool = False, kw_only: bool = False, repr: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(field,))
def record(
    cls: type[T] | None = None, /, *, frozen: bool = False, eq: bool = True, order: bool = False, kw_only: bool = False, repr: bool = True
) -> type[T] | Callable[[type[T]], type[T]]:
    """As dataclasses.dataclass, for the options above."""

    def wrap(cls: type[T]) -> type[T]:
        return _build(cls, frozen=frozen, eq=eq, order=order, kw_only=kw_only, with_repr=repr)

    return wrap if cls is None else wrap(cls)


def fields(instance_or_class: Any) -> tuple[Any, ...]:
    """The fields of a record (Field) or a dataclass (dataclasses.Field), in order; each has .name."""
    found = getattr(instance_or_class, "__record_fields__", None)
    if found is not None:
        return found
    import dataclasses

    return dataclasses.fields(instance_or_class)


def replace(instance: T, /, **changes: Any) -> T:
    """A copy of a record (or a dataclass) with some fields changed, built through its constructor."""
    found = getattr(instance, "__record_fields__", None)
    if found is None:
        import dataclasses

        return cast(T, dataclasses.replace(cast(Any, instance), **changes))
    for name in changes:
        if not any(item.name == name for item in found):
            raise TypeError(f"{type(instance).__name__} has no field {name!r}")
    values = {item.name: getattr(instance, item.name) for item in found}
    values.update(changes)
    return type(instance)(**values)


def _is_class_var(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", repr(annotation))
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _build(cls: type[T], *, frozen: bool, eq: bool, order: bool, kw_only: bool, with_repr: bool) -> type[T]:
    annotations: dict[str, Any] = vars(cls).get("__annotations__", {})  # not inspect: the point is to import less
    by_name: dict[str, Field] = {}  # a base's fields first, in its order (a field declared again keeps its place), as dataclasses
    for base in reversed(cls.__mro__[1:]):
        for item in vars(base).get("__record_fields__", ()):
            by_name[item.name] = item
        if vars(base).get("__record_kw_only__") or (kw_only and "__record_fields__" in vars(base)):
            raise TypeError(f"{cls.__name__}: records do not mix kw_only and inheritance (dataclasses decide it field by field)")
    names: dict[str, Any] = {"_MISSING": _MISSING, "_setattr": object.__setattr__}
    for name, annotation in annotations.items():
        if _is_class_var(annotation):
            continue
        default = cls.__dict__.get(name, _MISSING)
        item = default if isinstance(default, Field) else Field(default)
        item.name = name
        if isinstance(item.default, (list, dict, set)):
            raise ValueError(f"mutable default {type(item.default)} for field {name} is not allowed: use default_factory")
        by_name[name] = item
        if item.default is _MISSING:
            if name in cls.__dict__:
                delattr(cls, name)  # a field(default_factory=...) or field(): no class attribute, as dataclasses
        else:
            setattr(cls, name, item.default)
    found = list(by_name.values())
    seen_default = False
    for item in found:
        has_default = item.default is not _MISSING or item.default_factory is not _MISSING
        if seen_default and not has_default and not kw_only:
            raise TypeError(f"non-default argument {item.name!r} follows default argument")
        seen_default = seen_default or has_default

    parameters, body = [], []
    for index, item in enumerate(found):
        name = item.name
        if item.default_factory is not _MISSING:
            names[f"_factory{index}"] = item.default_factory
            parameters.append(f"{name}=_MISSING")
            value = f"_factory{index}() if {name} is _MISSING else {name}"
        elif item.default is not _MISSING:
            names[f"_default{index}"] = item.default
            parameters.append(f"{name}=_default{index}")
            value = name
        else:
            parameters.append(name)
            value = name
        body.append(f"  _setattr(self, {name!r}, {value})" if frozen else f"  self.{name} = {value}")
    if hasattr(cls, "__post_init__"):  # its own or a base's, as dataclasses
        body.append("  self.__post_init__()")
    signature = ", ".join(["self", *(["*"] if kw_only and parameters else []), *parameters])
    source = [f"def __init__({signature}):", *(body or ["  pass"])]

    exec("\n".join(source), names)  # __init__'s source is built above from the field names alone
    added: dict[str, Any] = {"__init__": names["__init__"], "__record_fields__": tuple(found), "__record_kw_only__": kw_only}
    added["__match_args__"] = () if kw_only else tuple(item.name for item in found)
    added.update(_methods(cls, found, frozen=frozen, eq=eq, order=order, with_repr=with_repr))
    # A method the class defines itself stays, as dataclasses (a __hash__ that caches, say); but the __hash__ = None
    # Python puts in a class that defines __eq__ is not the class's choice: a frozen record still gets its hash.
    own_hash = "__hash__" in cls.__dict__ and not (cls.__dict__["__hash__"] is None and "__eq__" in cls.__dict__)
    for name, value in added.items():
        if name in cls.__dict__ and not name.startswith("__record") and (name != "__hash__" or own_hash):
            continue
        if callable(value):
            value.__qualname__ = f"{cls.__qualname__}.{name}"
            value.__module__ = cls.__module__
        setattr(cls, name, value)
    return cls


def _methods(cls: type, found: list[Field], *, frozen: bool, eq: bool, order: bool, with_repr: bool) -> dict[str, Any]:
    """The methods other than __init__: closures over the field names (no exec; they run at C speed where it
    counts, the fields read by one operator.attrgetter)."""
    methods: dict[str, Any] = {}
    if with_repr:
        shown = tuple(item.name for item in found if item.repr)

        def __repr__(self: Any) -> str:
            return f"{type(self).__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in shown)})"

        methods["__repr__"] = __repr__
    compared = [item.name for item in found if item.compare]
    key: Callable[[Any], tuple[Any, ...]] = (
        attrgetter(*compared) if len(compared) > 1 else (lambda self: (getattr(self, compared[0]),)) if compared else (lambda self: ())
    )
    if eq:

        def __eq__(self: Any, other: Any) -> Any:
            if other.__class__ is not self.__class__:
                return NotImplemented
            return key(self) == key(other)

        methods["__eq__"] = __eq__
        if frozen:

            def __hash__(self: Any) -> int:
                return hash(key(self))

            methods["__hash__"] = __hash__
        elif "__hash__" not in cls.__dict__:
            methods["__hash__"] = None  # as dataclasses: a mutable record with __eq__ is unhashable
    if order:
        for name, compare in (("__lt__", lt), ("__le__", le), ("__gt__", gt), ("__ge__", ge)):
            methods[name] = _ordering(key, compare)
    if frozen:
        field_names = frozenset(item.name for item in found)

        def __setattr__(self: Any, name: str, value: Any) -> None:
            if type(self) is cls or name in field_names:
                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            object.__setattr__(self, name, value)

        def __delattr__(self: Any, name: str) -> None:
            if type(self) is cls or name in field_names:
                raise FrozenInstanceError(f"cannot delete field {name!r}")
            object.__delattr__(self, name)

        methods["__setattr__"], methods["__delattr__"] = __setattr__, __delattr__
    return methods


def _ordering(key: Callable[[Any], tuple[Any, ...]], compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return compare(key(self), key(other))

    return method
