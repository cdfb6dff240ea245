"""Progress of long builds: a bar on a terminal, plain lines otherwise, nothing when quiet."""

from __future__ import annotations

import sys

import click

BAR_FROM = 2  # cases: a single case needs no bar


class Progress:
    """Reports one step per case; chooses its form from where standard error goes.

    On a terminal: a bar with position and time left. Otherwise (a log, CI): one line per
    case built or failed; unchanged cases are counted but not listed. Quiet: nothing.
    """

    def __init__(self, total: int, quiet: bool = False, stream=None):
        self.total = total
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.done = 0
        self._bar = None

    def __enter__(self) -> "Progress":
        isatty = getattr(self.stream, "isatty", None)
        if not self.quiet and self.total >= BAR_FROM and isatty is not None and isatty():
            self._bar = click.progressbar(length=self.total, label="Bygger", file=self.stream,
                                          show_pos=True, show_eta=True)
            self._bar.__enter__()
        return self

    def step(self, result) -> None:
        """Count one case's result and show it."""
        self.done += 1
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(1)
        elif result.status == "byggd":
            click.echo(f"[{self.done}/{self.total}] {result.case}: {', '.join(result.outputs)}", file=self.stream)
        elif result.status == "fel":
            click.echo(f"[{self.done}/{self.total}] {result.case}: fel (se nedan)", file=self.stream)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
