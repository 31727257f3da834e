"""`minis-py dev`: pre-flight, the mock TikTok, the project's dev script, and the preview proxy."""
