"""`python -m minis_cli` and the `minis-py` console script."""

from __future__ import annotations

import sys


def main() -> None:
    # `minis-py --version` needs nothing but the version: answered before the CLI (typer, click) is imported,
    # so it costs a Python start-up and no more (docs/performance.md; bench/lint_bench.py measures it).
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        sys.stdout.write(f"minis-py {__version__}\n")
        sys.exit(0)
    from .cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
