"""The page's scripts' own unit tests (tests/js/*.test.js, node's test runner), run here so
that `make test` covers them; a failure shows node's report."""

from __future__ import annotations

import os
import sys

from .node import node


def test_node_unit_tests_pass():
    out = node("--test", "--test-reporter=spec", "tests/js/", timeout=600,
               env={**os.environ, "KB_PYTHON": sys.executable})
    assert "pass" in out and "fail 0" in out, out[-4000:]
