"""minis_cli.records behaves as dataclasses for what it supports (each case is built both ways and compared),
and the lint path's start-up imports no dataclasses."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minis_cli import records
from minis_cli.lint.model import Diagnostic, Severity
from minis_cli.positions import Span


def both(options: dict):
    """The same class body built by dataclasses and by records."""

    def body(decorate, make_field):
        @decorate(**options)
        class Item:
            """An item."""

            limit: ClassVar[int] = 3
            name: str
            size: int = 0
            tags: list[str] = make_field(default_factory=list)
            note: str = make_field(default="", compare=False, repr=False)

        return Item

    return body(dataclasses.dataclass, dataclasses.field), body(records.record, records.field)


@pytest.mark.parametrize("options", [{}, {"frozen": True}, {"order": True}, {"frozen": True, "order": True}, {"kw_only": True}, {"eq": False}])
def test_a_record_behaves_as_the_dataclass(options):
    reference, record = both(options)
    assert [f.name for f in dataclasses.fields(reference)] == [f.name for f in records.fields(record)] == ["name", "size", "tags", "note"]
    make = (lambda cls, *a, **k: cls(**dict(zip(["name", "size"], a, strict=False)), **k)) if options.get("kw_only") else (lambda cls, *a, **k: cls(*a, **k))
    a, b = make(reference, "a", 1, note="x"), make(record, "a", 1, note="x")
    assert repr(a) == repr(b)
    assert b.tags == [] and b.tags is not make(record, "a").tags  # a new list each time
    assert record.limit == 3 and not hasattr(record, "tags")
    # equality (note is left out of it), hashing and order as the dataclass has them
    same, other = make(record, "a", 1, note="y"), make(record, "b", 1)
    assert (b == same) == (a == make(reference, "a", 1, note="y"))
    assert (b == other) is False
    assert (b.__eq__(object()) is NotImplemented) == (a.__eq__(object()) is NotImplemented)
    assert (type(b).__hash__ is None) == (type(a).__hash__ is None)
    if type(b).__hash__ is not None and options.get("frozen"):
        assert hash(records.replace(b, tags=())) == hash(records.replace(same, tags=()))  # a list field is unhashable, as in a dataclass
    if options.get("order"):
        assert (b < other) == (a < make(reference, "b", 1)) is True
    else:
        with pytest.raises(TypeError):
            _ = b < other
    if options.get("frozen"):
        with pytest.raises(records.FrozenInstanceError):
            b.name = "z"
        with pytest.raises(AttributeError):
            del b.size
    else:
        b.name = "z"
        assert b.name == "z"
    changed = records.replace(b, size=9)
    assert changed.size == 9 and changed.name == b.name and changed is not b
    assert pickle.loads(pickle.dumps(Diagnostic("a.js", Span(1, 1, 1, 2), "MN101", "m", Severity.ERROR))) == Diagnostic(
        "a.js", Span(1, 1, 1, 2), "MN101", "m", Severity.ERROR
    )


def test_the_signature_is_checked_as_dataclasses_check_it():
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        @records.record
        class Bad:
            a: int = 0
            b: int

    with pytest.raises(TypeError):
        records.replace(Diagnostic("a", None, "MN101", "m", Severity.ERROR), nope=1)
    with pytest.raises(ValueError):
        records.field(default=1, default_factory=list)

    @records.record
    class Later:
        a: int
        seen: list[int] = records.field(default_factory=list)

        def __post_init__(self) -> None:
            self.seen.append(self.a)

    assert Later(4).seen == [4]


@given(st.lists(st.tuples(st.integers(), st.integers(), st.text(max_size=3)), max_size=8))
def test_order_is_the_fields_as_a_tuple(rows):
    @dataclasses.dataclass(frozen=True, order=True)
    class Reference:
        a: int
        b: int
        c: str

    @records.record(frozen=True, order=True)
    class Record:
        a: int
        b: int
        c: str

    assert [(r.a, r.b, r.c) for r in sorted(Record(*row) for row in rows)] == [(r.a, r.b, r.c) for r in sorted(Reference(*row) for row in rows)]
    assert len({Record(*row) for row in rows}) == len({Reference(*row) for row in rows})


def test_replace_and_fields_take_dataclasses_too():
    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int
        b: int = 2

    assert records.replace(Plain(1), b=5) == Plain(1, 5)
    assert [f.name for f in records.fields(Plain)] == ["a", "b"]


def test_the_lint_path_imports_no_dataclasses():
    """The reason the module exists (minis_cli/records.py): `lint` on a small project is start-up bound."""
    code = (
        "import sys, minis_cli.cli.lint, minis_cli.lint.engine, minis_cli.lint.fixing; print(sorted(m for m in ('dataclasses', 'inspect') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_record_inherits_its_base_records_fields():
    @records.record(frozen=True)
    class Base:
        a: int
        b: int = 2

    @records.record(frozen=True)
    class Child(Base):
        c: int = 3
        a: int = 1  # declared again: keeps its place

    @dataclasses.dataclass(frozen=True)
    class ReferenceBase:
        a: int
        b: int = 2

    @dataclasses.dataclass(frozen=True)
    class ReferenceChild(ReferenceBase):
        c: int = 3
        a: int = 1

    assert [f.name for f in records.fields(Child)] == [f.name for f in dataclasses.fields(ReferenceChild)] == ["a", "b", "c"]
    assert repr(Child(b=5)).split("(", 1)[1] == repr(ReferenceChild(b=5)).split("(", 1)[1] == "a=1, b=5, c=3)"
    assert records.replace(Child(), c=9) == Child(1, 2, 9)


def test_a_method_the_class_defines_stays():
    @records.record(frozen=True)
    class Own:
        a: int

        def __hash__(self) -> int:
            return 7

        def __repr__(self) -> str:
            return "own"

    assert hash(Own(1)) == 7 and repr(Own(1)) == "own" and Own(1) == Own(1)


def test_the_corners_dataclasses_decide_too():
    @records.record(frozen=True)
    class OwnEq:
        a: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, OwnEq) and other.a % 2 == self.a % 2

    assert hash(OwnEq(1)) == hash(OwnEq(1))  # frozen: hashable, as a dataclass with its own __eq__

    @records.record
    class Base:
        a: int
        seen: list[int] = records.field(default_factory=list)

        def __post_init__(self) -> None:
            self.seen.append(self.a)

    @records.record
    class Child(Base):
        b: int = 0

    assert Child(3).seen == [3]  # a base's __post_init__ runs, as dataclasses
    with pytest.raises(ValueError, match="mutable default"):

        @records.record
        class Mutable:
            items: list = []  # noqa: RUF012

    with pytest.raises(TypeError, match="kw_only"):

        @records.record(kw_only=True)
        class Mixed(Base):
            c: int = 0
