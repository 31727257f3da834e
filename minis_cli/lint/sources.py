"""Moved to minis_cli/source/html.py (issue 32: the source layer). This name stays only for code written against the old
path that is not in the repository yet (the language server, issue 34); import from minis_cli.source.html instead."""

from ..source.html import scan_html as scan_html
from ..source.html import suppressions as suppressions
