"""The kb command line."""

from macros.cli.commands import main

__all__ = ["main"]
