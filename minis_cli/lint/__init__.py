"""The check engine: rules over a Project, producing Diagnostics."""
