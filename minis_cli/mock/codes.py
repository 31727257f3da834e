"""TikTok's error codes that the mock answers with from more than one module, each named once."""

from __future__ import annotations

# minis-error-codes: "Invalid parameters". The v2 Minis APIs' code for a missing or bad parameter (as a string in
# error.code), and the SDK's error_code for one (as a number).
INVALID_PARAMS = "40001000"
