"""identifier_uses finds a name by its text and keeps the tree's identifiers of exactly that span: the same nodes a
tree-sitter query for the name gives (checked here against one), in document order."""

from __future__ import annotations

from tree_sitter import Query, QueryCursor

from minis_cli.source.javascript import scripts_in
from minis_cli.source.syntax import _language, identifier_uses

JS = """// sdk in a comment
const sdk = window.TTMinis; let sdkName = 'sdk';
function use(sdk) { return sdk.login && obj.sdk && { sdk } && `${sdk}` && $sdk && sdk$ && sdk2; }
名sdk = 1; sdk = 2;
"""
TS = "type sdk = { a: number };\nconst x: sdk = { a: 1 };\nlet sdk = 3;\n"


def spans(nodes) -> list[tuple[int, int]]:
    return [(node.start_byte, node.end_byte) for node in nodes]


def by_query(script, name: str) -> list[tuple[int, int]]:
    kinds = "(identifier)" if script.dialect == "js" else "(identifier) (type_identifier)"
    query = Query(_language(script.dialect), f'([{kinds}] @use (#eq? @use "{name}"))')
    return sorted(spans(QueryCursor(query).captures(script.tree.root_node).get("use", [])))


def test_the_same_nodes_as_a_query_in_document_order() -> None:
    for path, text in (("a.js", JS), ("a.ts", TS), ("b.ts", JS)):
        (script,) = scripts_in(path, text)
        for name in ("sdk", "sdkName", "window", "obj", "login", "nothing", "名sdk"):
            found = spans(identifier_uses(script, name))
            assert found == sorted(found) and found == by_query(script, name), (path, name)


def test_not_in_strings_comments_property_names_or_longer_names() -> None:
    (script,) = scripts_in("a.js", JS)
    found = [script.data[start:end].decode() for start, end in spans(identifier_uses(script, "sdk"))]
    # the declaration, the parameter, three reads in the body (sdk.login, the template's) and `sdk = 2`; not the
    # comment, the string, obj.sdk's property, the shorthand { sdk }, $sdk, sdk$, sdk2 or 名sdk
    lines = [script.data[: node.start_byte].count(b"\n") + 1 for node in identifier_uses(script, "sdk")]
    assert found == ["sdk"] * len(found) and lines == [2, 3, 3, 3, 4]


def test_a_type_name_counts_in_typescript_only() -> None:
    (script,) = scripts_in("a.ts", TS)
    assert [node.type for node in identifier_uses(script, "sdk")] == ["type_identifier", "type_identifier", "identifier"]
