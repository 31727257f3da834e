"""The source layer: reading a project's code, below the project and everything that checks or runs it.

Parsing (the JavaScript/TypeScript reader, the HTML scanner) and the facts about code and the page that the rest of
minis-py reads the same way: which expression is the SDK, the page's scripts and the modules they import, its SDK
tags and init calls, and the key an init call passes. Nothing here imports from the project, the checks or the
commands (docs/architecture.md)."""
