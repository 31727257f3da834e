"""The HTML scanner and the JS position mapping."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from minis_cli.positions import LineIndex, Span
from minis_cli.source.html import scan_html, suppressions
from minis_cli.source.javascript import Script, capture_calls

capture_calls(("eval",))  # as the lint engine hands the reader the rules' call names (MN401's eval), for every test here


def names(html: str) -> list[str]:
    return [e.name for e in scan_html(html).elements]


def test_markup_inside_raw_text_comments_and_attributes_is_not_an_element() -> None:
    html = (
        "<!-- <script src=a.js></script> -->"
        "<title><iframe></title><textarea><video></textarea>"
        "<style>/* <script> */</style>"
        "<div title=\"<script>\" data-x='<iframe>'>"
        "<script>document.write('<iframe>')</script>"
    )
    assert names(html) == ["style", "script"]


def test_attributes_unquoted_bare_duplicate_and_entities() -> None:
    element = scan_html('<SCRIPT Src=a.js defer type="module" src=b.js data-x="&amp;&#x41;">').elements[0]
    assert element.name == "script"
    assert element.get("src") == "a.js"
    assert element.get("defer") == ""
    assert element.get("type") == "module"
    assert element.get("data-x") == "&A"


def test_script_content_range_and_end_tag_case() -> None:
    html = "<script>a < b && c</SCRIPT >rest"
    doc = scan_html(html)
    element = doc.elements[0]
    assert html[element.content_start : element.content_end] == "a < b && c"


def test_unterminated_comment_and_tag_do_not_crash() -> None:
    assert names("<p><!-- open <script>") == []
    assert names('<script src="x') == []


def test_inline_script_positions_map_to_the_html_file() -> None:
    html = "<p>héllo</p>\n<script>\n  const é = 1; eval(x)\n</script>"
    doc = scan_html(html)
    element = doc.elements[0]
    script = Script(html[element.content_start : element.content_end], "js", element.content_start, doc.index, "index.html")
    (call,) = script.calls_to("eval")
    assert script.span(call.node) == Span(3, 16, 3, 23)


def test_first_line_of_an_inline_script_keeps_the_tag_offset() -> None:
    html = "<html><script>eval(1)</script>"
    doc = scan_html(html)
    element = doc.elements[0]
    script = Script(html[element.content_start : element.content_end], "js", element.content_start, doc.index)
    assert script.span(script.calls[0].node) == Span(1, 15, 1, 22)


def test_suppressions_cover_their_line_and_the_next() -> None:
    text = "a\n// minis-py: ignore MN401, MN403\nb\n<!-- minis-py: ignore -->\nc; // minis-py: ignore MN404\n"
    covered = suppressions(text)
    assert covered == {3: frozenset({"MN401", "MN403"}), 5: None}
    assert suppressions("x\ny; /* minis-py: ignore MN401 */\n") == {2: frozenset({"MN401"})}


def test_line_index_positions() -> None:
    index = LineIndex("ab\ncd\n")
    assert index.position(0) == (1, 1)
    assert index.position(3) == (2, 1)
    assert index.position(6) == (3, 1)
    assert index.line_text(2) == "cd"


def test_dotted_names_strip_globals_and_see_through_indirection() -> None:
    script = Script("window.TTMinis.init({}); globalThis.eval(x); (0, eval)(y); window['eval'](z); a.b().c();")
    assert [c.callee for c in script.calls] == ["TTMinis.init", "eval", "eval", "eval"]


# The scanner's pattern as it was written with re.IGNORECASE (alternatives in their first order): the faster
# one in source/html.py must find the same elements.
_A = r"""(?:[^>=]++|=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))*+>"""
_I = "script|style|iframe|link|video|base"
_R = "textarea|title|xmp|noembed|noframes"
_REFERENCE = (
    r"(?:[^<]++|<(?![A-Za-z!?/])|<[!?/](?!--)[^>]*+>"
    + "".join(rf"|<{raw}(?=[\s/>]){_A}(?:[^<]++|<(?!/{raw}[\s/>]))*+" for raw in _R.split("|"))
    + rf"|<(?!(?:{_I}|{_R})[\s/>])[A-Za-z][^\s/>]*+{_A})*+"
    + rf"(?:(?P<comment><!--)|<(?P<name>{_I})(?=[\s/>])(?P<attrs>{_A}))"
)

HTML_PIECES = [
    "<",
    ">",
    "/",
    "!",
    "?",
    "-",
    "--",
    "<!--",
    "-->",
    "=",
    '"',
    "'",
    " ",
    "\n",
    "x",
    "a",
    "<p>",
    "</p>",
    "<div class=a>",
    "<script",
    "<SCRIPT",
    "<Script",
    "<ſcript",
    "<scrıpt",
    "<scrİpt",
    "</script>",
    "</SCRİPT>",
    "<style",
    "</style>",
    "<iframe",
    "<lınk",
    "<lin\u212a",
    "<link",
    "<video",
    "<base",
    "<textarea",
    "<tıtle",
    "<title",
    "</title>",
    "</textarea>",
    "<xmp",
    "</xmp>",
    "<noembed",
    "<noframes",
    "<br/>",
    "<!doctype html>",
    "<?x?>",
    "<1",
    "<\u212a",
    "<ı",
    "src=a.js",
    "rel=stylesheet",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(HTML_PIECES), max_size=40).map("".join))
def test_the_scanner_finds_what_the_case_insensitive_pattern_found(html: str) -> None:
    import re

    from minis_cli.source import html as sources

    fast = scan_html(html).elements
    reference = (re.compile(_REFERENCE, re.I | re.S), sources._scanner()[1])
    original = sources._scanner
    try:
        sources._scanner = lambda: reference  # type: ignore[assignment]
        expected = scan_html(html).elements
    finally:
        sources._scanner = original  # type: ignore[assignment]
    assert fast == expected


def test_caseless_classes_match_what_ignorecase_matches_on_every_code_point() -> None:
    import re

    from minis_cli.source.html import _LETTER, _caseless

    every = "".join(map(chr, range(0x110000)))
    for pattern, explicit in [("[A-Za-z]", _LETTER), *((c, _caseless(c)) for c in "abcdefghijklmnopqrstuvwxyz")]:
        assert re.findall(pattern, every, re.I) == re.findall(explicit, every), pattern
