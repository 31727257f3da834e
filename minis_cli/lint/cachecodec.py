"""The lint cache's entries as plain JSON values, and back.

Only what a result holds is written (strings, numbers, lists); reading one back builds these classes and nothing
else, and any value of the wrong shape is a cache miss (ValueError), never an error of the run.
"""

from __future__ import annotations

from typing import Any

from ..fixes import Edit, Fix
from ..positions import Span
from .model import Diagnostic, Severity

_SEVERITIES = {severity.value: severity for severity in Severity}


def _str(value: Any) -> str:
    if type(value) is not str:
        raise ValueError("not a string")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise ValueError("not an integer")
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise ValueError("not a list")
    return value


def encode_diagnostic(d: Diagnostic) -> list[Any]:
    span = d.span
    fix = d.autofix
    return [
        d.path,
        None if span is None else [span.line, span.column, span.end_line, span.end_column],
        d.rule_id,
        d.message,
        d.severity.value,
        d.hint,
        None if fix is None else [fix.message, [[e.start, e.end, e.text] for e in fix.edits], fix.applicability, fix.path],
    ]


def decode_diagnostic(value: Any) -> Diagnostic:
    path, span, rule_id, message, severity, hint, fix = _list(value)
    if span is not None:
        line, column, end_line, end_column = _list(span)
        span = Span(_int(line), _int(column), _int(end_line), _int(end_column))
    if fix is not None:
        fix_message, edits, applicability, fix_path = _list(fix)
        fix = Fix(
            _str(fix_message),
            tuple(Edit(_int(start), _int(end), _str(text)) for start, end, text in map(_list, _list(edits))),
            _str(applicability),
            None if fix_path is None else _str(fix_path),
        )
    if severity not in _SEVERITIES:
        raise ValueError("unknown severity")
    return Diagnostic(path=_str(path), span=span, rule_id=_str(rule_id), message=_str(message), severity=_SEVERITIES[severity], hint=_str(hint), autofix=fix)


def encode_file_result(result: Any) -> list[Any]:
    """engine.FileResult -> JSON (its `content` is this run's bookkeeping, not kept)."""
    return [
        result.path,
        result.side,
        result.why,
        [encode_diagnostic(d) for d in result.diagnostics],
        [[line, None if ids is None else sorted(ids)] for line, ids in result.suppressed.items()],
    ]


def decode_file_result(value: Any, make: Any) -> Any:
    """JSON -> engine.FileResult (`make` is the class, passed in so that this module does not import the engine)."""
    path, side, why, diagnostics, suppressed = _list(value)
    lines: dict[int, frozenset[str] | None] = {}
    for line, ids in map(_list, _list(suppressed)):
        lines[_int(line)] = None if ids is None else frozenset(_str(i) for i in _list(ids))
    return make(_str(path), _str(side), _str(why), tuple(decode_diagnostic(d) for d in _list(diagnostics)), lines)


def encode_dependent(entry: tuple[Any, tuple[tuple[str, str | None], ...]]) -> list[Any]:
    """A file's result that depends on other files, with the digest of each as it was checked (None: not there)."""
    result, depends = entry
    return [encode_file_result(result), [[path, digest] for path, digest in depends]]


def decode_dependent(value: Any, make: Any) -> tuple[Any, tuple[tuple[str, str | None], ...]]:
    result, depends = _list(value)
    files = tuple((_str(path), None if digest is None else _str(digest)) for path, digest in map(_list, _list(depends)))
    return decode_file_result(result, make), files


def encode_page(entry: tuple[tuple[tuple[str, str | None], ...], tuple[Diagnostic, ...]]) -> list[Any]:
    """The page rules' entry: the files the page loaded with their digests, and its findings."""
    loaded, diagnostics = entry
    return [[[path, digest] for path, digest in loaded], [encode_diagnostic(d) for d in diagnostics]]


def decode_page(value: Any) -> tuple[tuple[tuple[str, str | None], ...], tuple[Diagnostic, ...]]:
    loaded, diagnostics = _list(value)
    files = []
    for path, digest in map(_list, _list(loaded)):
        files.append((_str(path), None if digest is None else _str(digest)))
    return tuple(files), tuple(decode_diagnostic(d) for d in _list(diagnostics))
