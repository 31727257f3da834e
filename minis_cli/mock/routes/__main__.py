"""`python -m minis_cli.mock.routes --markdown`: the mock's API reference (routes/table.py), as Markdown, on stdout."""

from __future__ import annotations

import argparse

from .table import api_reference_markdown

parser = argparse.ArgumentParser(prog="python -m minis_cli.mock.routes", description=__doc__)
parser.add_argument("--markdown", action="store_true", help="print the API reference as Markdown (the default)")
parser.parse_args()
print(api_reference_markdown(), end="")
