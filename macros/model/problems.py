"""Problems found in the content, reported as ``path:line: what — how to fix``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file."""

    path: str
    line: int
    what: str
    fix: str
    # a part of the record only its author can write (a stub's instruction, a quota): a
    # note while the record is a draft (``status: draft``), an error once it is published
    fill: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what} — {self.fix}"


class Problems(list):
    """An ordered collection of problems; every check appends, none stops early."""

    def add(self, path, line, what: str, fix: str, fill: bool = False) -> None:
        self.append(Problem(str(path), int(line or 1), what, fix, fill))

    def report(self) -> str:
        lines = [str(p) for p in sorted(set(self))]
        noun = "problem" if len(lines) == 1 else "problems"
        return "\n".join(lines + [f"{len(lines)} {noun} found."])


class ContentError(Exception):
    """Raised by front ends when the content has problems."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(problems.report())


class KbError(Exception):
    """One problem that stops a command: ``path:line: what — how to fix``."""

    def __init__(self, path, line, what: str, fix: str):
        self.problem = Problem(str(path), int(line or 1), what, fix)
        super().__init__(str(self.problem))

    def __str__(self) -> str:
        return str(self.problem)


def internal_error(where: str, err: BaseException) -> str:
    """The one-line message for a bug of the tool itself (never a traceback)."""
    return (f"internal error in {where} ({type(err).__name__}: {err}) — please report it "
            "with the command and the files involved (see CONTRIBUTING.md, Security)")
