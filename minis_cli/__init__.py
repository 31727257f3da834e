"""minis-py: a command-line toolchain for TikTok Minis."""

__version__ = "0.1.0"
