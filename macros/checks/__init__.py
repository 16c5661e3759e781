"""Checks over the loaded catalogue: references, links and content lints."""
