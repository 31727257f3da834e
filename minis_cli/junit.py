"""JUnit XML, the one writer `lint --output-format junit` and `audit --output-format junit` share: a document of
test suites, each of test cases, a case passing, failing (a `failure` with its message, type and text) or skipped;
the suites' and the document's tests/failures/errors counts are added up here."""

from __future__ import annotations

from collections.abc import Iterable

from .records import record


@record(frozen=True)
class Failure:
    message: str
    type: str
    text: str


@record(frozen=True)
class Case:
    name: str
    classname: str
    failure: Failure | None = None
    skipped: str | None = None  # why it was skipped (when it did not fail)
    seconds: float | None = None  # the case's `time`


@record(frozen=True)
class Suite:
    name: str
    cases: list[Case]


def junit_xml(name: str, suites: Iterable[Suite]) -> str:
    """The document (`<testsuites name=NAME>`), indented, with its XML declaration."""
    from xml.etree import ElementTree as ET  # start-up: 3 ms, and every lint imports the junit format's module (lint/formats.py)

    root = ET.Element("testsuites", name=name)
    total = failures = 0
    for suite in suites:
        element = ET.SubElement(root, "testsuite", name=suite.name)
        fails = 0
        for case in suite.cases:
            node = ET.SubElement(element, "testcase", name=case.name, classname=case.classname)
            if case.seconds is not None:
                node.set("time", f"{case.seconds:.3f}")
            if case.failure is not None:
                ET.SubElement(node, "failure", message=case.failure.message, type=case.failure.type).text = case.failure.text
                fails += 1
            elif case.skipped is not None:
                ET.SubElement(node, "skipped", message=case.skipped)
        element.set("tests", str(len(suite.cases)))
        element.set("failures", str(fails))
        element.set("errors", "0")
        total += len(suite.cases)
        failures += fails
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
